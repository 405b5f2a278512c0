import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../src/db/client.ts";
import { createCredential } from "../src/domain/credentials/write.ts";
import { seedDemoData } from "../src/domain/catalog/demo-data.ts";

/**
 * A throwaway database with the demo catalog and one key (`bench-api`, 127.0.0.1 allowed): enough
 * for `bench:profile` and `bench:quick`, made in a moment where `pnpm bench`'s takes a minute.
 */
export async function prepareSmallDatabase(prefix: string) {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  const databasePath = join(folder, "bench.sqlite");
  const store = openStore(databasePath);
  await seedDemoData(store.repos, Date.now());
  const { key } = await createCredential(
    { repos: store.repos, now: Date.now(), actor: { id: null, name: "bench", ip: "local" }, changed: () => {} },
    { username: "bench-api", status: "enabled", scopes: ["products:read"], expiresAt: null, rateLimit: null, allowedIps: [{ entry: "127.0.0.1", note: "" }] },
  );
  store.sqlite.close();
  return { folder, databasePath, username: "bench-api", key };
}

/** The four hot routes' requests for `bench-api`, as load() takes them (a token from one login). */
export async function hotRoutes(baseUrl: string, username: string, key: string, amount: number) {
  const json = { "Content-Type": "application/json" };
  const loginBody = JSON.stringify({ username, key });
  const login = await fetch(`${baseUrl}/api/v1/login`, { method: "POST", headers: json, body: loginBody });
  const { token } = (await login.json()) as { token: string };
  return {
    healthz: { path: "/healthz", amount },
    bearer: { path: "/api/v1/session", amount, headers: { Authorization: `Bearer ${token}` } },
    basic: { path: "/api/v1/session", amount, headers: { Authorization: `Basic ${Buffer.from(`${username}:${key}`).toString("base64")}` } },
    login: { path: "/api/v1/login", amount, method: "POST" as const, headers: json, body: loginBody },
  };
}
