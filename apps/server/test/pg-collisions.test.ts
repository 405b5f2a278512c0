import { DrizzleQueryError } from "drizzle-orm/errors";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { PgDb, PgSql } from "../src/db/pg/client.ts";
import { pgRepositories } from "../src/db/pg/repositories.ts";
import { ApiError } from "../src/lib/api-error.ts";
import { loggable } from "../src/middleware/errors.ts";

const serializationFailure = () => Object.assign(new Error("could not serialize access due to read/write dependencies"), { code: "40001" });

afterEach(() => vi.useRealTimers());
// The pool of single-statement transactions, which these tests do not reach.
const serial = {} as PgSql;

describe("PostgreSQL transactions that keep colliding", () => {
  // A review's find: 40 changes to one key at once through two instances outlasted the retries
  // and answered 500.
  it("are tried again, then answered 409 with Retry-After, not 500", async () => {
    vi.useFakeTimers();
    let attempts = 0;
    const db = {
      transaction: async () => {
        attempts += 1;
        throw new DrizzleQueryError('update "credentials" set "status" = $1', ["disabled"], serializationFailure());
      },
    } as unknown as PgDb;
    const done = pgRepositories(db, serial)
      .transaction(async () => "never")
      .catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    const error = await done;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "conflict", status: 409, headers: { "retry-after": "1" } });
    expect(attempts).toBe(20);
  });

  it("give up at once on any other error", async () => {
    const db = { transaction: async () => Promise.reject(Object.assign(new Error("duplicate key"), { code: "23505" })) } as unknown as PgDb;
    await expect(pgRepositories(db, serial).transaction(async () => "never")).rejects.toMatchObject({ code: "23505" });
  });
});

describe("a failed statement in the log", () => {
  it("names the statement and the database's reason, never its parameters", () => {
    const hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    const line = loggable(new DrizzleQueryError('update "credentials" set "key_hash" = $1', [hash, "$argon2id$v=19$m=19456"], serializationFailure()));
    expect(line).toContain('Failed query: update "credentials" set "key_hash" = $1');
    expect(line).toContain("could not serialize access");
    expect(line).not.toContain(hash);
    expect(line).not.toContain("argon2");
  });
});
