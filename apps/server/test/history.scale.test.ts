import { describe, expect, it } from "vitest";
import { seedHistory } from "../src/domain/history/seed.ts";
import { historyMarks, measureHistory } from "../bench/history-figures.ts";
import { at, countOf, credentialsSetup, rowsOf } from "./helpers.ts";

/**
 * The fast version of the 5,000,000-row check (run that one with `pnpm bench:history`): the
 * History tab's first, filtered and deep pages answer in under 50 ms, and CSV export streams
 * with flat memory.
 */
const ROWS = 250_000;

describe(`history with ${ROWS.toLocaleString("en")} rows`, async () => {
  const t = await credentialsSetup();
  const { credentialIds } = await seedHistory(t.store.repos, { rows: ROWS, credentials: 500, now: t.clock() });
  const figures = await measureHistory(
    t.call,
    await historyMarks((query, params) => rowsOf(t.store, query, params), credentialIds[0] ?? ""),
    credentialIds[0] ?? "",
  );
  process.stdout.write(`history figures at ${ROWS} rows: ${JSON.stringify(figures)}\n`);

  it.each(Object.entries(figures.pages))("answers %s in under 50 ms (median)", (_name, figure) => {
    expect(figure.rows).toBeGreaterThan(0);
    expect(figure.medianMs).toBeLessThan(50);
  });

  it("exports CSV with flat memory", () => {
    expect(figures.export.rows).toBe(ROWS);
    expect(figures.export.bytes).toBeGreaterThan(15_000_000);
    // Holding the file would take more heap than the file's size (JS strings are UTF-16); streaming
    // holds a batch or two (measured after a collection: under 1 MB on either database).
    expect(figures.export.peakHeapGrowthBytes, `heap grew ${figures.export.peakHeapGrowthBytes} bytes`).toBeLessThan(figures.export.bytes / 4);
  });

  it("prunes old rows in batches", async () => {
    const { pruneHistory } = await import("../src/domain/history/retention.ts");
    const old = `created_at < ${at(t.store, t.clock() - 30 * 86_400_000)}`;
    const [before, total] = [await countOf(t.store, "api_history", old), await countOf(t.store, "api_history")];
    expect(before).toBeGreaterThan(100_000);
    const removed = await pruneHistory(t.store.repos, t.clock(), 30);
    expect(await countOf(t.store, "api_history", old)).toBe(0);
    expect(await countOf(t.store, "api_history")).toBe(total - before);
    // SQLite deletes them all in batches of 5,000; PostgreSQL drops the whole months first.
    if (t.store.kind === "sqlite") expect(removed.rows).toBe(before);
    else expect(removed.months.length).toBeGreaterThan(0);
  });
});
