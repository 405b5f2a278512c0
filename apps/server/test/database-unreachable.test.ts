import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { isDatabaseUnreachable } from "../src/db/unreachable.ts";
import { freePort } from "./processes.ts";

describe("telling an unreachable database from a bad request", () => {
  it("knows a refused connection, however deep it is wrapped", async () => {
    const sql = postgres(`postgres://postgres@127.0.0.1:${await freePort()}/gatehouse`, { connect_timeout: 1, max: 1, onnotice: () => {} });
    const error: unknown = await sql`select 1`.then(
      () => null,
      (failure: unknown) => failure,
    );
    await sql.end();
    expect(isDatabaseUnreachable(error)).toBe(true);
    expect(isDatabaseUnreachable(new Error("Failed query", { cause: error }))).toBe(true);
  });

  it("knows PostgreSQL's own shutdown and connection states", () => {
    for (const code of ["57P01", "57P03", "08006", "53300"]) expect(isDatabaseUnreachable(Object.assign(new Error("x"), { code }))).toBe(true);
  });

  it("leaves every other failure alone (a unique violation is a conflict, a syntax error a bug)", () => {
    for (const code of ["23505", "42601", "40001"]) expect(isDatabaseUnreachable(Object.assign(new Error("x"), { code }))).toBe(false);
    expect(isDatabaseUnreachable(new TypeError("x"))).toBe(false);
    expect(isDatabaseUnreachable("ECONNREFUSED")).toBe(false);
  });
});
