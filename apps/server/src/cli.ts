import { loadConfig } from "./config.ts";
import { openStore } from "./db/client.ts";
import { createDeps } from "./deps.ts";
import { adminCommand, adminUsage } from "./cli/admin.ts";
import { explain, print } from "./cli/io.ts";
import { keyCommand, keyUsage } from "./cli/keys.ts";
import { systemClock } from "./lib/clock.ts";
import { createLogger } from "./logger.ts";

const usage = `Usage: pnpm gatehouse <command>

${adminUsage}
${keyUsage}
`;

const commands: Record<string, (deps: ReturnType<typeof createDeps>, args: string[]) => Promise<void>> = {
  admin: adminCommand,
  key: keyCommand,
};

async function main(argv: string[]) {
  const [group, ...args] = argv;
  if (!group || group === "help" || group === "--help") {
    print(usage);
    return;
  }
  const command = commands[group];
  if (!command) throw new Error(`Unknown command "${group}".\n\n${usage}`);
  const config = loadConfig();
  const store = openStore(config.DATABASE_PATH);
  try {
    await command(createDeps(config, store, systemClock, createLogger("silent")), args);
  } finally {
    store.sqlite.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`gatehouse: ${explain(error)}\n`);
  process.exitCode = 1;
});
