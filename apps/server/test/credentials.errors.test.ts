import { describe, expect, it } from "vitest";
import { credentialsSetup, errorOf, fromIp, sameOrigin, rowOf, rowsOf } from "./helpers.ts";

const past = "2020-01-01T00:00:00Z";

describe("credential validation", () => {
  it.each([
    [{}, "username", "Enter an API Username"],
    [{ username: "ab" }, "username", "API Username must be 3–20 characters"],
    [{ username: "a".repeat(21) }, "username", "API Username must be 3–20 characters"],
    [{ username: "erp sync" }, "username", "Use only letters, digits and . _ -"],
    [{ username: "erp/sync" }, "username", "Use only letters, digits and . _ -"],
    [{ username: "ërp-sync" }, "username", "Use only letters, digits and . _ -"],
    [{ username: "erp-sync", scopes: ["products:delete"] }, "scopes.0", "Use one of"],
    [{ username: "erp-sync", scopes: ["orders:read", "orders:read"] }, "scopes", "Each permission can be listed once"],
    [{ username: "erp-sync", scopes: "orders:read" }, "scopes", ""],
    [{ username: "erp-sync", expiresAt: "tomorrow" }, "expiresAt", "Expires must be a date and time"],
    [{ username: "erp-sync", expiresAt: past }, "expiresAt", "Expires must be in the future"],
    [{ username: "erp-sync", rateLimit: 0 }, "rateLimit", "at least 1"],
    [{ username: "erp-sync", rateLimit: 1.5 }, "rateLimit", "whole number"],
    [{ username: "erp-sync", rateLimit: 100_001 }, "rateLimit", "at most"],
    [{ username: "erp-sync", rateLimit: "60" }, "rateLimit", "whole number"],
    [{ username: "erp-sync", status: "on" }, "status", "Choose Enabled or Disabled"],
    [{ username: "erp-sync", keyLength: 63 }, "keyLength", "64–256"],
    [{ username: "erp-sync", keyLength: 257 }, "keyLength", "64–256"],
    [{ username: "erp-sync", allowedIps: [{ entry: "0177.0.0.1" }] }, "allowedIps.0.entry", ""],
    [{ username: "erp-sync", allowedIps: [{ entry: "10.0.0.1" }, { entry: "10.0.0.1" }] }, "allowedIps.1.entry", "already in the list"],
    // The same addresses written another way are the same entry.
    [
      { username: "erp-sync", allowedIps: [{ entry: "1.2.3.4" }, { entry: "1.2.3.4/32" }] },
      "allowedIps.1.entry",
      "1.2.3.4/32 is the same as 1.2.3.4 (IP address 1)",
    ],
    [
      { username: "erp-sync", allowedIps: [{ entry: "2001:db8::1" }, { entry: "2001:db8::1/128" }] },
      "allowedIps.1.entry",
      "2001:db8::1/128 is the same as 2001:db8::1",
    ],
    [
      { username: "erp-sync", allowedIps: [{ entry: "192.0.2.0/24" }, { entry: "10.0.0.1" }, { entry: "192.0.2.*" }] },
      "allowedIps.2.entry",
      "192.0.2.* is the same as 192.0.2.0/24 (IP address 1)",
    ],
  ])("refuses %o with a message on %s and creates nothing", async (body, field, message) => {
    const { call, store } = await credentialsSetup();
    const res = await call("POST", "/api/admin/credentials", body);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe("invalid_request");
    expect(error.fields?.[field]).toContain(message);
    expect(await rowsOf(store, "select cast(count(*) as integer) as n from credentials")).toEqual([{ n: 0 }]);
  });

  it("refuses a username taken by another live credential, ignoring case", async () => {
    const { call, create } = await credentialsSetup();
    await create({ username: "erp-sync" });
    const res = await call("POST", "/api/admin/credentials", { username: "ERP-Sync" });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).fields).toEqual({ username: "This API Username is already taken" });
    const other = await create({ username: "other-api" });
    const rename = await call("PATCH", `/api/admin/credentials/${other.credential.id}`, { username: "erp-SYNC" });
    expect(rename.status).toBe(400);
  });

  it.each([
    ["an empty change", {}],
    ["an unknown field", { key: "gk_x" }],
    ["a bad grace period field", { status: "enabled", grace: "1h" }],
  ])("refuses %s on edit", async (_name, body) => {
    const { call, create } = await credentialsSetup();
    const { credential } = await create({ username: "erp-sync" });
    expect((await call("PATCH", `/api/admin/credentials/${credential.id}`, body)).status).toBe(400);
  });

  it("refuses an unknown grace period, an unknown field and an unknown credential", async () => {
    const { call, create, store } = await credentialsSetup();
    const { credential } = await create({ username: "erp-sync" });
    expect((await call("POST", `/api/admin/credentials/${credential.id}/regenerate`, { grace: "2h" })).status).toBe(400);
    expect((await call("POST", "/api/admin/credentials/cred_nope/regenerate", {})).status).toBe(404);
    // A review's find: a misspelled grace period ("gracePeriod") was dropped, and the old key stopped at once.
    const misspelled = await call("POST", `/api/admin/credentials/${credential.id}/regenerate`, { gracePeriod: "7d" });
    expect(misspelled.status).toBe(400);
    expect(await rowOf(store, "select key_hash, previous_key_hash from credentials where id = ?", [credential.id])).toMatchObject({ previous_key_hash: null });
    expect((await call("PATCH", "/api/admin/credentials/cred_nope", { status: "enabled" })).status).toBe(404);
    expect((await call("DELETE", "/api/admin/credentials/cred_nope")).status).toBe(404);
  });

  it.each(["?sort=password", "?order=up", "?page=0", "?pageSize=1000", "?status=maybe", `?search=${"x".repeat(21)}`])(
    "refuses list query %s",
    async (query) => {
      const { call } = await credentialsSetup();
      expect((await call("GET", `/api/admin/credentials${query}`)).status).toBe(400);
    },
  );

  it("refuses malformed JSON and a bulk action without ids", async () => {
    const { app, call, cookie } = await credentialsSetup();
    expect((await call("POST", "/api/admin/credentials/bulk", { action: "disable", ids: [] })).status).toBe(400);
    const res = await app.request(
      "/api/admin/credentials",
      { method: "POST", headers: { ...sameOrigin, Cookie: cookie, "Content-Type": "application/json" }, body: '{"username": "erp' },
      fromIp("127.0.0.1"),
    );
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe("invalid_request");
  });
});

describe("an allowed IP's note", () => {
  it("is one line: a line break or control character is refused with a message on it", async () => {
    const { call, store } = await credentialsSetup();
    for (const note of ["office\nwarehouse", "bell\u0007", "tab\there"]) {
      const res = await call("POST", "/api/admin/credentials", { username: "erp-sync", allowedIps: [{ entry: "10.0.0.1", note }] });
      expect(res.status, note).toBe(400);
      expect((await errorOf(res)).fields, note).toEqual({ "allowedIps.0.note": "A note must be one line of text" });
    }
    expect(await rowsOf(store, "select cast(count(*) as integer) as n from credentials")).toEqual([{ n: 0 }]);
  });

  it("shows as typed: text-direction marks and zero-width spaces are refused, emoji are not", async () => {
    const { call } = await credentialsSetup();
    const disguised = [
      "office \u2067warehouse\u2069",
      "off\u2060ice",
      "a\u200Db",
      "ware\u3164house",
      "soft\u00ADhyphen",
      "two\u2028lines",
      "tag\u{E0041}",
      "half \uD83D",
    ];
    for (const note of disguised) {
      const res = await call("POST", "/api/admin/credentials", { username: "erp-sync", allowedIps: [{ entry: "10.0.0.1", note }] });
      expect(res.status, note).toBe(400);
      expect((await errorOf(res)).fields, note).toEqual({
        "allowedIps.0.note": "A note cannot hold invisible characters (text-direction marks, zero-width spaces)",
      });
    }
    // A family (zero-width joiners), a flag of Scotland (tag characters), a keycap and a heart (variation selectors).
    const emoji = "family \u{1F468}\u200D\u{1F469}\u200D\u{1F467} \u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} 1\uFE0F\u20E3 \u2764\uFE0F";
    const res = await call("POST", "/api/admin/credentials", { username: "erp-sync", allowedIps: [{ entry: "10.0.0.1", note: emoji }] });
    expect(res.status).toBe(201);
  });
});

// PostgreSQL cannot store U+0000 (SQLite can): a NUL was a 500 there, and a value one database
// keeps and the other refuses would make them behave apart. It is a 400 on both.
describe("the NUL character", () => {
  it("in a field is refused with a message on it, and nothing is created", async () => {
    const { call, store } = await credentialsSetup();
    const res = await call("POST", "/api/admin/credentials", { username: "erp-sync", allowedIps: [{ entry: "10.0.0.1", note: "office\u0000" }] });
    expect(res.status).toBe(400);
    // A note is one line of text, so the note's own rule answers before the NUL check does.
    expect((await errorOf(res)).fields).toEqual({ "allowedIps.0.note": "A note must be one line of text" });
    const pem = await call("POST", "/api/admin/credentials", {
      username: "erp-sync",
      signing: { mode: "optional", alg: "ed25519", publicKey: "-----BEGIN\u0000" },
    });
    expect(pem.status).toBe(400);
    expect((await errorOf(pem)).fields).toEqual({ "signing.publicKey": "Must not contain the NUL character" });
    expect(await rowsOf(store, "select cast(count(*) as integer) as n from credentials")).toEqual([{ n: 0 }]);
  });

  it("in a path is a 4xx, never a 5xx", async () => {
    const { call, create } = await credentialsSetup();
    const { credential } = await create({ username: "erp-sync" });
    for (const path of ["/api/admin/credentials/%00", `/api/admin/credentials/${credential.id}%00`, "/api/admin/history?username=erp%00sync"]) {
      const res = await call("GET", path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
    }
    const edit = await call("PATCH", `/api/admin/credentials/${credential.id}%00`, { description: "changed" });
    expect(edit.status).toBeGreaterThanOrEqual(400);
    expect(edit.status).toBeLessThan(500);
    expect(((await (await call("GET", `/api/admin/credentials/${credential.id}`)).json()) as { description: string }).description).toBe("");
  });
});
