import { describe, expect, it } from "vitest";
import { seedHistory } from "../src/domain/history/seed.ts";
import { measureHistory, sqliteMarks } from "../bench/history-figures.ts";
import { credentialsSetup, sqliteOf } from "./helpers.ts";

/**
 * The fast version of the 5,000,000-row check (run that one with `pnpm bench:history`): the
 * History tab's first, filtered and deep pages answer in under 50 ms, and CSV export streams
 * with flat memory.
 */
const ROWS = 250_000;

describe(`history with ${ROWS.toLocaleString("en")} rows`, async () => {
  const t = await credentialsSetup();
  const { credentialIds } = await seedHistory(t.store.repos, { rows: ROWS, credentials: 500, now: t.clock() });
  const figures = await measureHistory(t.call, sqliteMarks(sqliteOf(t.store), credentialIds[0] ?? ""), credentialIds[0] ?? "");
  process.stdout.write(`history figures at ${ROWS} rows: ${JSON.stringify(figures)}\n`);

  it.each(Object.entries(figures.pages))("answers %s in under 50 ms (median)", (_name, figure) => {
    expect(figure.rows).toBeGreaterThan(0);
    expect(figure.medianMs).toBeLessThan(50);
  });

  it("exports CSV with flat memory", () => {
    expect(figures.export.rows).toBe(ROWS);
    expect(figures.export.bytes).toBeGreaterThan(15_000_000);
    // Holding the file would take more heap than the file's size (JS strings are UTF-16); streaming
    // keeps the growth below it, with room for the garbage collector's timing under a busy suite.
    expect(figures.export.peakHeapGrowthBytes, `heap grew ${figures.export.peakHeapGrowthBytes} bytes`).toBeLessThan(figures.export.bytes);
  });

  it("prunes old rows in batches", async () => {
    const { pruneHistory } = await import("../src/domain/history/retention.ts");
    const removed = await pruneHistory(t.store.repos, t.clock(), 30);
    expect(removed.rows).toBeGreaterThan(100_000);
    expect(
      sqliteOf(t.store)
        .prepare("select count(*) as n from api_history where created_at < ?")
        .get(t.clock() - 30 * 86_400_000),
    ).toEqual({ n: 0 });
  });
});
