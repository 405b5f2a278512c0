import { createCipheriv, createDecipheriv, hash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ConfigError } from "../config.ts";

/**
 * Seals secrets Gatehouse must be able to read again (hmac signing secrets) with AES-256-GCM under
 * the server key: SECRET_KEY when set (its SHA-256), else 32 random bytes in `secret.key` beside
 * the database, created 0600 on first start. Each sealed value is bound to its credential (the
 * additional data), so a sealed secret copied onto another row does not open.
 */
export type SecretBox = {
  seal: (plain: string, boundTo: string) => string;
  /** Throws when the value was sealed under another key or for another credential. */
  open: (sealed: string, boundTo: string) => string;
  /** Where the key came from, for messages: "SECRET_KEY" or the key file's path. */
  source: string;
};

const VERSION = "v1";

export function secretBoxWith(key: Buffer, source: string): SecretBox {
  return {
    source,
    seal(plain, boundTo) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(Buffer.from(boundTo));
      const sealed = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64url")}`;
    },
    open(sealed, boundTo) {
      if (!sealed.startsWith(`${VERSION}.`)) throw new Error("unknown sealed format");
      const bytes = Buffer.from(sealed.slice(VERSION.length + 1), "base64url");
      const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, 12)).setAAD(Buffer.from(boundTo));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
    },
  };
}

/** One sealed secret already stored, to prove the key opens them; null when there is none. */
export type StoredSecretSample = { sealed: string; boundTo: string } | null;

/**
 * The server key, checked against a stored secret. A missing key file is created only while no
 * secret is stored: with secrets stored, a missing or different key is a clear start-up error
 * rather than a 401 on every signed call. SECRET_KEY may also be the content of a `secret.key`
 * file: how secrets sealed by one SQLite server move to instances that share SECRET_KEY (a
 * PostgreSQL cluster after `db copy`, or a new machine). Its SHA-256 stays the key whenever no
 * stored secret says otherwise.
 */
export function openSecretBox(secretKey: string | undefined, databasePath: string, sample: StoredSecretSample): SecretBox {
  if (secretKey === undefined) return opening(keyFileBox(databasePath, sample !== null), sample);
  const hashed = secretBoxWith(hash("sha256", secretKey, "buffer"), "SECRET_KEY");
  const fileKey = keyFileBytes(secretKey);
  if (!sample || fileKey === null || opens(hashed, sample)) return opening(hashed, sample);
  return opening(secretBoxWith(fileKey, "SECRET_KEY"), sample);
}

const opens = (box: SecretBox, sample: NonNullable<StoredSecretSample>) => {
  try {
    box.open(sample.sealed, sample.boundTo);
    return true;
  } catch {
    return false;
  }
};

function opening(box: SecretBox, sample: StoredSecretSample) {
  if (sample && !opens(box, sample)) {
    throw new ConfigError(
      `The stored signing secrets cannot be opened with ${box.source}: set SECRET_KEY to the value they were sealed with, or to the content of ` +
        "the secret.key file beside the database they were sealed with (or put that file back), or regenerate the signing secrets",
    );
  }
  return box;
}

/** A key file's 32 bytes (base64, as the file holds them), or null when `text` is not one. */
function keyFileBytes(text: string): Buffer | null {
  const key = Buffer.from(text.trim(), "base64");
  return key.length === 32 ? key : null;
}

function keyFileBox(databasePath: string, secretsStored: boolean): SecretBox {
  // A database in memory (tests) lives and dies with the process: so does its key.
  if (databasePath === ":memory:") return secretBoxWith(randomBytes(32), "an in-memory key");
  const file = join(dirname(databasePath), "secret.key");
  const read = () => {
    const key = keyFileBytes(readFileSync(file, "utf8"));
    if (key === null) throw new ConfigError(`${file} does not hold a 32-byte base64 key`);
    return secretBoxWith(key, file);
  };
  try {
    return read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (secretsStored)
    throw new ConfigError(
      `Signing secrets are stored but SECRET_KEY is unset and ${file} is missing: put back the secret.key file from beside the database ` +
        "they were sealed with, or set SECRET_KEY to the SECRET_KEY they were sealed with (or to that file's content)",
    );
  try {
    // On PostgreSQL nothing else creates the data folder (a private one, as for the database file).
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // "wx": two processes starting at once on a new folder agree on the one that wrote first.
    writeFileSync(file, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return read();
}
