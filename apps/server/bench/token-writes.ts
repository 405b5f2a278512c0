/**
 * `pnpm --filter @gatehouse/server bench:tokens [batches]`: what storing an issued token costs,
 * login's largest item of ours. Writes batches of 10,000 tokens (about a second of logins under
 * `pnpm bench`) through the SQLite token repository into a small database, as the flush does,
 * and prints µs a token for each batch: the cost grows with the table, whose primary key is
 * random. See README "Performance".
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { openStore } from "../src/db/client.ts";
import { sha256 } from "../src/lib/hash.ts";
import { prepareSmallDatabase } from "./small-database.ts";

const batches = Number(process.argv[2] ?? 8);
const { folder, databasePath, username } = await prepareSmallDatabase("gatehouse-tokens-");
const store = openStore(databasePath);
const credential = store.sqlite.prepare("select id, key_hash as keyHash from credentials where username = ?").get(username) as { id: string; keyHash: string };
const now = Date.now();
const perToken: number[] = [];
for (let batch = 1; batch <= batches; batch += 1) {
  const tokens = Array.from({ length: 10_000 }, () => ({
    tokenHash: sha256(randomBytes(32).toString("base64url")),
    credentialId: credential.id,
    keyHash: credential.keyHash,
    ip: "127.0.0.1",
    createdAt: now,
    expiresAt: now + 3_600_000,
  }));
  const started = performance.now();
  const written = await store.repos.tokens.insertIfCredentialValid(tokens, now);
  if (written.length !== tokens.length) throw new Error(`wrote ${written.length} of ${tokens.length} tokens`);
  perToken.push(((performance.now() - started) * 1000) / tokens.length);
  process.stdout.write(`batch ${batch} (${batch * 10_000} tokens stored): ${perToken.at(-1)?.toFixed(2)} µs a token, commit included\n`);
}
const median = perToken.toSorted((a, b) => a - b)[Math.floor(perToken.length / 2)] ?? 0;
process.stdout.write(`median ${median.toFixed(2)} µs a token\n`);
store.sqlite.close();
rmSync(folder, { recursive: true, force: true });
