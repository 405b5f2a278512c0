import { Worker } from "node:worker_threads";
import type { AppDeps } from "../src/deps.ts";
import { listen } from "./helpers.ts";

type SendOptions = { body?: unknown; ip?: string; cookie?: string; token?: string; basic?: [string, string]; headers?: Record<string, string> };
type Prepared = { url: string; init: { method: string; headers: Record<string, string>; body?: string } };

// Runs in a worker thread: the attacker's own event loop, so its cost is not the server's.
// Plain node:http with keep-alive: several times faster than fetch, so a flood of tens of
// thousands of requests stays within a test's seconds.
const floodScript = `
const { parentPort, workerData } = require("node:worker_threads");
const http = require("node:http");
const { requests, concurrency } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const statuses = new Array(requests.length).fill(0);
const send = ({ url, init }) =>
  new Promise((resolve) => {
    const req = http.request(url, { method: init.method, headers: init.headers, agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", () => resolve(0));
    req.end(init.body);
  });
let next = 0;
const lane = async () => {
  while (next < requests.length) {
    const i = next++;
    statuses[i] = await send(requests[i]);
  }
};
Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, lane)).then(() => {
  agent.destroy();
  parentPort.postMessage(statuses);
});
`;

/**
 * The app on a real loopback port, and a way to call it as any client address: start the app
 * with TRUSTED_PROXIES=127.0.0.1 and `ip` travels in X-Forwarded-For.
 */
export async function overHttp(deps: AppDeps) {
  const { baseUrl, close } = await listen(deps);
  return { ...httpClient(baseUrl), close };
}

/** Calls a server already listening at `baseUrl` (another process, a proxy) the same way. */
export function httpClient(baseUrl: string) {
  const prepare = (method: string, path: string, options: SendOptions = {}): Prepared => {
    const headers: Record<string, string> = { Origin: baseUrl, "Sec-Fetch-Site": "same-origin", ...options.headers };
    if (options.ip) headers["X-Forwarded-For"] = options.ip;
    if (options.cookie) headers.Cookie = options.cookie;
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (options.basic) headers.Authorization = `Basic ${Buffer.from(options.basic.join(":")).toString("base64")}`;
    if (options.body !== undefined) headers["Content-Type"] ??= "application/json";
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    return { url: `${baseUrl}${path}`, init: { method, headers, ...(body === undefined ? {} : { body }) } };
  };
  const send = (method: string, path: string, options: SendOptions = {}) => {
    const { url, init } = prepare(method, path, options);
    return fetch(url, init);
  };
  /**
   * Sends the requests from a worker thread, `concurrency` at a time (all at once by default);
   * resolves to their statuses in order (0: no answer).
   */
  const flood = (requests: [method: string, path: string, options: SendOptions][], concurrency = requests.length) => {
    const worker = new Worker(floodScript, { eval: true, workerData: { requests: requests.map((args) => prepare(...args)), concurrency } });
    const done = new Promise<number[]>((resolve, reject) => {
      worker.once("message", (statuses: number[]) => {
        void worker.terminate();
        resolve(statuses);
      });
      worker.once("error", reject);
    });
    return { done, started: new Promise<void>((resolve) => worker.once("online", () => resolve())) };
  };
  return { baseUrl, send, flood };
}
