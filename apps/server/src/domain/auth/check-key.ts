import { ApiError } from "../../lib/api-error.ts";
import { addressBucket } from "../../lib/address-bucket.ts";
import { retryAfterSeconds } from "../../lib/limiter.ts";
import type { AppDeps } from "../../deps.ts";
import type { CredentialAuth } from "./cache.ts";
import { isApiUsername, type KeyCheck, verifyKey } from "./verify-key.ts";

export const unauthorized = (outcome: "unauthorized" | "disabled" | "expired" = "unauthorized") => new ApiError("unauthorized", "Unauthorized", { outcome });

/** 403 naming the address the server saw, so the admin knows exactly what to allow. */
export const ipNotAllowed = (ip: string) =>
  new ApiError("ip_not_allowed", `The address ${ip} is not allowed to use this API key. Add it on the key's IP Addresses tab.`, { outcome: "ip_not_allowed" });

/** Who a call claimed to be, for its history row. */
export type Claimant = { credentialId: string } | { attemptedUsername: string };

/**
 * Counts a failed login, Basic call or unknown token against its address (a /64 for IPv6) and,
 * with a username, against that username from that address; answers 429 once either is spent.
 * Only failures are counted and only failures are refused: a good key is never locked out by
 * someone else's mistakes behind the same proxy, and guessing a 64-character key is hopeless.
 */
export async function countFailure(deps: AppDeps, ip: string, username: string | null) {
  const bucket = addressBucket(ip);
  const address = await deps.limits.apiFailuresPerAddress.hit(bucket);
  const pair = username === null ? address : await deps.limits.apiFailures.hit(`${username.toLowerCase()}|${bucket}`);
  const spent = !address.allowed ? address : !pair.allowed ? pair : null;
  if (!spent) return;
  throw new ApiError("rate_limited", "Too many failed attempts from this address. Try again later.", {
    outcome: "rate_limited",
    headers: { "retry-after": String(retryAfterSeconds(spent)) },
    throttledAddress: bucket,
  });
}

/**
 * The one key check for `POST /login` and Basic calls: username shape, key, status and expiry,
 * failure throttles, then the allow-list (`notListed`: served only because the key is in Report
 * only). A username that cannot exist is refused before any lookup or cache entry (an 11 KB one
 * used to be cached as unknown, 20,000 times over). Synchronous for a good key (Basic calls stay
 * off the microtask queue); a refusal that counts against the address is a promise.
 */
export function checkKey(deps: AppDeps, ip: string, username: string, key: string, identify: (who: Claimant) => void): KeyAccepted | Promise<KeyAccepted> {
  if (!isApiUsername(username)) return refuse(deps, ip, null, unauthorized());
  const check = verifyKey(deps.authCache, username, key, deps.clock());
  // Judged at once when the credential is cached; once it is loaded otherwise.
  return check instanceof Promise ? check.then((loaded) => accept(deps, ip, username, loaded, identify)) : accept(deps, ip, username, check, identify);
}

function accept(deps: AppDeps, ip: string, username: string, check: KeyCheck, identify: (who: Claimant) => void): KeyAccepted | Promise<never> {
  identify(check.credential ? { credentialId: check.credential.id } : { attemptedUsername: username });
  if (!check.ok) return refuse(deps, ip, username, unauthorized(check.outcome));
  // Report only lets an unlisted address through; the caller records the call as ip_not_listed.
  const notListed = !check.credential.allowedIps.allows(ip);
  if (notListed && !check.credential.ipReportOnly) throw ipNotAllowed(ip);
  return { credential: check.credential, keyHash: check.keyHash, notListed };
}

export type KeyAccepted = { credential: CredentialAuth; keyHash: string; notListed: boolean };

async function refuse(deps: AppDeps, ip: string, username: string | null, error: ApiError): Promise<never> {
  await countFailure(deps, ip, username);
  throw error;
}
