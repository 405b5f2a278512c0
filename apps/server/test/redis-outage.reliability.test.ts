import type { ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { integrationSetup, jsonOf } from "./helpers.ts";
import { overHttp } from "./over-http.ts";
import { freePort, startRedis } from "./processes.ts";

/**
 * Redis goes away under load and comes back: the instance answers every call (no 5xx), falls back
 * to its own limits, says so once in the log and on /healthz, and shares limits again after.
 * Runs its own Redis on a free port (where Redis is installed: TEST_REDIS_URL is set).
 */
let redis: ChildProcess | null = null;
const startOwnRedis = async (port: number) => {
  redis = await startRedis(port);
};
afterAll(() => redis?.kill("SIGKILL"));

const waitFor = async (check: () => Promise<boolean>, ms: number) => {
  for (const started = Date.now(); Date.now() - started < ms;) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
};

describe.runIf(process.env.TEST_REDIS_URL)("Redis stopped and restarted under load", () => {
  it("keeps answering without a 5xx, falls back to local limits, and rejoins", async () => {
    const port = await freePort();
    await startOwnRedis(port);
    const t = await integrationSetup(undefined, { TRUSTED_PROXIES: "127.0.0.1", REDIS_URL: `redis://127.0.0.1:${port}` });
    await t.deps.redis?.start();
    const http = await overHttp(t.deps);
    const live = await t.credential({ allowedIps: [{ entry: "*" }], rateLimit: 30 });
    const call = () => http.send("GET", "/api/v1/session", { basic: [live.username, live.key], ip: "198.51.100.1" });
    const health = async () => (await jsonOf<{ redis?: string }>(await http.send("GET", "/healthz"))).redis;
    try {
      expect(await health()).toBe("ok");
      const before = await call();
      expect(before.status).toBe(200);
      expect(before.headers.get("ratelimit-remaining")).toBe("29");

      redis?.kill("SIGKILL");
      const during: number[] = [];
      for (let n = 0; n < 40; n += 1) during.push((await call()).status);
      // This instance's own limit holds meanwhile: 30 a minute, counted afresh.
      expect(during.filter((status) => status === 200)).toHaveLength(30);
      expect(during.filter((status) => status === 429)).toHaveLength(10);
      expect(await health()).toBe("unavailable");
      const outage = t.lines.filter((line) => line.includes("Redis is unavailable"));
      expect(outage).toHaveLength(1);

      await startOwnRedis(port);
      expect(await waitFor(async () => (await health()) === "ok", 10_000)).toBe(true);
      // Shared again: the local allowance is spent, so a 200 can only come from Redis (a new one,
      // which kept nothing on disk, so its count starts over).
      const after = await call();
      expect(after.status).toBe(200);
      expect(after.headers.get("ratelimit-remaining")).toBe("29");
      expect(t.lines.filter((line) => line.includes("Redis is back"))).toHaveLength(1);
    } finally {
      http.close();
      await t.deps.redis?.stop();
    }
  }, 30_000);
});
