import { describe, expect, it } from "vitest";
import { parseWrk } from "../bench/load.ts";

// A report as wrk 4.1 prints it with --latency (taken from a run on this machine).
const report = `Running 1s test @ http://127.0.0.1:3399/bad
  1 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    83.94ms   87.94ms 449.27ms   86.88%
    Req/Sec   142.44     93.58   320.00     77.78%
  Latency Distribution
     50%  839.65us
     75%   95.96ms
     90%  229.51ms
     99%    1.39s
  134 requests in 1.08s, 17.54KB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 134
Requests/sec:    123.53
Transfer/sec:     16.16KB
`;

describe("the bench's wrk report reader", () => {
  it("reads requests, rate, percentiles in milliseconds, refusals and socket errors", () => {
    expect(parseWrk(report)).toEqual({ generator: "wrk", requests: 134, rps: 124, p50: 0.84, p99: 1390, non2xx: 134, errors: 5 });
  });

  it("reports no refusals or errors when wrk prints none", () => {
    const clean = report.replace(/ {2}Socket errors.*\n/, "").replace(/ {2}Non-2xx.*\n/, "");
    expect(parseWrk(clean)).toMatchObject({ non2xx: 0, errors: 0 });
  });
});
