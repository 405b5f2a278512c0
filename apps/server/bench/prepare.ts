import { openStore } from "../src/db/client.ts";
import { createAdminUser } from "../src/domain/admin/users.ts";
import { createCredential } from "../src/domain/credentials/write.ts";
import { seedHistory } from "../src/domain/history/seed.ts";
import { seedDemoData } from "../src/domain/catalog/demo-data.ts";

/** The bench database: 10,000 credentials, 1,000,000 history rows, a bench key and an admin. */
export async function prepareDatabase(path: string) {
  const store = openStore(path);
  const now = Date.now();
  seedDemoData(store.db, now);
  seedHistory(store.sqlite, { rows: 1_000_000, credentials: 10_000, now });
  const actor = { id: null, name: "bench", ip: "local" };
  const issued = createCredential(
    { db: store.db, now, actor, changed: () => {} },
    { username: "bench-api", status: "enabled", scopes: ["products:read"], expiresAt: null, rateLimit: null, allowedIps: [{ entry: "127.0.0.1", note: "" }] },
  );
  const admin = { username: "bench-admin", password: "bench-password-123" };
  await createAdminUser(store.db, now, actor, { ...admin, role: "owner" });
  store.sqlite.close();
  return { key: issued.key, username: "bench-api", admin };
}
