import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "./helpers.ts";
import { freshDatabase, testDatabaseUrl } from "./pg/databases.ts";
import { runCli } from "./run-cli.ts";

const redisUrl = process.env.TEST_REDIS_URL;

// A review's find: a CLI disable of a key reached the instances only through the change log,
// read once a second, where an instance's own change reaches the others over Redis at once.
describe.runIf(testDatabaseUrl && redisUrl)("the CLI on PostgreSQL with Redis", () => {
  const listener = new Redis(redisUrl ?? "");
  afterAll(() => listener.quit());

  it("tells the instances of the key it created, disabled or deleted over Redis, as an instance does", { timeout: 60_000 }, async () => {
    const database = await freshDatabase();
    const env = { DATABASE_URL: database.url, REDIS_URL: redisUrl ?? "" };
    const path = join(tempDir(), "unused.sqlite");
    const heard: string[] = [];
    await listener.subscribe("gatehouse:credential-changes");
    listener.on("message", (_channel: string, message: string) => heard.push(message));
    try {
      const made = runCli(path, ["key", "create", "--username", "erp-sync", "--json"], "", env);
      expect(made.status).toBe(0);
      const id = (JSON.parse(made.stdout) as { credential: { id: string } }).credential.id;
      expect(runCli(path, ["key", "disable", "erp-sync"], "", env)).toMatchObject({ status: 0, stderr: "" });
      expect(runCli(path, ["key", "list"], "", env).status).toBe(0);
      expect(runCli(path, ["key", "delete", "erp-sync"], "", env).status).toBe(0);
      await expect.poll(() => heard).toEqual([`cli ${id}`, `cli ${id}`, `cli ${id}`]);
    } finally {
      await database.drop();
    }
  });
});
