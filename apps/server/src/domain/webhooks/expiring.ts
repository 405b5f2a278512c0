import type { Repositories } from "../../db/repositories.ts";
import { DAY, toIso } from "../../lib/time.ts";
import { anyEndpointWants, raiseEvent } from "./events.ts";

export const EXPIRING_AHEAD_MS = 14 * DAY;

/** Thrown to roll a warning's mark back when no endpoint took its event after all. */
class NoOneListening extends Error {}

/**
 * Raises `credential.expiring` for live keys expiring within 14 days, once per key and expiry
 * date (a key whose expiry is moved gets one more warning for the new date). A key is marked only
 * when an endpoint got its event, so one added later still hears of it. Instances running this
 * together warn once: the mark is a unique row, written in the event's transaction. Returns how many.
 */
export async function raiseExpiringEvents(repos: Repositories, now: number): Promise<number> {
  if (!(await anyEndpointWants(repos, "credential.expiring"))) return 0;
  let raised = 0;
  for (const key of await repos.webhooks.expiringCredentials(now, now + EXPIRING_AHEAD_MS)) {
    const data = { credential_id: key.id, username: key.username, expires_at: toIso(key.expiresAt), days_left: Math.ceil((key.expiresAt - now) / DAY) };
    try {
      const warned = await repos.transaction(async (tx) => {
        if (!(await tx.webhooks.markOnce(key.id, `expiring:${key.expiresAt}`, now))) return false;
        if ((await raiseEvent(tx, now, "credential.expiring", data)) === null) throw new NoOneListening();
        return true;
      });
      if (warned) raised += 1;
    } catch (error) {
      if (!(error instanceof NoOneListening)) throw error;
    }
  }
  return raised;
}
