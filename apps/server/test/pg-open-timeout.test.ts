import { afterEach, describe, expect, it, vi } from "vitest";
import { answeredInTime, type PgSql } from "../src/db/pg/client.ts";

afterEach(() => vi.useRealTimers());

// A review's find: `db copy --to` a host that never answers ran for minutes, as postgres.js
// tries such a host again each time its connect timeout ends.
describe("opening PostgreSQL on a host that never answers", () => {
  it("fails after 10 s and ends the pool, rather than wait for ever", async () => {
    vi.useFakeTimers();
    const end = vi.fn<() => Promise<void>>(async () => {});
    const opening = answeredInTime({ end } as unknown as PgSql, new Promise(() => {})).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(end).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(await opening).toMatchObject({ message: "the database server did not answer within 10 s" });
    expect(end).toHaveBeenCalledWith({ timeout: 0 });
  });

  it("hands back what the first connection answered in time", async () => {
    const end = vi.fn<() => Promise<void>>(async () => {});
    expect(await answeredInTime({ end } as unknown as PgSql, Promise.resolve("reserved"))).toBe("reserved");
    expect(end).not.toHaveBeenCalled();
  });
});
