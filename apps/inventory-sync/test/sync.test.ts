import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "../../server/src/domain/catalog/demo-data.ts";
import { listen, rowsOf, seedCredential, tempDir, testApp, wrongKey } from "../../server/test/helpers.ts";
import { generateKeyPairSync } from "node:crypto";
import { setSigning } from "../../server/src/domain/credentials/write.ts";
import { GatehouseClient, IntegrationError } from "../src/client.ts";
import { syncStock } from "../src/sync.ts";

/** The example integration against a real Gatehouse server on loopback. */
describe("inventory-sync against a running Gatehouse", () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let server: Awaited<ReturnType<typeof listen>>;

  const makeKey = (username: string, extra: { scopes?: ("products:read" | "products:write")[]; ips?: string[]; rateLimit?: number } = {}) =>
    seedCredential(t.deps, {
      username,
      scopes: extra.scopes ?? ["products:read", "products:write"],
      allowedIps: extra.ips ?? ["127.0.0.1"],
      ...(extra.rateLimit ? { rateLimit: extra.rateLimit } : {}),
    });
  const waits: number[] = [];
  const recordWait = async (ms: number) => {
    waits.push(ms);
  };
  const client = (username: string, key: string, sleep: (ms: number) => Promise<void> = recordWait) =>
    new GatehouseClient({ baseUrl: server.baseUrl, username, key, sleep, retries: 3 });

  beforeAll(async () => {
    t = await testApp();
    await seedDemoData(t.store.repos, t.clock());
    server = await listen(t.deps);
  });
  afterAll(() => server.close());

  it("updates only the stock that differs and reports unknown SKUs", async () => {
    const { key } = await makeKey("inventory-sync");
    const result = await syncStock(client("inventory-sync", key), { "MUG-LOGO": 80, "CAP-NAVY": 65, "NO-SUCH": 1 });
    expect(result).toEqual({ updated: [{ sku: "MUG-LOGO", from: 120, to: 80 }], unchanged: 1, unknown: ["NO-SUCH"] });
    const again = await syncStock(client("inventory-sync", key), { "MUG-LOGO": 80 });
    expect(again.updated).toEqual([]);
  });

  it("explains a wrong key", async () => {
    const { key } = await makeKey("wrong-key-test");
    const error = await syncStock(client("wrong-key-test", wrongKey(key)), {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IntegrationError);
    expect((error as IntegrationError).message).toMatch(/refused the API username or key/);
  });

  it("signs every call when the key requires it: with an Ed25519 private key, and with an hmac signing secret", async () => {
    // The signer reads the real clock, which the server's must be near.
    t.clock.set(Date.now());
    const ctx = {
      repos: t.deps.store.repos,
      now: t.clock(),
      actor: { id: null, name: "test", ip: "local" },
      changed: t.deps.credentialChanged,
      secrets: t.deps.secrets,
    };
    const pair = generateKeyPairSync("ed25519");
    const ed = await makeKey("signed-ed");
    await setSigning(ctx, ed.credential.id, { mode: "required", alg: "ed25519", publicKey: pair.publicKey.export({ type: "spki", format: "pem" }).toString() });
    const privateKeyPem = pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const signedEd = new GatehouseClient({ baseUrl: server.baseUrl, username: "signed-ed", key: ed.key, retries: 0, signing: { privateKeyPem } });
    expect((await syncStock(signedEd, { "MUG-LOGO": 81 })).updated).toEqual([{ sku: "MUG-LOGO", from: 80, to: 81 }]);
    // The same calls unsigned are refused, and the client says why.
    const unsigned = (await syncStock(client("signed-ed", ed.key), {}).catch((caught: unknown) => caught)) as IntegrationError;
    expect(unsigned.code).toBe("invalid_signature");
    expect(unsigned.message).toContain("signature_missing");

    const hmac = await makeKey("signed-hmac");
    const { signingSecret } = await setSigning(ctx, hmac.credential.id, { mode: "required", alg: "hmac-sha256" });
    const signedHmac = new GatehouseClient({
      baseUrl: server.baseUrl,
      username: "signed-hmac",
      key: hmac.key,
      retries: 0,
      signing: { secret: signingSecret ?? "" },
    });
    expect((await syncStock(signedHmac, { "MUG-LOGO": 82 })).updated).toEqual([{ sku: "MUG-LOGO", from: 81, to: 82 }]);
  });

  it("explains a refused address, naming it", async () => {
    const { key } = await makeKey("ip-test", { ips: ["198.51.100.1"] });
    const error = (await syncStock(client("ip-test", key), {}).catch((caught: unknown) => caught)) as IntegrationError;
    expect(error.code).toBe("ip_not_allowed");
    expect(error.message).toContain("127.0.0.1");
    expect(error.message).toContain("Ask an admin to add it");
  });

  it("explains a missing permission", async () => {
    const { key } = await makeKey("scope-test", { scopes: ["products:read"] });
    const error = (await syncStock(client("scope-test", key), { "MUG-LOGO": 1 }).catch((caught: unknown) => caught)) as IntegrationError;
    expect(error.code).toBe("insufficient_scope");
    expect(error.message).toContain("products:write");
  });

  it("backs off on 429 for as long as Retry-After says, then finishes", async () => {
    const { key, credential } = await makeKey("rate-test", { rateLimit: 2 });
    waits.length = 0;
    // Waiting stands in for the minute passing: the window is reset when the client sleeps.
    const sleep = async (ms: number) => {
      waits.push(ms);
      await t.deps.limits.perCredential(2).reset(credential.id);
    };
    const result = await syncStock(client("rate-test", key, sleep), { "TOTE-CANVAS": 1, "PEN-SET": 2, "SOCKS-3PK": 3 });
    expect(result.updated).toHaveLength(3);
    expect(waits.length).toBeGreaterThan(0);
    // A minute at most, and one slot (a second) of the limiter's window more.
    expect(waits.every((ms) => ms >= 1000 && ms <= 61_000)).toBe(true);
  });

  it("logs in again when its session token has been revoked", async () => {
    const { key } = await makeKey("relogin-test");
    const sync = client("relogin-test", key);
    await sync.login();
    await rowsOf(t.store, "delete from api_tokens");
    t.deps.authCache.clear();
    expect((await syncStock(sync, { "BEANIE-RED": 6 })).updated).toEqual([{ sku: "BEANIE-RED", from: 5, to: 6 }]);
  });

  it("retries network errors, then says it cannot reach Gatehouse", async () => {
    waits.length = 0;
    const offline = new GatehouseClient({ baseUrl: "http://127.0.0.1:9", username: "x", key: "y", retries: 2, sleep: async (ms) => void waits.push(ms) });
    const error = (await offline.login().catch((caught: unknown) => caught)) as IntegrationError;
    expect(error.code).toBe("network");
    expect(error.message).toMatch(/Cannot reach Gatehouse at http:\/\/127\.0\.0\.1:9/);
    expect(waits).toEqual([500, 1000]);
  });

  it("runs as a program and exits 1 with one clear line on failure", async () => {
    const stock = join(tempDir(), "stock.json");
    writeFileSync(stock, JSON.stringify({ "MUG-LOGO": 1 }));
    // Asynchronous on purpose: the server answering it lives in this process.
    const run = promisify(execFile)(process.execPath, ["--import", "tsx", "src/main.ts", stock], {
      cwd: join(import.meta.dirname, ".."),
      env: { PATH: process.env.PATH ?? "", GATEHOUSE_URL: server.baseUrl, GATEHOUSE_USERNAME: "nobody-at-all", GATEHOUSE_KEY: "gk_wrong" },
      timeout: 20_000,
    });
    const failure = (await run.catch((error: unknown) => error)) as { code: number; stderr: string };
    expect(failure.code).toBe(1);
    expect(failure.stderr.trim()).toMatch(/^inventory-sync: Gatehouse refused the API username or key/);
  });
});
