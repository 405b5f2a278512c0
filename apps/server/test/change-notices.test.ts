import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisChangeNotices } from "../src/lib/change-notices.ts";
import { sharedRedis } from "../src/lib/shared-redis.ts";
import { createLogger } from "../src/logger.ts";
import { freePort, startRedis, stopped } from "./processes.ts";
import type { ChildProcess } from "node:child_process";

const until = async (condition: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** Two instances' notices on a Redis of the test's own, which the test stops and starts again. */
describe("change notices between instances", () => {
  let port: number;
  let redis: ChildProcess;
  const logger = createLogger("silent");
  const heard = { a: [] as string[], b: [] as string[], missed: 0 };
  const make = (into: string[]) => {
    const shared = sharedRedis(`redis://127.0.0.1:${port}`, logger);
    const notices = redisChangeNotices(shared, logger, { changed: (id) => into.push(id), missedSome: () => (heard.missed += 1) });
    return { shared, notices };
  };
  let a: ReturnType<typeof make>;
  let b: ReturnType<typeof make>;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    a = make(heard.a);
    b = make(heard.b);
    for (const instance of [a, b]) {
      await instance.shared.start();
      await instance.notices.start();
    }
  });
  afterAll(async () => {
    for (const instance of [a, b]) {
      await instance.notices.stop();
      await instance.shared.stop();
    }
    redis.kill("SIGKILL");
  });

  it("reach the other instance, not the one that sent them", async () => {
    a.notices.publish("cred_1");
    await until(() => heard.b.length === 1);
    expect(heard.b).toEqual(["cred_1"]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard.a).toEqual([]);
  });

  it("after Redis went away and came back, say that some may have been missed, and flow again", async () => {
    redis.kill("SIGKILL");
    await stopped(redis);
    a.notices.publish("cred_lost");
    redis = await startRedis(port);
    await until(() => heard.missed === 2 && a.shared.available() && b.shared.available(), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    b.notices.publish("cred_2");
    await until(() => heard.a.includes("cred_2"));
    expect(heard.b).not.toContain("cred_lost");
  });
});
