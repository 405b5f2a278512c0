import * as fc from "fast-check";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { scopes } from "@gatehouse/shared";
import type { CredentialAuth } from "../src/domain/auth/cache.ts";
import type { AppEnv } from "../src/env.ts";
import { jsonString } from "../src/lib/json-text.ts";
import { requestHeader } from "../src/lib/request-header.ts";
import { sessionJson } from "../src/routes/v1/session.ts";

describe("JSON built from a template on the hot path", () => {
  it("quotes a string exactly as JSON.stringify does", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        expect(jsonString(text)).toBe(JSON.stringify(text));
      }),
      { numRuns: 500 },
    );
  });

  it("writes GET /session's body as JSON.stringify writes the SessionResponse", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary" }),
        fc.subarray([...scopes]),
        fc.oneof(fc.ipV4(), fc.ipV6(), fc.string()),
        fc.option(fc.date({ noInvalidDate: true }).map((date) => date.toISOString())),
        (username, scopeList, ip, expiresAt) => {
          const credential = { username, scopeList } as unknown as CredentialAuth;
          const expected = JSON.stringify({ username, scopes: scopeList, ip, expires_at: expiresAt });
          // Twice: the second answer comes from the credential's serialised part.
          expect(sessionJson(credential, ip, expiresAt)).toBe(expected);
          expect(sessionJson(credential, ip, expiresAt)).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});

/** What requestHeader answers in a route, for a request with these raw headers (none: without the adapter). */
const read = (rawHeaders: string[] | undefined, name: string, headers: Record<string, string> = {}) => {
  let value: string | undefined | null = null;
  const app = new Hono<AppEnv>().get("/", (c) => {
    value = requestHeader(c, name);
    return c.text("ok");
  });
  const env = rawHeaders === undefined ? undefined : { incoming: { rawHeaders } };
  return Promise.resolve(app.request("/", { headers }, env as never)).then(() => value);
};

describe("requestHeader", () => {
  it("reads Node's raw list whatever the case of the name, and joins repeated lines as the adapter does", async () => {
    const raw = ["Host", "x", "authorization", "Bearer a", "User-Agent", "sync/1.0", "AUTHORIZATION", "Bearer b"];
    expect(await read(raw, "authorization")).toBe("Bearer a, Bearer b");
    expect(await read(raw, "user-agent")).toBe("sync/1.0");
    expect(await read(raw, "x-forwarded-for")).toBeUndefined();
    // A name of the same length that differs is not taken for it.
    expect(await read(["Authorizatiom", "Bearer c"], "authorization")).toBeUndefined();
  });

  it("asks Hono when the app is called without the Node adapter", async () => {
    expect(await read(undefined, "user-agent", { "User-Agent": "sync/2.0" })).toBe("sync/2.0");
    expect(await read(undefined, "authorization")).toBeUndefined();
  });
});
