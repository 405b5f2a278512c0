import { anyAddressOf } from "@gatehouse/shared";
import type { Repositories } from "../../db/repositories.ts";
import { perMinuteBudget } from "../../lib/flood-budget.ts";
import { HOUR, MINUTE } from "../../lib/time.ts";

/** Attempts less than this far apart fold into one row (as history folds identical calls). */
const FOLD_GAP_MS = MINUTE;
/** …but one row never spans more than this, so the log still shows when a flood went on. */
const FOLD_SPAN_MS = HOUR;
// Enough for every username × address pair a throttled attacker can still reach in a minute.
const MAX_OPEN_ROWS = 20_000;
/** Rows of their own that failed sign-ins may start a minute; the rest fold as from any address. */
export const FAILURES_KEPT_APART_PER_MINUTE = 100;

/** The row being folded into: its id is a promise, so attempts arriving while it is written wait for it. */
type OpenRow = { id: Promise<number>; firstAt: number; lastAt: number };

export type FailedAttempt = { username: string; ip: string; actorId: string | null; reason: string };

/**
 * Failed and throttled sign-ins, folded: the same username, address and reason within a minute
 * add to one audit row's count instead of writing a row each. Without this, 5,000
 * unauthenticated attempts wrote 5,000 rows (~1,500 a second). Each instance folds into rows of
 * its own; several instances on one PostgreSQL write a row each per flood, not a row per attempt.
 * A flood from many addresses is bounded too: past 100 rows of their own in a minute on one
 * account (or on unknown usernames), the rest of that minute's are recorded under `0.0.0.0/0` or
 * `::/0`. Repeats that fold into an admitted row (one throttled address) cost nothing.
 */
const foldKeyOf = (attempt: FailedAttempt) => `${attempt.username.toLowerCase()}\n${attempt.ip}\n${attempt.reason}`;

export function signInAttemptLog(repos: Repositories) {
  const open = new Map<string, OpenRow>();
  const keptApart = perMinuteBudget(FAILURES_KEPT_APART_PER_MINUTE);

  const startRow = (foldKey: string, now: number, attempt: FailedAttempt) => {
    if (open.size >= MAX_OPEN_ROWS) open.clear();
    const id = repos.audit.record(
      now,
      { id: attempt.actorId, name: attempt.username, ip: attempt.ip },
      { action: "sign_in_failed", targetType: "session", targetName: attempt.username, after: { reason: attempt.reason } },
    );
    const row: OpenRow = { id, firstAt: now, lastAt: now };
    // Set before the row is written, so a parallel attempt folds into it instead of adding one.
    open.set(foldKey, row);
    return id.catch((error: unknown) => {
      if (open.get(foldKey) === row) open.delete(foldKey);
      throw error;
    });
  };

  // Counted for each account apart (and once for unknown usernames): a flood of made-up names
  // cannot hide where the attempts on a real account come from.
  const failed = (now: number, attempt: FailedAttempt) =>
    fold(now, keptApart(now, attempt.actorId ?? "", foldKeyOf(attempt)) ? attempt : { ...attempt, ip: anyAddressOf(attempt.ip) });

  const fold = async (now: number, attempt: FailedAttempt): Promise<void> => {
    const foldKey = foldKeyOf(attempt);
    const row = open.get(foldKey);
    if (row && now - row.lastAt < FOLD_GAP_MS && now - row.firstAt < FOLD_SPAN_MS) {
      row.lastAt = now;
      const folded = await row.id.then(
        (id) => repos.admins.foldAttempt(id, now),
        () => false,
      );
      if (folded) return;
      // The row is gone (pruned) or was never written. A parallel attempt may have started the
      // next one meanwhile: fold into that; otherwise start it.
      if (open.get(foldKey) !== row) return fold(now, attempt);
    }
    await startRow(foldKey, now, attempt);
  };
  return { failed };
}

export type SignInAttemptLog = ReturnType<typeof signInAttemptLog>;
