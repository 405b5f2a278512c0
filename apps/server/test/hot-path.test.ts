import { describe, expect, it } from "vitest";
import { fromIp, integrationSetup } from "./helpers.ts";

// The calls integrations make all day are answered synchronously: the Node adapter then writes
// the answer at once instead of awaiting a promise (lib/flat-router.ts). A refactor that puts a
// promise back on these paths costs a tenth of the throughput and fails here, not in a bench.
describe("the hot paths stay synchronous", () => {
  it("answers /healthz and a good Bearer call without a promise, and still with a promise where a step awaits", async () => {
    const t = await integrationSetup();
    const { username, key } = await t.credential();
    const { token } = await t.login(username, key);
    const get = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers }, fromIp("203.0.113.10"));

    const health = get("/healthz");
    expect(health).not.toBeInstanceOf(Promise);
    expect((health as Response).status).toBe(200);
    const session = get("/api/v1/session", { Authorization: `Bearer ${token}` });
    expect(session).not.toBeInstanceOf(Promise);
    expect((session as Response).status).toBe(200);
    expect((session as Response).headers.get("cache-control")).toBe("no-store");

    // An unknown token is counted against the address first (an awaited limiter): same answer, later.
    const unknown = get("/api/v1/session", { Authorization: "Bearer nope" });
    expect(unknown).toBeInstanceOf(Promise);
    expect((await unknown).status).toBe(401);
  });
});
