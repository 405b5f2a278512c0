import type { Repositories } from "../../db/repositories.ts";
import type { Clock } from "../../lib/clock.ts";
import type { Logger } from "../../logger.ts";
import { webhookDeliveryCounts } from "./metrics.ts";
import type { ClaimedDelivery } from "./repository.ts";
import { defaultRetrySchedule, nextAttemptAt, type RetrySchedule } from "./schedule.ts";
import { signatureHeader } from "./signature.ts";

export type DelivererOptions = {
  /** An attempt without an answer within this long counts as failed (10 s). */
  timeoutMs: number;
  retry?: RetrySchedule;
  /** How often the outbox is looked at for due deliveries, among them those the CLI or another instance stored. */
  pollEveryMs?: number;
  random?: () => number;
  /** Work that may still be adding to the outbox (the call watch of the last history flush): `runOnce` waits for it first. */
  settled?: () => Promise<void>;
};

export type WebhookDeliverer = {
  /** Looks at the outbox soon (a change in this process just stored an event). */
  wake(): void;
  start(): void;
  /** Stops polling; attempts in flight finish or are retried by whichever instance claims them next. */
  stop(): void;
  /** Sends everything due now, for tests and the end of a wake. */
  runOnce(): Promise<number>;
};

const BATCH = 16;

/**
 * Sends what the outbox holds. Due rows are claimed in one UPDATE … RETURNING that sets a lease
 * (on PostgreSQL over rows locked FOR UPDATE SKIP LOCKED), so with several instances on one
 * database each delivery is attempted by one of them; the
 * result is written only while the lease is still ours. A process killed mid-attempt leaves a
 * lease that runs out, and the row is sent again: deliveries are at least once, and receivers
 * tell repeats apart by the event `id`.
 */
export function webhookDeliverer(repos: Repositories, clock: Clock, logger: Logger, options: DelivererOptions): WebhookDeliverer {
  const schedule = options.retry ?? defaultRetrySchedule;
  const random = options.random ?? Math.random;
  // Long enough that an attempt running into its timeout is over well before anyone else may claim it.
  const leaseMs = 2 * options.timeoutMs + 1000;

  async function attempt(row: ClaimedDelivery) {
    const started = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(row.url, {
        method: "POST",
        redirect: "manual",
        signal: AbortSignal.timeout(options.timeoutMs),
        headers: {
          "content-type": "application/json",
          "user-agent": "Gatehouse-Webhooks",
          "gatehouse-event": row.type,
          "gatehouse-signature": signatureHeader(row.secret, Math.floor(clock() / 1000), row.body),
        },
        body: row.body,
      });
      status = res.status;
      await res.body?.cancel();
    } catch (caught) {
      error = describeFailure(caught, options.timeoutMs);
    }
    const at = clock();
    const ok = status !== null && status >= 200 && status < 300;
    const next = ok ? null : nextAttemptAt(schedule, row.createdAt, at, row.attempts + 1, random());
    const state = ok ? "delivered" : next === null ? "failed" : "pending";
    webhookDeliveryCounts[ok ? "delivered" : next === null ? "failed" : "retried"] += 1;
    await repos.webhooks.finishAttempt(row.id, row.leasedUntil, { state, next, status, error, durationMs: Math.round(performance.now() - started), at });
    if (state === "failed") logger.warn("webhook delivery given up", { delivery: row.id, event: row.eventId, attempts: row.attempts + 1 });
  }

  // Attempts run on their own, up to BATCH at once: one endpoint that takes its whole timeout
  // holds its own slot, not the others' (a review measured a healthy endpoint's events 3–5 s
  // late behind a slow one, and retries landing exactly on the timeout instead of their schedule).
  const inFlight = new Set<Promise<void>>();
  let attempted = 0;
  let claiming: Promise<void> | null = null;
  let claimAgain = false;

  /** Claims due rows into the free slots and starts their attempts, without waiting for them. */
  function claim(): Promise<void> {
    if (claiming) {
      claimAgain = true;
      return claiming;
    }
    claiming = (async () => {
      await options.settled?.();
      do {
        claimAgain = false;
        const free = BATCH - inFlight.size;
        // A finishing attempt claims again.
        if (free <= 0) break;
        const now = clock();
        const rows = await repos.webhooks.claimDue(now, now + leaseMs, free);
        for (const row of rows) start(row);
        // A full claim may have left more due.
        if (rows.length === free) claimAgain = true;
      } while (claimAgain);
    })()
      .catch((error: unknown) => logger.error("webhook delivery failed", { error: String(error) }))
      .finally(() => {
        claiming = null;
        if (claimAgain) void claim();
      });
    return claiming;
  }

  function start(row: ClaimedDelivery) {
    attempted += 1;
    const done: Promise<void> = attempt(row)
      .catch((error: unknown) => logger.error("webhook delivery failed", { error: String(error) }))
      .finally(() => {
        inFlight.delete(done);
        void claim();
      });
    inFlight.add(done);
  }

  /** Sends everything due now, retries that fall due meanwhile included; answers how many attempts that took. */
  async function runOnce(): Promise<number> {
    const before = attempted;
    await claim();
    while (inFlight.size > 0) {
      await Promise.all(inFlight);
      await claim();
    }
    return attempted - before;
  }

  let timer: NodeJS.Timeout | null = null;
  let woken = false;
  return {
    wake() {
      if (timer === null || woken) return;
      woken = true;
      setImmediate(() => {
        woken = false;
        void claim();
      });
    },
    start() {
      timer ??= setInterval(() => void claim(), options.pollEveryMs ?? 1000);
      timer.unref();
      void claim();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
    runOnce,
  };
}

/** A sentence for the delivery log; never the response body (an endpoint inside the network must not become a way to read it). */
function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return `No answer within ${timeoutMs / 1000} s`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : null;
  const code = cause && "code" in cause ? String(cause.code) : "";
  if (code === "ECONNREFUSED") return "Connection refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "Host not found";
  if (code.startsWith("CERT_") || code.includes("TLS") || code.includes("SSL")) return "TLS certificate not accepted";
  return `Could not connect${code ? ` (${code})` : ""}`;
}
