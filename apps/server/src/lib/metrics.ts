import { apiCalls, apiOutcomes, type ApiCall, type ApiOutcome } from "@gatehouse/shared";
import { createRequire } from "node:module";
import type * as PromClient from "prom-client";

// Loaded only when METRICS_TOKEN is set: prom-client costs a process about 13 MB and its load time.
const promClient = () => createRequire(import.meta.url)("prom-client") as typeof PromClient;

/** OpenTelemetry's advice for `http.server.request.duration`, in seconds. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** Methods named as they are; anything else is one label value, as OpenTelemetry says. */
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const OTHER_METHOD = METHODS.length;
const methodIndex = (method: string) => {
  const index = METHODS.indexOf(method);
  return index === -1 ? OTHER_METHOD : index;
};

/** What the scrape reads from the parts that count for themselves (plain numbers, no prom-client on their paths). */
export type MetricSources = {
  authCache: { stats: AuthCacheStats };
  history: { queued(): number };
  redis: { stats: { fallbacks: number } } | null;
  /** Webhook attempts by result (delivered, retried, failed), counted by the deliverer. */
  webhookDeliveries: Record<string, number>;
  /** The outbox's deliveries by state, read from the database (shared by every instance on it). */
  webhookOutbox: () => Promise<Record<string, number>>;
};

export type AuthCacheStats = {
  credentialHits: number;
  credentialMisses: number;
  tokenHits: number;
  tokenMisses: number;
  /** A credential changed in this process. */
  credentialInvalidations: number;
  /** Another process (the CLI) wrote to the database: the whole cache was emptied. */
  foreignInvalidations: number;
};

export const emptyAuthCacheStats = (): AuthCacheStats => ({
  credentialHits: 0,
  credentialMisses: 0,
  tokenHits: 0,
  tokenMisses: 0,
  credentialInvalidations: 0,
  foreignInvalidations: 0,
});

/** One label set of the request histogram: counts per bucket (not cumulative; the last is +Inf). */
type RequestSeries = { route: string; method: string; status: number; counts: Float64Array; sum: number };

/**
 * Everything `GET /metrics` shows (only with METRICS_TOKEN set; without it nothing here exists).
 * A request costs a few array writes: prom-client's `observe` with labels took about 1 µs a call
 * in a micro-benchmark (it hashes the label object every time), these about 15 ns. The scrape
 * turns the numbers into prom-client metrics through their `collect` callbacks.
 *
 * Labels are route templates, methods, status codes, call names and outcomes: never a username,
 * key, token, address or id, so the set of series stays small and nothing secret leaves here.
 */
export function createMetrics(sources: () => MetricSources) {
  const { collectDefaultMetrics, Gauge, Histogram, Registry } = promClient();
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  // route template → (status × method) → series.
  const requests = new Map<string, Map<number, RequestSeries>>();
  const calls = new Float64Array(apiCalls.length * apiOutcomes.length);
  const callIndex = new Map<string, number>(apiCalls.map((call, index) => [call, index * apiOutcomes.length]));
  const outcomeIndex = new Map<string, number>(apiOutcomes.map((outcome, index) => [outcome, index]));

  registry.registerMetric(requestHistogram(requests) as unknown as PromClient.Metric);

  const atScrape = [
    copiedCounter("gatehouse_calls_total", "Integration API calls as history records them: call name and outcome.", ["call", "outcome"], () =>
      apiCalls.flatMap((call, c) =>
        apiOutcomes.flatMap((outcome, o) => {
          const value = calls[c * apiOutcomes.length + o] ?? 0;
          return value > 0 ? [[{ call, outcome }, value] as const] : [];
        }),
      ),
    ),
    copiedCounter("gatehouse_auth_cache_hits_total", "Credential and token lookups answered from memory.", ["cache"], () => {
      const stats = sources().authCache.stats;
      return [
        [{ cache: "credential" }, stats.credentialHits],
        [{ cache: "token" }, stats.tokenHits],
      ];
    }),
    copiedCounter("gatehouse_auth_cache_misses_total", "Credential and token lookups that read the database.", ["cache"], () => {
      const stats = sources().authCache.stats;
      return [
        [{ cache: "credential" }, stats.credentialMisses],
        [{ cache: "token" }, stats.tokenMisses],
      ];
    }),
    copiedCounter(
      "gatehouse_auth_cache_invalidations_total",
      "Auth cache drops: a credential changed here (credential), or another process wrote to the database and the cache was emptied (foreign).",
      ["reason"],
      () => {
        const stats = sources().authCache.stats;
        return [
          [{ reason: "credential" }, stats.credentialInvalidations],
          [{ reason: "foreign" }, stats.foreignInvalidations],
        ];
      },
    ),
    copiedCounter(
      "gatehouse_redis_fallbacks_total",
      "Limiter checks answered by this instance's own counts because Redis was unavailable (0 without REDIS_URL).",
      [],
      () => [[{}, sources().redis?.stats.fallbacks ?? 0]],
    ),
    copiedCounter(
      "gatehouse_webhook_deliveries_total",
      "Webhook delivery attempts by result: delivered (2xx), retried (failed, tried again later), failed (given up after 24 h).",
      ["result"],
      () => Object.entries(sources().webhookDeliveries).map(([result, count]) => [{ result }, count]),
    ),
    new Gauge({
      name: "gatehouse_webhook_outbox_deliveries",
      help: "Webhook deliveries kept in the database by state: pending (waiting or retrying), delivered, failed (given up); the last 30 days.",
      labelNames: ["state"],
      registers: [],
      async collect() {
        for (const [state, count] of Object.entries(await sources().webhookOutbox())) this.set({ state }, count);
      },
    }),
    new Gauge({
      name: "gatehouse_history_queue_depth",
      help: "Calls recorded in memory and not yet written to history (written every second).",
      registers: [],
      collect() {
        this.set(sources().history.queued());
      },
    }),
  ];
  for (const metric of atScrape) registry.registerMetric(metric);

  const historyFlush = new Histogram({
    name: "gatehouse_history_flush_seconds",
    help: "Time one history write (a transaction of the last second's calls) took.",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });

  return {
    contentType: registry.contentType,
    render: () => registry.metrics(),

    /** One answered request: its route template (never its URL), method, status and duration. */
    observeRequest(route: string, method: string, status: number, seconds: number) {
      let byStatus = requests.get(route);
      if (!byStatus) requests.set(route, (byStatus = new Map()));
      const methodAt = methodIndex(method);
      const key = status * 8 + methodAt;
      let series = byStatus.get(key);
      if (!series) {
        series = { route, method: METHODS[methodAt] ?? "_OTHER", status, counts: new Float64Array(DURATION_BUCKETS.length + 1), sum: 0 };
        byStatus.set(key, series);
      }
      let bucket = 0;
      while (bucket < DURATION_BUCKETS.length && seconds > (DURATION_BUCKETS[bucket] as number)) bucket += 1;
      (series.counts[bucket] as number) += 1;
      series.sum += seconds;
    },

    /** One integration call, with the outcome history records for it. */
    countCall(call: ApiCall, outcome: ApiOutcome) {
      const index = (callIndex.get(call) ?? 0) + (outcomeIndex.get(outcome) ?? 0);
      (calls[index] as number) += 1;
    },

    historyFlushed(seconds: number) {
      historyFlush.observe(seconds);
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** A counter kept elsewhere in plain numbers, copied in when Prometheus scrapes. */
function copiedCounter(name: string, help: string, labelNames: string[], read: () => (readonly [Record<string, string>, number])[]) {
  const { Counter } = promClient();
  return new Counter({
    name,
    help,
    labelNames,
    registers: [],
    collect() {
      this.reset();
      for (const [labels, value] of read()) this.inc(labels, value);
    },
  });
}

/**
 * `http_server_request_duration_seconds`, rendered by prom-client's registry from the plain
 * series above: prom-client's own Histogram can only be fed one observation at a time.
 */
function requestHistogram(requests: Map<string, Map<number, RequestSeries>>) {
  const name = "http_server_request_duration_seconds";
  return {
    name,
    help: "Duration of HTTP server requests (OpenTelemetry http.server.request.duration).",
    type: "histogram",
    aggregator: "sum",
    get() {
      const values: { metricName: string; labels: Record<string, string | number>; value: number }[] = [];
      for (const byStatus of requests.values()) {
        for (const { route, method, status, counts, sum } of byStatus.values()) {
          const labels = { http_request_method: method, http_response_status_code: status, http_route: route };
          let cumulative = 0;
          counts.forEach((count, bucket) => {
            cumulative += count;
            values.push({ metricName: `${name}_bucket`, labels: { ...labels, le: DURATION_BUCKETS[bucket] ?? "+Inf" }, value: cumulative });
          });
          values.push({ metricName: `${name}_sum`, labels, value: sum }, { metricName: `${name}_count`, labels, value: cumulative });
        }
      }
      return { name, help: this.help, type: this.type, aggregator: this.aggregator, values };
    },
  };
}
