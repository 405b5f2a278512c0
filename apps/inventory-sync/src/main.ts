import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { GatehouseClient, IntegrationError } from "./client.ts";
import { syncStock } from "./sync.ts";

/**
 * Usage: GATEHOUSE_URL=http://127.0.0.1:3000 GATEHOUSE_USERNAME=inventory-sync GATEHOUSE_KEY=gk_...
 *        pnpm --filter @gatehouse/inventory-sync start stock.json
 * stock.json maps SKUs to the warehouse's counts: {"MUG-LOGO": 80}
 * With Request signing on, also GATEHOUSE_SIGNING_KEY_FILE=private.pem (ed25519) or
 * GATEHOUSE_SIGNING_SECRET=gs_... (hmac-sha256): every call is then signed.
 */
async function main() {
  const { GATEHOUSE_URL: baseUrl = "http://127.0.0.1:3000", GATEHOUSE_USERNAME: username, GATEHOUSE_KEY: key } = process.env;
  const file = process.argv[2];
  if (!username || !key || !file) {
    process.stderr.write("Set GATEHOUSE_USERNAME and GATEHOUSE_KEY (keep the key in your secret store), and name a stock file.\n");
    return 2;
  }
  // pnpm runs this inside the package folder; a relative path means the folder you ran it from.
  const warehouse = JSON.parse(readFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), file), "utf8")) as Record<string, number>;
  const { GATEHOUSE_SIGNING_KEY_FILE: keyFile, GATEHOUSE_SIGNING_SECRET: secret } = process.env;
  const signing = keyFile ? { privateKeyPem: readFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), keyFile), "utf8") } : secret ? { secret } : undefined;
  const client = new GatehouseClient({ baseUrl, username, key, log: (line) => process.stderr.write(`${line}\n`), ...(signing ? { signing } : {}) });
  try {
    const result = await syncStock(client, warehouse);
    for (const change of result.updated) process.stdout.write(`Updated ${change.sku}: ${change.from} → ${change.to}\n`);
    process.stdout.write(
      `${result.updated.length} updated, ${result.unchanged} already right, ${result.unknown.length} unknown SKUs${result.unknown.length ? ` (${result.unknown.join(", ")})` : ""}.\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`inventory-sync: ${error instanceof IntegrationError ? error.message : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main();
