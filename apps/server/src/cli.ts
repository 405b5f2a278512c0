import { existsSync } from "node:fs";
import { loadConfig } from "./config.ts";
import { closeDatabase, openDatabase } from "./db/store.ts";
import { createDeps, openServerKey } from "./deps.ts";
import { adminCommand, adminUsage } from "./cli/admin.ts";
import { dbCommand, dbUsage } from "./cli/db.ts";
import { explain, print } from "./cli/io.ts";
import { keyCommand, keyUsage } from "./cli/keys.ts";
import { webhookCommand, webhookUsage } from "./cli/webhooks.ts";
import { systemClock } from "./lib/clock.ts";
import { createLogger } from "./logger.ts";

const usage = `Usage: pnpm gatehouse <command>

${adminUsage}
${keyUsage}
${webhookUsage}
${dbUsage}
`;

type Command = { usage: string } & (
  | { run: (deps: ReturnType<typeof createDeps>, args: string[]) => Promise<void> }
  | { runOnFile: (config: ReturnType<typeof loadConfig>, args: string[]) => Promise<void> }
);
const commands = new Map<string, Command>([
  ["admin", { run: adminCommand, usage: adminUsage }],
  ["key", { run: keyCommand, usage: keyUsage }],
  ["webhook", { run: webhookCommand, usage: webhookUsage }],
  // Runs without opening the store: it works on the database file itself (see cli/db.ts).
  ["db", { runOnFile: dbCommand, usage: dbUsage }],
]);
const helpFor = (group: string, command: Command) => `Usage: pnpm gatehouse ${group} …\n\n${command.usage}\n`;

/** --help or -h anywhere before a "--": every command answers it, without touching the database. */
const asksForHelp = (args: string[]) => {
  const end = args.indexOf("--");
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === "--help" || arg === "-h");
};

async function main(argv: string[]) {
  const [group, ...args] = argv;
  if (!group || group === "help" || asksForHelp([group])) {
    const topic = group === "help" && args[0] ? commands.get(args[0]) : undefined;
    print(topic && args[0] ? helpFor(args[0], topic) : usage);
    return;
  }
  const command = commands.get(group);
  if (!command) throw new Error(`Unknown command "${group}".\n\n${usage}`);
  if (asksForHelp(args)) {
    print(helpFor(group, command));
    return;
  }
  const config = loadConfig();
  if ("runOnFile" in command) return command.runOnFile(config, args);
  // A mistyped DATABASE_PATH made a new, empty database without a word (a review's find): said now.
  const made = !config.DATABASE_URL && !existsSync(config.DATABASE_PATH);
  const store = await openDatabase(config);
  if (made) process.stderr.write(`gatehouse: there was no database at ${config.DATABASE_PATH}; a new, empty one was made (check DATABASE_PATH)\n`);
  try {
    await command.run(createDeps(config, store, systemClock, createLogger("silent"), await openServerKey(config, store.repos)), args);
  } finally {
    await closeDatabase(store);
  }
}

const fail = (error: unknown) => {
  process.stderr.write(`gatehouse: ${explain(error)}\n`);
  process.exitCode = 1;
};
// A driver's own promise that fails (postgres.js reading types as it connects, under a
// statement_timeout of 1 ms in a review) is one line too, not a stack trace.
process.on("unhandledRejection", (error) => {
  fail(error);
  process.exit();
});
main(process.argv.slice(2)).catch(fail);
