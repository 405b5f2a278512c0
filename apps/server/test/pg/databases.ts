import { randomBytes } from "node:crypto";
import postgres from "postgres";

/** PostgreSQL for the tests: set by .ci/run on machines that run it, as TEST_REDIS_URL is for Redis. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL;

/**
 * A database of its own for one test, created on TEST_DATABASE_URL's server and dropped by the
 * returned function, so test files never see each other's rows.
 */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!testDatabaseUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `gatehouse_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const again = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}
