import { deniedOutcomes } from "@gatehouse/shared";
import type { Statement } from "better-sqlite3";
import type { BucketCount, EntryFilter, HistoryEntry, HistoryRepository, KeyList, SeedEntry } from "../../domain/history/repository.ts";
import type { Sqlite } from "../client.ts";
import type { Synchronous } from "../repositories.ts";

const deniedSql = `(${deniedOutcomes.map((outcome) => `'${outcome}'`).join(", ")})`;

// Named as HistoryEntry's fields, so rows need no copying on the way out (a CSV export reads millions).
const entrySelect = `select h.id, h.credential_id as credentialId, h.username, c.username as credentialUsername,
  c.deleted_at as credentialDeletedAt, h.call, h.ip, h.outcome, h.status, h.user_agent as userAgent,
  h.last_request_id as lastRequestId, h.count, h.created_at as createdAt, h.updated_at as updatedAt
  from api_history h left join credentials c on c.id = h.credential_id`;

/**
 * The conditions of a filter. Each is an equality or a range on an indexed column, so SQLite
 * answers from one index whatever the page.
 */
function entryWhere(filter: EntryFilter): { sql: string; params: (string | number)[] } {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  const whose: string[] = [];
  if (filter.credentialIds) {
    whose.push(`h.credential_id in (${filter.credentialIds.map(() => "?").join(", ")})`);
    params.push(...filter.credentialIds);
  }
  if (filter.attemptedUsername !== undefined) {
    whose.push("(h.credential_id is null and lower(h.username) = lower(?))");
    params.push(filter.attemptedUsername);
  }
  if (whose.length > 0) parts.push(`(${whose.join(" or ")})`);
  for (const [column, value] of [
    ["h.call = ?", filter.call],
    ["h.ip = ?", filter.ip],
    ["h.outcome = ?", filter.outcome],
    ["h.created_at >= ?", filter.addedFrom],
    ["h.updated_at >= ?", filter.from],
    ["h.created_at <= ?", filter.to],
  ] as const) {
    if (value === undefined) continue;
    parts.push(column);
    params.push(value);
  }
  return { sql: parts.length ? parts.join(" and ") : "1 = 1", params };
}

/** The history on better-sqlite3: the statements the domain ran itself before the seam. */
export function sqliteHistory(sqlite: Sqlite): Synchronous<HistoryRepository> {
  // Filtered lists and allow lists vary in shape; each shape is prepared once. The shapes are
  // few (which filters are set, how many ids), and the cache stops growing past a bound.
  const prepared = new Map<string, Statement>();
  const statement = (text: string) => {
    let found = prepared.get(text);
    if (!found) {
      found = sqlite.prepare(text);
      if (prepared.size < 500) prepared.set(text, found);
    }
    return found;
  };
  const namedIds = sqlite.prepare("select id from credentials where lower(username) = lower(?)").pluck();
  // better-sqlite3 binds a JS number as REAL, so "hour / ?" did not round down: the 7- and 30-day
  // charts only counted calls in an hour that began a bucket. % works on integers.
  const perBucket = sqlite.prepare(
    `select hour - hour % ? as bucket, outcome, sum(calls) as calls from api_history_hourly
     where credential_id = ? and hour >= ? group by bucket, outcome`,
  );
  const totals = sqlite.prepare(
    `select coalesce(sum(calls), 0) as calls, coalesce(sum(case when outcome in ${deniedSql} then calls else 0 end), 0) as denied
     from api_history_hourly where credential_id = ? and hour >= ?`,
  );
  const topDenied = sqlite.prepare(
    `select ip, sum(count) as calls from api_history where outcome in ${deniedSql} and created_at >= ? group by ip order by calls desc, ip limit ?`,
  );
  /** The first few live keys matching `where`, and how many match in all (the card says "and N more"). */
  const keyList = <Row>(columns: string, where: string, orderBy: string) => {
    const live = `from credentials where deleted_at is null and ${where}`;
    const rows = sqlite.prepare(`select ${columns} ${live} order by ${orderBy} limit ?`);
    const count = sqlite.prepare(`select count(*) ${live}`).pluck();
    return (params: number[], limit: number): KeyList<Row> => {
      const found = rows.all(...params, limit) as Row[];
      return { rows: found, count: found.length < limit ? found.length : (count.get(...params) as number) };
    };
  };
  const unused = keyList<{ id: string; username: string; lastUsedAt: number | null; createdAt: number }>(
    "id, username, last_used_at as lastUsedAt, created_at as createdAt",
    "created_at < ? and (last_used_at is null or last_used_at < ?)",
    "coalesce(last_used_at, 0), username",
  );
  const expiring = keyList<{ id: string; username: string; expiresAt: number }>(
    "id, username, expires_at as expiresAt",
    "expires_at > ? and expires_at <= ?",
    "expires_at, username",
  );
  const neverUsed = keyList<{ id: string; username: string; createdAt: number }>(
    "id, username, created_at as createdAt",
    "last_used_at is null and (expires_at is null or expires_at > ?)",
    "created_at, username",
  );
  const insertCredential = sqlite.prepare(
    `insert or ignore into credentials (id, username, key_hash, key_prefix, status, scopes, created_at, updated_at)
     values (?, ?, ?, 'gk_Seed0', 'enabled', '["products:read"]', ?, ?)`,
  );
  const insertEntry = sqlite.prepare(
    "insert into api_history (credential_id, username, call, ip, outcome, status, user_agent, count, created_at, updated_at) values (?, ?, ?, ?, ?, ?, 'seed/1.0', ?, ?, ?)",
  );
  const insertEntries = sqlite.transaction((rows: SeedEntry[]) => {
    for (const row of rows) insertEntry.run(row.credentialId, row.username, row.call, row.ip, row.outcome, row.status, row.count, row.at, row.at + 1000);
  });
  const insertHour = sqlite.prepare(
    "insert into api_history_hourly (hour, credential_id, outcome, calls) values (?, ?, ?, ?) on conflict (hour, credential_id, outcome) do update set calls = calls + excluded.calls",
  );
  const pruneBatch = sqlite.prepare("delete from api_history where rowid in (select rowid from api_history where created_at < ? limit ?)");
  const pruneHours = sqlite.prepare("delete from api_history_hourly where hour < ?");

  return {
    entries: (filter, after, limit) => {
      const where = entryWhere(filter);
      const keyset = after ? " and (h.created_at, h.id) < (?, ?)" : "";
      const params = after ? [...where.params, after.createdAt, after.id] : where.params;
      return statement(`${entrySelect} where ${where.sql}${keyset} order by h.created_at desc, h.id desc limit ?`).all(...params, limit) as HistoryEntry[];
    },
    credentialIdsNamed: (username) => namedIds.all(username) as string[],
    allowLists: (credentialIds) => {
      const lists = new Map<string, string[]>(credentialIds.map((id) => [id, []]));
      if (credentialIds.length === 0) return lists;
      const entries = statement(
        `select credential_id, entry from allowed_ips where credential_id in (${credentialIds.map(() => "?").join(", ")}) order by credential_id, position`,
      ).all(...credentialIds) as { credential_id: string; entry: string }[];
      for (const { credential_id, entry } of entries) lists.get(credential_id)?.push(entry);
      return lists;
    },
    callsPerBucket: (credentialId, since, bucketMs) => perBucket.all(bucketMs, credentialId, since) as BucketCount[],
    callTotals: (credentialId, since) => totals.get(credentialId, since) as { calls: number; denied: number },
    topDeniedAddresses: (since, limit) => topDenied.all(since, limit) as { ip: string; calls: number }[],
    unusedKeys: (cutoff, limit) => unused([cutoff, cutoff], limit),
    expiringKeys: (now, until, limit) => expiring([now, until], limit),
    neverUsedKeys: (now, limit) => neverUsed([now], limit),
    seedCredentials: (ids, at) => {
      sqlite.transaction(() => {
        ids.forEach((id, n) => insertCredential.run(id, `seed-${n}`, `seedhash${n}`, at, at));
      })();
    },
    seedEntries: (rows) => {
      // Bulk loads are several times faster with the indexes built once at the end.
      const indexes = sqlite.prepare("select name, sql from sqlite_master where type = 'index' and tbl_name = 'api_history' and sql is not null").all() as {
        name: string;
        sql: string;
      }[];
      for (const index of indexes) sqlite.exec(`drop index ${index.name}`);
      let batch: SeedEntry[] = [];
      for (const row of rows) {
        batch.push(row);
        if (batch.length === 50_000) {
          insertEntries(batch);
          batch = [];
        }
      }
      insertEntries(batch);
      for (const index of indexes) sqlite.exec(index.sql);
    },
    addHourly: (hours) => {
      sqlite.transaction(() => {
        for (const { hour, credentialId, outcome, calls } of hours) insertHour.run(hour, credentialId, outcome, calls);
      })();
    },
    pruneEntries: (cutoff, batch) => ({ rows: pruneBatch.run(cutoff, batch).changes, months: [] }),
    pruneHourly: (hour) => pruneHours.run(hour).changes,
  };
}
