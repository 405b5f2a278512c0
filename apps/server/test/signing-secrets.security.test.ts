import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { openStore } from "../src/db/client.ts";
import { type AppDeps, createDeps, openServerKey } from "../src/deps.ts";
import { createCredential } from "../src/domain/credentials/write.ts";
import { createLogger } from "../src/logger.ts";
import { tempDir, testClock, sqliteOf } from "./helpers.ts";

/** As the server and the CLI start: the server key is checked against the stored secrets first. */
const depsOn = async (databasePath: string, env: Record<string, string> = {}) => {
  const config = loadConfig({ DATABASE_PATH: databasePath, ...env });
  const store = openStore(config.DATABASE_PATH);
  try {
    return createDeps(config, store, testClock(), createLogger("silent"), await openServerKey(config, store.repos));
  } catch (error) {
    sqliteOf(store).close();
    throw error;
  }
};

const withHmacKey = (deps: AppDeps) =>
  createCredential(
    { repos: deps.store.repos, now: deps.clock(), actor: { id: null, name: "test", ip: "local" }, changed: deps.credentialChanged, secrets: deps.secrets },
    {
      username: "erp-signer",
      status: "enabled",
      scopes: [],
      expiresAt: null,
      rateLimit: null,
      allowedIps: [],
      signing: { mode: "required", alg: "hmac-sha256" },
    },
  );

describe("hmac signing secrets at rest", () => {
  it("creates the key file 0600 on first start and stores the secret sealed, never as text", async () => {
    const folder = tempDir();
    const deps = await depsOn(join(folder, "gatehouse.sqlite"));
    expect(statSync(join(folder, "secret.key")).mode & 0o777).toBe(0o600);
    const issued = await withHmacKey(deps);
    const stored = sqliteOf(deps.store).prepare("select signing_secret from credentials where id = ?").pluck().get(issued.credential.id) as string;
    expect(stored).not.toContain(issued.signingSecret);
    expect(deps.secrets.open(stored, issued.credential.id)).toBe(issued.signingSecret);
    // Bound to its row: the same sealed value does not open for another credential.
    expect(() => deps.secrets.open(stored, "cred_other")).toThrow(/unable to authenticate data/);
    // The whole database file holds no trace of it either.
    sqliteOf(deps.store).pragma("wal_checkpoint(TRUNCATE)");
    sqliteOf(deps.store).close();
    expect(
      spawnSync("grep", ["-c", issued.signingSecret ?? "", join(folder, "gatehouse.sqlite")])
        .stdout.toString()
        .trim(),
    ).toBe("0");
    // The next start reads the same file and opens the secret.
    const again = await depsOn(join(folder, "gatehouse.sqlite"));
    expect((await again.authCache.credentialByUsername("erp-signer"))?.signing?.alg).toBe("hmac-sha256");
    sqliteOf(again.store).close();
  });

  it("refuses to start with a wrong SECRET_KEY or a missing key file once secrets exist, naming the problem", async () => {
    const folder = tempDir();
    const path = join(folder, "gatehouse.sqlite");
    const secretKey = "k".repeat(40);
    const first = await depsOn(path, { SECRET_KEY: secretKey });
    await withHmacKey(first);
    sqliteOf(first.store).close();
    expect((await depsOn(path, { SECRET_KEY: secretKey })).secrets.source).toBe("SECRET_KEY");
    await expect(depsOn(path, { SECRET_KEY: "w".repeat(40) })).rejects.toThrow(/stored signing secrets cannot be opened with SECRET_KEY/);
    await expect(depsOn(path)).rejects.toThrow(
      /Signing secrets are stored but SECRET_KEY is unset and .*secret\.key is missing: put back the secret\.key file/,
    );
    rmSync(join(folder, "secret.key"), { force: true });
    // The server itself stops with that one line, exit status 1, instead of answering 401/5xx per call.
    const started = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: join(import.meta.dirname, ".."),
      env: {
        PATH: process.env.PATH ?? "",
        LOG_LEVEL: "silent",
        PORT: "0",
        DATABASE_PATH: path,
        SECRET_KEY: "w".repeat(40),
        ADMIN_PASSWORD: "a-long-enough-password",
      },
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(started.status).toBe(1);
    expect(started.stderr.trim()).toMatch(/^gatehouse: The stored signing secrets cannot be opened with SECRET_KEY/);
    expect(started.stderr).not.toContain("w".repeat(40));
  });

  // An operator review's find: the message asked for "the SECRET_KEY they were sealed with", and
  // the key file's content did not work as one (SECRET_KEY was only ever hashed).
  it("opens secrets sealed under a key file with SECRET_KEY set to that file's content: a new machine, or a cluster after db copy", async () => {
    const folder = tempDir();
    const path = join(folder, "gatehouse.sqlite");
    const first = await depsOn(path);
    const issued = await withHmacKey(first);
    sqliteOf(first.store).close();
    const fileContent = readFileSync(join(folder, "secret.key"), "utf8");
    rmSync(join(folder, "secret.key"));
    const moved = await depsOn(path, { SECRET_KEY: fileContent.trim() });
    expect(moved.secrets.source).toBe("SECRET_KEY");
    const stored = sqliteOf(moved.store).prepare("select signing_secret from credentials where id = ?").pluck().get(issued.credential.id) as string;
    expect(moved.secrets.open(stored, issued.credential.id)).toBe(issued.signingSecret);
    // What it seals from now on opens again at the next start with the same SECRET_KEY.
    const sealedNow = moved.secrets.seal("a-new-secret", issued.credential.id);
    sqliteOf(moved.store).close();
    const again = await depsOn(path, { SECRET_KEY: fileContent.trim() });
    expect(again.secrets.open(sealedNow, issued.credential.id)).toBe("a-new-secret");
    sqliteOf(again.store).close();
    // Any other value still does not open them.
    await expect(depsOn(path, { SECRET_KEY: "x".repeat(44) })).rejects.toThrow(/cannot be opened with SECRET_KEY: set SECRET_KEY to the value/);
  });

  it("never echoes a SECRET_KEY that is too short", () => {
    expect(() => loadConfig({ SECRET_KEY: "short-secret" })).toThrow(/^Invalid configuration: SECRET_KEY \(12 characters\) must be at least 32 characters/);
    expect(() => loadConfig({ SECRET_KEY: "short-secret" })).not.toThrow(/short-secret/);
  });
});
