import autocannon from "autocannon";

export type LoadFigure = { requests: number; rps: number; p50: number; p99: number; non2xx: number; errors: number };

/**
 * A fixed number of requests (not a duration), so every request autocannon counts was answered
 * and the history check afterwards can be exact.
 */
export async function load(url: string, options: { amount: number; connections?: number; method?: "GET" | "POST"; headers?: Record<string, string>; body?: string }): Promise<LoadFigure> {
  const result = await autocannon({
    url,
    amount: options.amount,
    connections: options.connections ?? 64,
    method: options.method ?? "GET",
    headers: options.headers ?? {},
    ...(options.body ? { body: options.body } : {}),
  });
  return {
    requests: result.requests.total,
    // Total over elapsed time: per-second averages are coarse for runs of a few seconds.
    rps: Math.round(result.requests.total / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
