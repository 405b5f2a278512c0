import { openStore } from "../src/db/client.ts";
import { createAdminUser } from "../src/domain/admin/users.ts";
import { createCredential } from "../src/domain/credentials/write.ts";
import { seedHistory } from "../src/domain/history/seed.ts";
import { seedDemoData } from "../src/domain/catalog/demo-data.ts";
import { generateKeyPairSync } from "node:crypto";
import { openSecretBox } from "../src/lib/secret-box.ts";

/** The bench database: 10,000 credentials, 1,000,000 history rows, a bench key and an admin. */
export async function prepareDatabase(path: string) {
  const store = openStore(path);
  const now = Date.now();
  await seedDemoData(store.repos, now);
  await seedHistory(store.repos, { rows: 1_000_000, credentials: 10_000, now });
  const actor = { id: null, name: "bench", ip: "local" };
  const issued = await createCredential(
    { repos: store.repos, now, actor, changed: () => {} },
    { username: "bench-api", status: "enabled", scopes: ["products:read"], expiresAt: null, rateLimit: null, allowedIps: [{ entry: "127.0.0.1", note: "" }] },
  );
  // Two keys whose calls are signed (Optional: they log in unsigned), each way.
  const secrets = openSecretBox(undefined, path, null);
  const pair = generateKeyPairSync("ed25519");
  const signingKey = (username: string, signing: Parameters<typeof createCredential>[1]["signing"]) =>
    createCredential(
      { repos: store.repos, now, actor, changed: () => {}, secrets },
      { username, status: "enabled", scopes: ["products:read"], expiresAt: null, rateLimit: null, allowedIps: [{ entry: "127.0.0.1", note: "" }], signing },
    );
  const ed25519 = await signingKey("bench-ed25519", {
    mode: "optional",
    alg: "ed25519",
    publicKey: pair.publicKey.export({ type: "spki", format: "pem" }).toString(),
  });
  const hmac = await signingKey("bench-hmac", { mode: "optional", alg: "hmac-sha256" });
  const admin = { username: "bench-admin", password: "bench-password-123" };
  await createAdminUser(store.repos, now, actor, { ...admin, role: "owner" });
  store.sqlite.close();
  return {
    key: issued.key,
    username: "bench-api",
    admin,
    signed: {
      ed25519: { username: "bench-ed25519", key: ed25519.key, signing: { privateKeyPem: pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString() } },
      hmac: { username: "bench-hmac", key: hmac.key, signing: { secret: hmac.signingSecret ?? "" } },
    },
  };
}
