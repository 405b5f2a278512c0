import autocannon from "autocannon";

export type LoadFigure = { requests: number; rps: number; p50: number; p99: number; non2xx: number; errors: number };

/**
 * A fixed number of requests (not a duration), so every request autocannon counts was answered
 * and the history check afterwards can be exact.
 */
export async function load(
  url: string,
  options: { amount: number; connections?: number; method?: "GET" | "POST"; headers?: Record<string, string>; body?: string },
): Promise<LoadFigure> {
  const started = performance.now();
  const result = await autocannon({
    url,
    amount: options.amount,
    connections: options.connections ?? 64,
    method: options.method ?? "GET",
    // autocannon notices the last answer at its next sample tick: 25 ms keeps that error small.
    sampleInt: 25,
    headers: options.headers ?? {},
    ...(options.body ? { body: options.body } : {}),
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    requests: result.requests.total,
    // Total over measured wall time: autocannon's own averages are per whole second.
    rps: Math.round(result.requests.total / seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
