import type { Logger } from "../../logger.ts";
import type { PgSql } from "./client.ts";

/** A change whose transaction committed late is still picked up if it began this recently. */
const OVERLAP_SECONDS = 10;

/**
 * Reads the auth changes (see schema/auth-changes.ts) committed since the last look and names
 * their credentials to `changed`. Identity values are handed out at insert, not at commit, so a
 * row may appear behind one already read: every look also rereads the last ten seconds, and an
 * id is reported once.
 */
export async function authChangeReader(sql: PgSql, changed: (credentialId: string) => void) {
  const [start] = await sql<{ last: string | null }[]>`select max(id)::text as last from auth_changes`;
  let last = Number(start?.last ?? 0);
  const reported = new Map<number, number>();
  return async function readChanges(now: number) {
    const rows = await sql<{ id: string; credential_id: string }[]>`
      select id::text, credential_id from auth_changes
      where id > ${last} or at > now() - make_interval(secs => ${OVERLAP_SECONDS}) order by id`;
    for (const row of rows) {
      const id = Number(row.id);
      if (reported.has(id)) continue;
      reported.set(id, now);
      changed(row.credential_id);
      if (id > last) last = id;
    }
    for (const [id, at] of reported) if (now - at > 2 * OVERLAP_SECONDS * 1000) reported.delete(id);
  };
}

/** The daily cleanup: the log only has to reach instances that look every second. */
export const pruneAuthChanges = (sql: PgSql) => sql`delete from auth_changes where at < now() - interval '1 day'`;

/**
 * Reads every second; a database that does not answer is logged once, and again when it does.
 * `answered` hears each outcome (GET /healthz reports the last one).
 */
export function watchAuthChanges(read: (now: number) => Promise<void>, clock: () => number, logger: Logger, answered: (ok: boolean) => void) {
  let away = false;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    read(clock())
      .then(() => {
        answered(true);
        if (away) logger.info("the database answers again: changes from other instances are read again");
        away = false;
      })
      .catch((error: unknown) => {
        answered(false);
        if (!away) logger.warn("cannot read changes from other instances: the database is not answering", { error: String(error) });
        away = true;
      })
      .finally(() => {
        running = false;
      });
  }, 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
