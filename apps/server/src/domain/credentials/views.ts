import type { AllowListDiff, AllowedIp, AuditValues, Credential, CredentialStatus, Scope } from "@gatehouse/shared";
import type { Repositories } from "../../db/repositories.ts";
import { notFound } from "../../lib/api-error.ts";
import { toIso, toIsoOrNull } from "../../lib/time.ts";
import type { CredentialRow } from "./repository.ts";
import { signingView } from "./signing.ts";

export function toCredential(row: CredentialRow, ips: AllowedIp[]): Credential {
  return {
    id: row.id,
    username: row.username,
    keyPrefix: row.keyPrefix,
    status: row.status as CredentialStatus,
    scopes: row.scopes as Scope[],
    expiresAt: toIsoOrNull(row.expiresAt),
    rateLimit: row.rateLimit,
    allowedIps: ips,
    ipEnforcement: row.ipEnforcement,
    signing: signingView(row),
    description: row.description,
    keyIssuedAt: toIso(row.keyIssuedAt ?? row.createdAt),
    previousKeyExpiresAt: toIsoOrNull(row.previousKeyExpiresAt),
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
    lastUsedAt: toIsoOrNull(row.lastUsedAt),
    lastUsedIp: row.lastUsedIp,
  };
}

/** A live (not deleted) credential row, or 404. */
export async function liveCredentialRow(repos: Repositories, id: string): Promise<CredentialRow> {
  const row = await repos.credentials.row(id);
  if (!row || row.deletedAt !== null) throw notFound("The API");
  return row;
}

export async function getCredential(repos: Repositories, id: string): Promise<Credential> {
  const row = await liveCredentialRow(repos, id);
  return toCredential(row, await repos.credentials.allowedIps(id));
}

/** The audited, secret-free picture of a credential's settings. */
export function auditPicture(credential: Credential): AuditValues {
  return {
    username: credential.username,
    description: credential.description,
    status: credential.status,
    scopes: credential.scopes,
    expiresAt: credential.expiresAt,
    rateLimit: credential.rateLimit,
    ipEnforcement: credential.ipEnforcement,
    signingMode: credential.signing.mode,
    signingAlg: credential.signing.alg,
    signingPublicKey: credential.signing.publicKey,
    signingSecretPrefix: credential.signing.secretPrefix,
  };
}

export const ipPicture = (ips: AllowedIp[]): string[] => ips.map((ip) => (ip.note ? `${ip.entry} (${ip.note})` : ip.entry));

/** What an edit of the allowed IPs changed; order alone changes nothing that is allowed. */
export function ipDiff(before: AllowedIp[], after: AllowedIp[]): AllowListDiff {
  const was = new Set(ipPicture(before));
  const now = new Set(ipPicture(after));
  return { added: [...now].filter((ip) => !was.has(ip)), removed: [...was].filter((ip) => !now.has(ip)) };
}

/** Everything about a credential for the audit log when it appears or goes: settings, key prefix, allowed IPs. */
export const fullPicture = (credential: Credential): AuditValues => ({
  ...auditPicture(credential),
  keyPrefix: credential.keyPrefix,
  allowedIps: ipPicture(credential.allowedIps),
});
