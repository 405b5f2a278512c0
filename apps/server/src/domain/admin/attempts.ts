import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { auditLog } from "../../db/schema/index.ts";
import { HOUR, MINUTE } from "../../lib/time.ts";
import { recordAuditSync } from "../audit.ts";

/** Attempts less than this far apart fold into one row (as history folds identical calls). */
const FOLD_GAP_MS = MINUTE;
/** …but one row never spans more than this, so the log still shows when a flood went on. */
const FOLD_SPAN_MS = HOUR;
// Enough for every username × address pair a throttled attacker can still reach in a minute.
const MAX_OPEN_ROWS = 20_000;

type OpenRow = { id: number; firstAt: number; lastAt: number };

/**
 * Failed and throttled sign-ins, folded: the same username, address and reason within a minute
 * add to one audit row's count instead of writing a row each. Without this, 5,000
 * unauthenticated attempts wrote 5,000 rows (~1,500 a second).
 */
export function signInAttemptLog(db: Db) {
  const open = new Map<string, OpenRow>();
  return {
    failed(now: number, attempt: { username: string; ip: string; actorId: string | null; reason: string }) {
      const foldKey = `${attempt.username.toLowerCase()}\n${attempt.ip}\n${attempt.reason}`;
      const row = open.get(foldKey);
      if (row && now - row.lastAt < FOLD_GAP_MS && now - row.firstAt < FOLD_SPAN_MS) {
        row.lastAt = now;
        const { changes } = db
          .update(auditLog)
          .set({ count: sql`${auditLog.count} + 1`, lastAt: now })
          .where(eq(auditLog.id, row.id))
          .run();
        if (changes === 1) return;
      }
      if (open.size >= MAX_OPEN_ROWS) open.clear();
      const id = recordAuditSync(
        db,
        now,
        { id: attempt.actorId, name: attempt.username, ip: attempt.ip },
        {
          action: "sign_in_failed",
          targetType: "session",
          targetName: attempt.username,
          after: { reason: attempt.reason },
        },
      );
      open.set(foldKey, { id, firstAt: now, lastAt: now });
    },
  };
}

export type SignInAttemptLog = ReturnType<typeof signInAttemptLog>;
