import { randomBytes } from "node:crypto";
import { secretBoxWith } from "../src/lib/secret-box.ts";
import { openStore } from "../src/db/client.ts";
import { AuthCache } from "../src/domain/auth/cache.ts";
import { createCredential } from "../src/domain/credentials/write.ts";
import { verifyKey } from "../src/domain/auth/verify-key.ts";

const median = (values: number[]) => Math.round(values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0);

/**
 * Nanoseconds per key check for an unknown username and for a wrong key, measured in
 * interleaved batches so both see the same machine; a timing attack would need them to differ.
 */
export async function keyCheckTiming(batches = 60, perBatch = 2000) {
  const store = openStore(":memory:");
  const now = Date.now();
  const make = (username: string) =>
    createCredential(
      { repos: store.repos, now, actor: { id: null, name: "bench", ip: "local" }, changed: () => {} },
      { username, status: "enabled", scopes: [], expiresAt: null, rateLimit: null, allowedIps: [] },
    );
  const real = await make("timing-real");
  const other = await make("timing-other");
  const cache = new AuthCache(store.repos, () => now, secretBoxWith(randomBytes(32), "bench"));
  // Both names are loaded first: the batches measure the cached check, as the hot path runs it.
  await verifyKey(cache, "timing-nobody", real.key, now);
  await verifyKey(cache, "timing-real", other.key, now);
  const cases = { unknownUsername: () => verifyKey(cache, "timing-nobody", real.key, now), wrongKey: () => verifyKey(cache, "timing-real", other.key, now) };
  const samples: Record<keyof typeof cases, number[]> = { unknownUsername: [], wrongKey: [] };
  for (let batch = 0; batch < batches; batch += 1) {
    for (const name of Object.keys(cases) as (keyof typeof cases)[]) {
      const started = process.hrtime.bigint();
      for (let n = 0; n < perBatch; n += 1) cases[name]();
      samples[name].push(Number(process.hrtime.bigint() - started) / perBatch);
    }
  }
  store.sqlite.close();
  const unknownUsername = median(samples.unknownUsername);
  const wrongKey = median(samples.wrongKey);
  return { unknownUsernameNs: unknownUsername, wrongKeyNs: wrongKey, differenceNs: Math.abs(unknownUsername - wrongKey) };
}
