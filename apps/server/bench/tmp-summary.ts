import { openPgStore } from "../src/db/pg/client.ts";
const { repos, sql } = await openPgStore("postgres://postgres@127.0.0.1:5432/gatehouse_history_bench");
const [{ at }] = await sql`select max(created_at) as at from api_history`;
const now = Date.parse(String(at));
const DAY = 86_400_000;
const parts: Record<string, () => Promise<unknown>> = {
  totals: () => repos.history.callTotals("*", now - 23 * 3_600_000),
  top: () => repos.history.topDeniedAddresses(now - DAY, 5),
  unused: () => repos.history.unusedKeys(now - 90 * DAY, 10),
  expiring: () => repos.history.expiringKeys(now, now + 14 * DAY, 10),
  never: () => repos.history.neverUsedKeys(now, 10),
};
for (const [name, run] of Object.entries(parts)) {
  const t: number[] = [];
  for (let i = 0; i < 9; i++) { const s = performance.now(); await run(); t.push(performance.now() - s); }
  console.log(name, t.sort((a, b) => a - b)[4]?.toFixed(1));
}
await sql.end();
