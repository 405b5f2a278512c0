import { isDatabaseUnreachable } from "../unreachable.ts";
import type { Repositories } from "../repositories.ts";

/** How often a PostgreSQL that was away is asked again, and how long a call may go unanswered. */
const PROBE_EVERY_MS = 250;
const STALLED_AFTER_MS = 5_000;

/** Thrown instead of queueing a call while PostgreSQL is away: answered 503 like any outage. */
export class DatabaseAway extends Error {
  readonly code = "DATABASE_AWAY";
  constructor() {
    super("the database is not answering");
  }
}

export type OutageGate = ReturnType<typeof outageGate>;

/**
 * Answers the calls that need PostgreSQL at once while it is away, instead of queueing them.
 *
 * postgres.js keeps a call it has no connection for in a queue, and gives each new connection
 * one of them; while the server is away every attempt fails that one call and the pool waits
 * before the next. A review stopped PostgreSQL under a flood of logins: the logins queued behind
 * the first were answered 7-19 s later. Now the first call that finds the server away starts
 * `probe` (a connection of its own, so not queued behind the flood), and while the probe fails,
 * every call is turned away with 503 at once; the probe runs again every 250 ms and opens the
 * gate when it is answered. A call no connection has answered for 5 s (a server that went
 * silent rather than refused) also starts the probe.
 */
export function outageGate(probe: () => Promise<void>) {
  let away = false;
  let probing: Promise<void> | null = null;
  let closed = false;
  let wake: (() => void) | null = null;
  let pending = 0;
  let lastAnswerAt = performance.now();

  const check = () => {
    probing ??= (async () => {
      for (;;) {
        if (closed) break;
        try {
          await probe();
          away = false;
          break;
        } catch (error) {
          // Anything but an outage (a refused password, say) is not for the gate to judge.
          away = isDatabaseUnreachable(error);
          if (!away) break;
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, PROBE_EVERY_MS).unref();
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      probing = null;
    })();
  };

  const watchdog = setInterval(() => {
    if (pending > 0 && performance.now() - lastAnswerAt > STALLED_AFTER_MS) check();
  }, 1_000).unref();

  const answered = () => {
    pending -= 1;
    lastAnswerAt = performance.now();
  };

  return {
    away: () => away,
    /** Runs `call` unless the server is away; an outage it meets starts the probe. */
    pass<T>(call: () => Promise<T>): Promise<T> {
      if (away) return Promise.reject(new DatabaseAway());
      if (pending === 0) lastAnswerAt = performance.now();
      pending += 1;
      return call().then(
        (result) => {
          answered();
          return result;
        },
        (error: unknown) => {
          answered();
          if (isDatabaseUnreachable(error)) check();
          throw error;
        },
      );
    },
    /** Stops probing, once a probe under way has ended. */
    async close() {
      closed = true;
      clearInterval(watchdog);
      wake?.();
      await probing;
    },
  };
}

/** The repositories with every method, the transaction too, run through `gate`. */
export function gatedRepositories(repos: Repositories, gate: OutageGate): Repositories {
  const gated = <Repository extends object>(repository: Repository): Repository =>
    Object.fromEntries(
      Object.entries(repository).map(([name, method]) => [
        name,
        (...args: unknown[]) => gate.pass(() => (method as (...args: unknown[]) => Promise<unknown>)(...args)),
      ]),
    ) as Repository;
  return {
    admins: gated(repos.admins),
    audit: gated(repos.audit),
    auth: gated(repos.auth),
    catalog: gated(repos.catalog),
    credentials: gated(repos.credentials),
    history: gated(repos.history),
    nonces: gated(repos.nonces),
    tokens: gated(repos.tokens),
    webhooks: gated(repos.webhooks),
    transaction: (unit) => gate.pass(() => repos.transaction(unit)),
  };
}
