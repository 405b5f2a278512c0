/**
 * The full-size history check: `pnpm bench:history [rows]` (default 5,000,000) seeds a
 * throwaway database, then times the History tab's pages and streams a CSV export of about
 * 1,000,000 rows while sampling the heap. CI runs the same measurements on 250,000 rows
 * (apps/server/test/history.scale.test.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../src/config.ts";
import { openStore } from "../src/db/client.ts";
import { createDeps } from "../src/deps.ts";
import { createAdminUser } from "../src/domain/admin/users.ts";
import { seedHistory } from "../src/domain/history/seed.ts";
import { createApp } from "../src/app.ts";
import { createLogger } from "../src/logger.ts";
import { systemClock } from "../src/lib/clock.ts";
import { measureHistory, historyMarks, sqliteRows } from "./history-figures.ts";

const rows = Number(process.argv[2] ?? 5_000_000);
const folder = mkdtempSync(join(tmpdir(), "gatehouse-history-bench-"));
const config = loadConfig({ DATABASE_PATH: join(folder, "bench.sqlite"), LOG_LEVEL: "silent" });
const store = openStore(config.DATABASE_PATH);
const deps = createDeps(config, store, systemClock, createLogger("silent"));
const app = createApp(deps);

process.stdout.write(`Seeding ${rows.toLocaleString("en")} history rows…\n`);
let started = performance.now();
const { credentialIds } = await seedHistory(store.repos, { rows, credentials: 1000, now: Date.now() });
process.stdout.write(`Seeded in ${Math.round((performance.now() - started) / 1000)} s\n`);

await createAdminUser(store.repos, Date.now(), { id: null, name: "bench", ip: "local" }, { username: "bench", role: "owner", password: "bench-password-123" });
const signIn = await app.request("/api/admin/session", {
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify({ username: "bench", password: "bench-password-123" }),
});
const cookie = signIn.headers.get("set-cookie")?.split(";")[0] ?? "";
const call = (method: string, path: string) => app.request(path, { method, headers: { Cookie: cookie } });

// About one fifth of the rows: the most recent 18 of 89 days.
const from = new Date(Date.now() - 18 * 86_400_000).toISOString();
started = performance.now();
const figures = await measureHistory(
  call,
  await historyMarks(sqliteRows(store.sqlite), credentialIds[0] ?? ""),
  credentialIds[0] ?? "",
  `?from=${encodeURIComponent(from)}`,
);
const result = { rows, ...figures, rssMb: Math.round(process.memoryUsage().rss / 1e6) };
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(process.cwd(), "history-bench.json"), JSON.stringify(result, null, 2));
store.sqlite.close();
rmSync(folder, { recursive: true, force: true });
