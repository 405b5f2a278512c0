import type { Repositories } from "../../db/repositories.ts";
import { addressBucket } from "../../lib/address-bucket.ts";
import { ApiError } from "../../lib/api-error.ts";
import { type Limiter, type LimitState, retryAfterSeconds } from "../../lib/limiter.ts";
import { DAY, HOUR } from "../../lib/time.ts";
import { QueueFull, type workQueue } from "../../lib/work-queue.ts";
import type { SignInAttemptLog } from "./attempts.ts";
import { decoyPasswordHash, verifyPassword } from "./passwords.ts";
import type { CheckedUser } from "./sessions.ts";

/** How long an account stays locked after failures from many addresses, unless an owner lifts it. */
export const ACCOUNT_LOCK_MS = HOUR;
/** How far back a sign-in from an address makes it one the account's lock does not apply to. */
export const KNOWN_ADDRESS_MS = 30 * DAY;

export type SignInGuards = {
  /** Failures per username and address (a /64 for IPv6): 5 per 15 minutes. */
  perUserAndAddress: Limiter;
  /** Failures per address across usernames: 20 per 15 minutes. */
  perAddress: Limiter;
  /** Failures per username across addresses: 20 per hour, then the account is locked. */
  perAccount: Limiter;
  /** Password checks running or waiting at once. */
  passwordChecks: ReturnType<typeof workQueue>;
  attempts: SignInAttemptLog;
};

export type SignInInput = { username: string; password: string; ip: string };

/** The audit log's name for a sign-in attempt on a username no account has. */
export const UNKNOWN_USERNAME = "(unknown username)";

export const wrongCredentials = () => new ApiError("unauthorized", "Wrong username or password");

const throttled = (state: LimitState, message: string) =>
  new ApiError("rate_limited", message, { headers: { "retry-after": String(retryAfterSeconds(state)) } });

const locked = (retryAfterMs: number) =>
  new ApiError(
    "rate_limited",
    `This account is locked for ${Math.ceil(retryAfterMs / 60_000)} minutes after too many failed sign-ins from different addresses. An owner can unlock it on the Users page, or an operator with: pnpm gatehouse admin unlock <username>`,
    { headers: { "retry-after": String(Math.max(1, Math.ceil(retryAfterMs / 1000))) } },
  );

/**
 * Checks a username and password. Every attempt is counted *before* the slow Argon2 check and
 * refunded when it succeeds, so however many arrive at once, no more failures are verified than
 * the limits allow. A locked account is refused without a password check.
 */
export async function verifySignIn(repos: Repositories, now: number, guards: SignInGuards, input: SignInInput): Promise<CheckedUser> {
  const account = input.username.toLowerCase();
  const bucket = addressBucket(input.ip);
  const user = await repos.admins.byUsername(input.username);
  // What was typed as a username that no account has is not recorded: it is often a password
  // typed into the wrong field, and the audit log never holds a secret.
  const username = user ? input.username : UNKNOWN_USERNAME;
  // A refusal because the address spent its failures, or because too many checks are waiting, is
  // recorded under the address failures are counted in (a /64 for IPv6), as the integration
  // API's history does: one row a minute each, however many addresses a flood takes.
  const fail = (actorId: string | null, reason: string, ip = input.ip) => guards.attempts.failed(now, { username, ip, actorId, reason });
  if (user?.lockedUntil != null && user.lockedUntil > now && !(await signedInBefore(repos, now, user.id, bucket))) {
    await fail(user.id, "account locked");
    throw locked(user.lockedUntil - now);
  }
  const counted: [Limiter, string][] = [];
  const refundAll = () => Promise.all(counted.map(([limiter, key]) => limiter.refund(key)));
  // Only what a limiter counted is refunded: a refused hit is not counted, and refunding it
  // freed a slot, so every second guess past a spent limit got a real check (a review's find).
  const count = async (limiter: Limiter, key: string) => {
    const state = await limiter.hit(key);
    if (state.allowed) counted.push([limiter, key]);
    return state;
  };

  const pair = await count(guards.perUserAndAddress, `${account}|${bucket}`);
  if (!pair.allowed) {
    await refundAll();
    await fail(user?.id ?? null, "throttled", bucket);
    throw throttled(pair, "Too many failed sign-ins. Try again later.");
  }
  const address = await count(guards.perAddress, bucket);
  if (!address.allowed) {
    await refundAll();
    await fail(user?.id ?? null, "throttled address", bucket);
    throw throttled(address, "Too many failed sign-ins from this address. Try again later.");
  }
  const accountState = await count(guards.perAccount, account);
  if (!accountState.allowed) {
    await refundAll();
    await fail(user?.id ?? null, "account locked");
    // Unknown usernames answer the same way, so the lock reveals nothing about which exist.
    if (user) {
      await lockAccount(repos, now, user.id, user.username, input.ip);
      // The lock is in the database now; counting starts afresh for when it is lifted.
      await guards.perAccount.reset(account);
    }
    throw locked(user ? ACCOUNT_LOCK_MS : accountState.resetMs);
  }

  let passwordOk: boolean;
  try {
    passwordOk = await guards.passwordChecks.run(async () => verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password));
  } catch (error) {
    if (!(error instanceof QueueFull)) throw error;
    await refundAll();
    await fail(user?.id ?? null, "busy", bucket);
    throw new ApiError("rate_limited", "Too many sign-ins at once. Try again in a moment.", { headers: { "retry-after": "1" } });
  }
  if (!user || !passwordOk || user.status !== "enabled") {
    await fail(user?.id ?? null, !user ? "unknown username" : !passwordOk ? "wrong password" : "account disabled");
    throw wrongCredentials();
  }
  await refundAll();
  await guards.perUserAndAddress.reset(`${account}|${bucket}`);
  return { user: { id: user.id, username: user.username, role: user.role }, passwordHash: user.passwordHash };
}

/**
 * Whether the account signed in from this address (its /64 for IPv6) in the last 30 days. Anyone
 * who knows a username can lock its account by failing from 20 addresses; the lock keeps the
 * guessers out, but not the admin from where they usually sign in (the other limits still apply
 * there). The audit log holds those sign-ins, on every instance.
 */
async function signedInBefore(repos: Repositories, now: number, userId: string, bucket: string) {
  const signIns = await repos.audit.list({ actorId: userId, action: "sign_in", from: now - KNOWN_ADDRESS_MS }, 200);
  return signIns.some((row) => addressBucket(row.ip) === bucket);
}

function lockAccount(repos: Repositories, now: number, id: string, username: string, ip: string) {
  return repos.transaction(async (tx) => {
    await tx.admins.update(id, { lockedUntil: now + ACCOUNT_LOCK_MS });
    await tx.audit.record(
      now,
      { id: null, name: "system", ip },
      {
        action: "user.lock",
        targetType: "admin_user",
        targetId: id,
        targetName: username,
        after: { lockedUntil: new Date(now + ACCOUNT_LOCK_MS).toISOString(), reason: "failed sign-ins from many addresses" },
      },
    );
  });
}
