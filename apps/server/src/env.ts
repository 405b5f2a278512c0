import type { HttpBindings } from "@hono/node-server";
import type { Config } from "./config.ts";
import type { Store } from "./db/client.ts";
import type { Clock } from "./lib/clock.ts";
import type { Logger } from "./logger.ts";

/** What every route and domain function may depend on; tests build their own. */
export type AppDeps = {
  config: Config;
  store: Store;
  clock: Clock;
  logger: Logger;
};

export type AppEnv = {
  Bindings: Partial<HttpBindings>;
  Variables: {
    requestId: string;
    clientIp: string;
  };
};
