import { and, eq, gt, isNull, lte } from "drizzle-orm";
import { WRITE, type Db } from "../../db/client.ts";
import { credentials, webhookOnce } from "../../db/schema/index.ts";
import { DAY, toIso } from "../../lib/time.ts";
import { anyEndpointWantsSync, raiseEventSync } from "./events.ts";

export const EXPIRING_AHEAD_MS = 14 * DAY;

/**
 * Raises `credential.expiring` for live keys expiring within 14 days, once per key and expiry
 * date (a key whose expiry is moved gets one more warning for the new date). A key is marked only
 * when an endpoint got its event, so one added later still hears of it. Returns how many.
 */
export function raiseExpiringEvents(db: Db, now: number): number {
  if (!anyEndpointWantsSync(db, "credential.expiring")) return 0;
  const soon = db
    .select({ id: credentials.id, username: credentials.username, expiresAt: credentials.expiresAt })
    .from(credentials)
    .where(and(isNull(credentials.deletedAt), gt(credentials.expiresAt, now), lte(credentials.expiresAt, now + EXPIRING_AHEAD_MS)))
    .all();
  let raised = 0;
  for (const key of soon) {
    const expiresAt = key.expiresAt ?? 0;
    const mark = `expiring:${expiresAt}`;
    db.transaction(() => {
      if (
        db
          .select()
          .from(webhookOnce)
          .where(and(eq(webhookOnce.credentialId, key.id), eq(webhookOnce.mark, mark)))
          .get()
      )
        return;
      const data = { credential_id: key.id, username: key.username, expires_at: toIso(expiresAt), days_left: Math.ceil((expiresAt - now) / DAY) };
      if (raiseEventSync(db, now, "credential.expiring", data) === null) return;
      db.insert(webhookOnce).values({ credentialId: key.id, mark, createdAt: now }).run();
      raised += 1;
    }, WRITE);
  }
  return raised;
}
