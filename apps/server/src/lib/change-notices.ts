import { randomBytes } from "node:crypto";
import type { Logger } from "../logger.ts";
import type { SharedRedis } from "./shared-redis.ts";

const CHANNEL = "gatehouse:credential-changes";

export type ChangeNotices = {
  /** Tells the other instances that this one committed a change to a credential. */
  publish(credentialId: string): void;
  start(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Credential changes announced between instances over Redis pub/sub, so every instance drops
 * its cached copy within milliseconds. Best effort: a notice lost while Redis is away is made up
 * by the database's own change log (read once a second), and after Redis returns the whole cache
 * is dropped, since notices may have been missed meanwhile.
 */
export function redisChangeNotices(redis: SharedRedis, logger: Logger, on: { changed: (credentialId: string) => void; missedSome: () => void }): ChangeNotices {
  const self = randomBytes(6).toString("hex");
  // A subscribed connection can do nothing else: it is a second one, as lenient as the first.
  const subscriber = redis.client.duplicate();
  let lost = false;
  subscriber.on("message", (_channel: string, message: string) => {
    const [from, credentialId] = message.split(" ", 2);
    if (from !== self && credentialId) on.changed(credentialId);
  });
  subscriber.on("error", () => {
    lost = true;
  });
  subscriber.on("close", () => {
    lost = true;
  });
  subscriber.on("ready", () => {
    // Subscribing again is harmless, and covers a Redis that was not there at start.
    subscriber.subscribe(CHANNEL).catch(() => {});
    if (!lost) return;
    lost = false;
    on.missedSome();
  });
  return {
    publish: (credentialId) => {
      if (!redis.available()) return;
      redis.client.publish(CHANNEL, `${self} ${credentialId}`).catch((error: unknown) => {
        logger.debug("a change notice was not sent", { error: String(error) });
      });
    },
    start: async () => {
      await subscriber.connect().catch(() => {
        lost = true;
      });
    },
    stop: async () => {
      await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}

/**
 * For a process that changes credentials and then exits (the CLI): tells the instances at once,
 * as an instance does, instead of leaving them to the change log's next read, up to a second
 * later (a review measured a CLI disable of a key obeyed 0.06–1.03 s later).
 */
export async function announceChanges(redis: SharedRedis, credentialIds: ReadonlySet<string>) {
  if (credentialIds.size === 0) return;
  await redis.start();
  if (redis.available()) await Promise.all([...credentialIds].map((id) => redis.client.publish(CHANNEL, `cli ${id}`).catch(() => 0)));
  await redis.stop();
}
