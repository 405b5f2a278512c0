import { createApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { DatabaseOpenError } from "./db/client.ts";
import { closeDatabase, openDatabase } from "./db/store.ts";
import { holdServerLock } from "./db/server-lock.ts";
import { createDeps, openServerKey, settleDeps } from "./deps.ts";
import { ensureFirstOwner, type FirstOwner } from "./domain/admin/first-owner.ts";
import { seedDemoData } from "./domain/catalog/demo-data.ts";
import { startBackgroundJobs } from "./jobs.ts";
import { ApiError } from "./lib/api-error.ts";
import { systemClock } from "./lib/clock.ts";
import { createLogger } from "./logger.ts";
import { startHttpServer } from "./http-server.ts";

function fail(message: string): never {
  process.stderr.write(`gatehouse: ${message}\n`);
  process.exit(1);
}

async function start() {
  let config;
  let store;
  try {
    config = loadConfig();
    store = await openDatabase(config);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DatabaseOpenError) fail(error.message);
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  if (store.kind === "sqlite") {
    // Tells `db restore` that this database is in use (see db/server-lock.ts).
    const serverLock = holdServerLock(config.DATABASE_PATH);
    process.on("exit", () => serverLock.release());
  } else if (!config.REDIS_URL) {
    logger.warn(
      "PostgreSQL without REDIS_URL: rate limits, login and sign-in throttles and signing nonces' fast path are per instance; " +
        "with several instances set REDIS_URL so they are shared",
    );
  }
  let deps;
  try {
    deps = createDeps(config, store, systemClock, logger, await openServerKey(config, store.repos));
  } catch (error) {
    // A server key that cannot open the stored signing secrets stops the start, saying so.
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  try {
    const firstOwner = await ensureFirstOwner(store.repos, systemClock(), config.ADMIN_USERNAME, config.ADMIN_PASSWORD);
    if (firstOwner) announceFirstOwner(firstOwner);
  } catch (error) {
    if (error instanceof ApiError) fail(`Cannot create the first owner (ADMIN_USERNAME=${config.ADMIN_USERNAME}): ${error.message}`);
    throw error;
  }
  if (config.DEMO_DATA && (await seedDemoData(store.repos, systemClock()))) logger.info("seeded the demo catalog and orders");
  await deps.redis?.start();
  await deps.changes.start();
  const jobs = startBackgroundJobs(deps);
  const app = createApp(deps);

  const server = startHttpServer(app.fetch, config.PORT, config.HOST, (info) => {
    const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
    process.stdout.write(`Gatehouse is running at http://${host}:${info.port}\n`);
  });
  server.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EADDRINUSE") fail(`Port ${config.PORT} on ${config.HOST} is already in use; set PORT to a free port`);
    if (error.code === "EACCES") fail(`Not allowed to listen on ${config.HOST}:${config.PORT}; choose a port above 1023`);
    if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND") fail(`HOST ${config.HOST} is not an address of this machine`);
    fail(error.message);
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      jobs.stop();
      // The last history flush, issued tokens not yet written, and what that flush showed (a new
      // address, a denied spike) reach the database before it closes.
      void settleDeps(deps).finally(() => {
        void closeDatabase(store)
          .catch(() => {})
          .finally(() => {
            void deps.redis?.stop();
            process.exit(0);
          });
      });
    };
    server.close(finish);
    // Keep-alive connections would hold close() open; give in-flight requests a moment.
    setTimeout(finish, 3000).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

/**
 * Printed once, on stderr. stdout carries the JSON log, which gets collected and shipped; stderr
 * is the stream for the person at the console. Not /dev/tty: under Docker, systemd or CI there is
 * none, and the only copy of the password would be lost. Unattended setups set ADMIN_PASSWORD.
 */
function announceFirstOwner({ username, generatedPassword }: FirstOwner) {
  const lines = generatedPassword
    ? [
        `Created the first owner account "${username}" with this password (shown only now):`,
        "",
        `    ${generatedPassword}`,
        "",
        "Sign in and keep it somewhere safe.",
      ]
    : [`Created the first owner account "${username}" with the password from ADMIN_PASSWORD.`];
  process.stderr.write(`\n${lines.join("\n")}\n\n`);
}

await start();
