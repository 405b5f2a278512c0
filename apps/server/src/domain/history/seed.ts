import { apiCalls, type ApiOutcome } from "@gatehouse/shared";
import type { Repositories } from "../../db/repositories.ts";
import { DAY, HOUR } from "../../lib/time.ts";
import type { SeedEntry } from "./repository.ts";
import { STORE_WIDE } from "./sqlite-recorder.ts";

export type SeedOptions = { rows: number; credentials: number; now: number; spanDays?: number; seed?: number };

const outcomes: [ApiOutcome, number][] = [
  ["ok", 0.84],
  ["unauthorized", 0.04],
  ["ip_not_allowed", 0.04],
  ["invalid_token", 0.03],
  ["insufficient_scope", 0.02],
  ["rate_limited", 0.02],
  ["disabled", 0.005],
  ["expired", 0.005],
];

/** A small deterministic PRNG so seeded data is the same on every run. */
function mulberry32(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Fills the database with `credentials` credentials and `rows` history rows spread evenly over
 * the last `spanDays` days, oldest first (as the recorder writes them), plus the hourly
 * roll-up that matches them. The same options give the same rows on either database. For
 * benchmarks and the history scale tests.
 */
export async function seedHistory(repos: Repositories, options: SeedOptions) {
  const random = mulberry32(options.seed ?? 42);
  const span = (options.spanDays ?? 89) * DAY;
  const start = options.now - span;
  const ids = Array.from({ length: options.credentials }, (_, n) => `cred_seed${String(n).padStart(7, "0")}`);
  await repos.history.seedCredentials(ids, start);

  const hourly = new Map<string, number>();
  const pick = (): ApiOutcome => {
    let roll = random();
    for (const [outcome, share] of outcomes) if ((roll -= share) <= 0) return outcome;
    return "ok";
  };
  function* entries(): Generator<SeedEntry> {
    for (let n = 0; n < options.rows; n += 1) {
      const at = start + Math.floor((n / options.rows) * span);
      const outcome = pick();
      const unknown = outcome === "unauthorized" && random() < 0.3;
      const credential = unknown ? null : (ids[Math.floor(random() ** 2 * ids.length)] ?? null);
      const ip = outcome === "ok" ? `10.0.${Math.floor(random() * 4)}.${Math.floor(random() * 250) + 1}` : `203.0.113.${Math.floor(random() * 250) + 1}`;
      const count = 1 + Math.floor(random() * 5);
      const call = apiCalls[Math.floor(random() * apiCalls.length)] ?? "session";
      for (const bucket of [credential ?? "", STORE_WIDE]) {
        const key = `${at - (at % HOUR)}\u0000${bucket}\u0000${outcome}`;
        hourly.set(key, (hourly.get(key) ?? 0) + count);
      }
      yield { credentialId: credential, username: unknown ? `guess-${n % 97}` : null, call, ip, outcome, status: outcome === "ok" ? 200 : 401, count, at };
    }
  }
  await repos.history.seedEntries(entries());
  await repos.history.addHourly(
    [...hourly].map(([key, calls]) => {
      const [hour, credentialId, outcome] = key.split("\u0000");
      return { hour: Number(hour), credentialId: credentialId ?? "", outcome: outcome ?? "ok", calls };
    }),
  );
  return { credentialIds: ids };
}
