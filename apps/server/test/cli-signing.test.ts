import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CredentialListItem, IssuedKey } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { tempDir } from "./helpers.ts";
import { existingDatabase, runCli as cli } from "./run-cli.ts";
import { ed25519Pair } from "./signing.ts";

const listed = (db: string) => JSON.parse(cli(db, ["key", "list", "--json"]).stdout) as CredentialListItem[];

describe("pnpm gatehouse key … request signing", () => {
  const folder = tempDir();
  const db = existingDatabase(folder);
  const pair = ed25519Pair();
  writeFileSync(join(folder, "pub.pem"), pair.publicKeyPem);
  writeFileSync(join(folder, "pub.jwk"), pair.publicKeyJwk);
  writeFileSync(join(folder, "private.pem"), pair.privateKeyPem);

  it("creates a key that signs with an Ed25519 public key from a PEM file", () => {
    const created = cli(db, [
      "key",
      "create",
      "--username",
      "pos-sign",
      "--signing",
      "required",
      "--sign-alg",
      "ed25519",
      "--public-key",
      join(folder, "pub.pem"),
    ]);
    expect(created).toMatchObject({ status: 0, stderr: "" });
    expect(created.stdout).toContain("Request signing: required, ed25519");
    expect(listed(db).find((item) => item.username === "pos-sign")?.signing).toMatchObject({ mode: "required", alg: "ed25519" });
  });

  it("prints an hmac signing secret once, as signing_secret in --json", () => {
    const text = cli(db, ["key", "create", "--username", "erp-hmac", "--signing", "optional", "--sign-alg", "hmac-sha256"]);
    expect(text.stdout).toMatch(/Signing secret \(hmac-sha256\) — shown only now[\s\S]*gs_[0-9A-Za-z]{49}/);
    const json = JSON.parse(
      cli(db, ["key", "create", "--username", "erp-hmac2", "--signing", "optional", "--sign-alg", "hmac-sha256", "--json"]).stdout,
    ) as IssuedKey & {
      signing_secret: string;
    };
    expect(json.signing_secret).toMatch(/^gs_[0-9A-Za-z]{49}$/);
    expect(json.credential.signing.secretPrefix).toBe(json.signing_secret.slice(0, 8));
    // key list never shows it.
    expect(JSON.stringify(listed(db))).not.toContain(json.signing_secret);
  });

  it("changes signing with key signing U, from a JWK file, and switches it off", () => {
    cli(db, ["key", "create", "--username", "later-sign"]);
    const on = cli(db, ["key", "signing", "LATER-sign", "optional", "--sign-alg", "ed25519", "--public-key", join(folder, "pub.jwk")]);
    expect(on).toMatchObject({ status: 0, stderr: "" });
    expect(on.stdout).toContain("Request signing: optional, ed25519");
    const off = cli(db, ["key", "signing", "later-sign", "off"]);
    expect(off.stdout).toContain("Request signing: off");
    expect(listed(db).find((item) => item.username === "later-sign")?.signing.mode).toBe("off");
  });

  // A review's find: the usage shows --sign-alg as optional, yet switching back on demanded it.
  it("switches signing back on with the key's own algorithm and secret, and asks for one where the key has none", { timeout: 40_000 }, () => {
    const created = JSON.parse(cli(db, ["key", "create", "--username", "back-on", "--signing", "required", "--sign-alg", "hmac-sha256", "--json"]).stdout) as {
      signing_secret: string;
    };
    cli(db, ["key", "signing", "back-on", "off"]);
    const on = cli(db, ["key", "signing", "back-on", "optional", "--json"]);
    expect(on).toMatchObject({ status: 0, stderr: "" });
    expect(on.stdout).not.toContain("signing_secret");
    expect((JSON.parse(on.stdout) as { credential: CredentialListItem }).credential.signing).toMatchObject({
      mode: "optional",
      alg: "hmac-sha256",
      secretPrefix: created.signing_secret.slice(0, 8),
    });
    cli(db, ["key", "create", "--username", "never-signed"]);
    expect(cli(db, ["key", "signing", "never-signed", "required"])).toMatchObject({
      status: 1,
      stderr: "gatehouse: --sign-alg: Choose ed25519 or hmac-sha256",
    });
    // The mode is a word after the username here, not the --signing of key create.
    expect(cli(db, ["key", "signing", "never-signed", "bogus"])).toMatchObject({
      status: 1,
      stderr: "gatehouse: Say off, optional or required, e.g. pnpm gatehouse key signing never-signed required",
    });
  });

  it.each([
    [
      ["key", "create", "--username", "bad-1", "--signing", "required", "--sign-alg", "ed25519", "--public-key", "PRIVATE"],
      "--public-key: This is a private key: paste only the public key",
    ],
    [
      ["key", "create", "--username", "bad-2", "--signing", "required", "--sign-alg", "ed25519"],
      "--public-key: Paste the integration's Ed25519 public key (PEM or JWK)",
    ],
    [["key", "create", "--username", "bad-4", "--signing", "optional", "--sign-alg", "rsa"], "--sign-alg: Choose ed25519 or hmac-sha256"],
    // Read whole, it took a review's CLI to 1.1 GB: now only as far as a key can be long.
    [
      ["key", "create", "--username", "bad-5", "--signing", "required", "--sign-alg", "ed25519", "--public-key", "/dev/zero"],
      "--public-key: A public key is at most 2000 characters",
    ],
    [
      ["key", "create", "--username", "bad-6", "--signing", "required", "--sign-alg", "ed25519", "--public-key", "/no/such/file.pem"],
      "Cannot read the public key file /no/such/file.pem",
    ],
  ])("refuses %j with one clear line and creates nothing", (args, message) => {
    const result = cli(
      db,
      args.map((arg) => (arg === "PRIVATE" ? join(folder, "private.pem") : arg)),
    );
    expect(result.status).toBe(1);
    expect(result.stderr.split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(new RegExp(`^gatehouse: ${message.replace(/[()]/g, "\\$&")}`));
    expect(listed(db).map((item) => item.username)).not.toContain(args[2]);
  });
});
