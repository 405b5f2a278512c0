import type { Credential, CredentialList, IssuedKey } from "@gatehouse/shared";
import { isWellFormedKey } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { sha256 } from "../src/lib/hash.ts";
import { HOUR } from "../src/lib/time.ts";
import { credentialsSetup, errorOf, jsonOf, countOf, rowOf, rowsOf } from "./helpers.ts";

describe("creating a credential", () => {
  it("returns the full key once, stores only its hash and prefix", async () => {
    const { call, create, store } = await credentialsSetup();
    const issued = await create({
      username: "inventory-sync",
      scopes: ["products:read", "products:write"],
      allowedIps: [{ entry: "203.0.113.10", note: "warehouse" }],
    });
    expect(issued.key).toHaveLength(64);
    expect(isWellFormedKey(issued.key)).toBe(true);
    expect(issued.credential).toMatchObject({
      username: "inventory-sync",
      status: "enabled",
      keyPrefix: issued.key.slice(0, 8),
      scopes: ["products:read", "products:write"],
      allowedIps: [{ entry: "203.0.113.10", note: "warehouse" }],
      expiresAt: null,
      rateLimit: null,
    });
    const row = await rowOf(store, "select key_hash, key_prefix from credentials");
    expect(row).toEqual({ key_hash: sha256(issued.key), key_prefix: issued.key.slice(0, 8) });
    const again = await call("GET", `/api/admin/credentials/${issued.credential.id}`);
    const list = await call("GET", "/api/admin/credentials");
    const dump = JSON.stringify(await rowsOf(store, "select * from audit_log"));
    for (const text of [await again.text(), await list.text(), dump]) {
      expect(text).not.toContain(issued.key);
      expect(text).not.toContain(issued.key.slice(8, 30));
    }
  });

  it("makes a key of the requested length, up to 256", async () => {
    const { create } = await credentialsSetup();
    const issued = await create({ username: "erp-sync", keyLength: 256 });
    expect(issued.key).toHaveLength(256);
    expect(isWellFormedKey(issued.key)).toBe(true);
  });

  it("takes a username that was used by a deleted credential", async () => {
    const { call, create } = await credentialsSetup();
    const first = await create({ username: "mobile-app" });
    await call("DELETE", `/api/admin/credentials/${first.credential.id}`);
    const second = await call("POST", "/api/admin/credentials", { username: "Mobile-App" });
    expect(second.status).toBe(201);
  });
});

describe("editing a credential", () => {
  it("changes settings, replaces the allowed IPs atomically and audits before → after", async () => {
    const { call, create } = await credentialsSetup();
    const { credential } = await create({ username: "erp-sync", allowedIps: [{ entry: "10.0.0.1" }] });
    const res = await call("PATCH", `/api/admin/credentials/${credential.id}`, {
      status: "disabled",
      scopes: ["orders:read"],
      rateLimit: 120,
      allowedIps: [{ entry: "10.0.0.0/24", note: "office" }, { entry: "2001:DB8::1" }],
    });
    expect(res.status).toBe(200);
    expect(await jsonOf<Credential>(res)).toMatchObject({
      status: "disabled",
      scopes: ["orders:read"],
      rateLimit: 120,
      allowedIps: [
        { entry: "10.0.0.0/24", note: "office" },
        { entry: "2001:db8::1", note: "" },
      ],
    });
    const audit = await jsonOf<{ items: { action: string; before: unknown; after: unknown }[] }>(await call("GET", "/api/admin/audit-log?limit=3"));
    expect(audit.items.map((entry) => entry.action).toSorted()).toEqual(["allowed_ips.replace", "credential.disable", "credential.update"]);
    expect(audit.items.find((entry) => entry.action === "allowed_ips.replace")).toMatchObject({
      before: null,
      after: { added: ["10.0.0.0/24 (office)", "2001:db8::1"], removed: ["10.0.0.1"] },
    });
  });

  it("an invalid IP entry changes nothing at all", async () => {
    const { call, create } = await credentialsSetup();
    const { credential } = await create({ username: "erp-sync", allowedIps: [{ entry: "10.0.0.1" }] });
    const res = await call("PATCH", `/api/admin/credentials/${credential.id}`, {
      scopes: ["orders:read"],
      allowedIps: [{ entry: "10.0.0.2" }, { entry: "127.1" }],
    });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).fields?.["allowedIps.1.entry"]).toBeTruthy();
    const after = await jsonOf<Credential>(await call("GET", `/api/admin/credentials/${credential.id}`));
    expect(after).toMatchObject({ scopes: [], allowedIps: [{ entry: "10.0.0.1" }] });
  });

  // A review's find: a tab opened before an address was removed put it back when it saved.
  it("a list edited from one that is no longer stored is refused with 409 and changes nothing", async () => {
    const { call, create } = await credentialsSetup();
    const { credential } = await create({ username: "erp-sync", allowedIps: [{ entry: "10.0.0.1" }, { entry: "203.0.113.2" }] });
    const opened = [
      { entry: "10.0.0.1", note: "" },
      { entry: "203.0.113.2", note: "" },
    ];
    // Tab A removes 203.0.113.2, from the list it opened.
    const removed = await call("PATCH", `/api/admin/credentials/${credential.id}`, { allowedIps: [{ entry: "10.0.0.1" }], allowedIpsBase: opened });
    expect(removed.status).toBe(200);
    // Tab B, opened before that, only noted the first entry and sends the list it had.
    const stale = await call("PATCH", `/api/admin/credentials/${credential.id}`, {
      description: "from tab B",
      allowedIps: [{ entry: "10.0.0.1", note: "build server" }, { entry: "203.0.113.2" }],
      allowedIpsBase: opened,
    });
    expect(stale.status).toBe(409);
    expect(await errorOf(stale)).toMatchObject({ code: "conflict", fields: { allowedIps: "Changed by someone else meanwhile" } });
    const after = await jsonOf<Credential>(await call("GET", `/api/admin/credentials/${credential.id}`));
    expect(after).toMatchObject({ description: "", allowedIps: [{ entry: "10.0.0.1", note: "" }] });
    // Edited from the list as it is now, it saves; a base alone is not a change.
    const fresh = await call("PATCH", `/api/admin/credentials/${credential.id}`, {
      allowedIps: [{ entry: "10.0.0.1", note: "build server" }],
      allowedIpsBase: [{ entry: "10.0.0.1", note: "" }],
    });
    expect(fresh.status).toBe(200);
    expect((await call("PATCH", `/api/admin/credentials/${credential.id}`, { allowedIpsBase: [] })).status).toBe(400);
  });
});

describe("regenerating a key", () => {
  it("without grace the old key stops at once", async () => {
    const { call, create, store } = await credentialsSetup();
    const issued = await create({ username: "erp-sync" });
    const res = await call("POST", `/api/admin/credentials/${issued.credential.id}/regenerate`, { grace: "none" });
    const renewed = await jsonOf<IssuedKey>(res);
    expect(renewed.key).not.toBe(issued.key);
    expect(isWellFormedKey(renewed.key)).toBe(true);
    expect(renewed.credential.previousKeyExpiresAt).toBeNull();
    expect(await rowOf(store, "select previous_key_hash from credentials")).toEqual({ previous_key_hash: null });
  });

  it("with grace the old key is kept until the grace ends, never past expiry", async () => {
    const { call, create, clock, store } = await credentialsSetup();
    const expiresAt = new Date(clock() + 2 * HOUR).toISOString();
    const issued = await create({ username: "erp-sync", expiresAt });
    const oneHour = await jsonOf<IssuedKey>(await call("POST", `/api/admin/credentials/${issued.credential.id}/regenerate`, { grace: "1h" }));
    expect(oneHour.credential.previousKeyExpiresAt).toBe(new Date(clock() + HOUR).toISOString());
    expect(await rowOf(store, "select previous_key_hash from credentials")).toEqual({ previous_key_hash: sha256(issued.key) });
    const other = await create({ username: "pos-sync", expiresAt });
    const sevenDays = await jsonOf<IssuedKey>(await call("POST", `/api/admin/credentials/${other.credential.id}/regenerate`, { grace: "7d" }));
    expect(sevenDays.credential.previousKeyExpiresAt).toBe(expiresAt);
  });
});

describe("deleting a credential", () => {
  it("removes it from the list and its key, keeps the row for history, and is audited", async () => {
    const { call, create, store } = await credentialsSetup();
    const { credential } = await create({ username: "old-erp", allowedIps: [{ entry: "10.0.0.1" }] });
    expect((await call("DELETE", `/api/admin/credentials/${credential.id}`)).status).toBe(204);
    expect((await call("GET", `/api/admin/credentials/${credential.id}`)).status).toBe(404);
    expect((await jsonOf<CredentialList>(await call("GET", "/api/admin/credentials"))).total).toBe(0);
    expect(await rowOf(store, "select username, key_hash, deleted_at is not null as deleted from credentials")).toEqual({
      username: "old-erp",
      key_hash: null,
      deleted: 1,
    });
    expect(await countOf(store, "allowed_ips")).toBe(0);
  });
});

describe("the list", () => {
  it("searches, filters by status, sorts and pages on the server", async () => {
    const { call, create, clock } = await credentialsSetup();
    for (const name of ["erp-sync", "inventory-sync", "mobile-app", "analytics_export", "erp-staging"]) {
      clock.advance(1000);
      await create({ username: name, status: name === "mobile-app" ? "disabled" : "enabled", allowedIps: name === "erp-sync" ? [{ entry: "*" }] : [] });
    }
    const get = async (query: string) => jsonOf<CredentialList>(await call("GET", `/api/admin/credentials${query}`));
    expect((await get("?search=erp")).items.map((item) => item.username)).toEqual(["erp-staging", "erp-sync"]);
    expect((await get("?search=_")).items.map((item) => item.username)).toEqual(["analytics_export"]);
    expect((await get("?status=disabled")).items.map((item) => item.username)).toEqual(["mobile-app"]);
    expect((await get("?sort=createdAt&order=desc&pageSize=2")).items.map((item) => item.username)).toEqual(["erp-staging", "analytics_export"]);
    const page2 = await get("?pageSize=2&page=2");
    expect(page2).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(page2.items.map((item) => item.username)).toEqual(["erp-sync", "inventory-sync"]);
    const erp = (await get("?search=erp-sync")).items[0];
    expect(erp).toMatchObject({ allowedIpCount: 1, allowsAnyIp: true });
  });

  it("bulk-disables and bulk-deletes", async () => {
    const { call, create } = await credentialsSetup();
    const ids = [];
    for (const name of ["one-api", "two-api", "three-api"]) ids.push((await create({ username: name })).credential.id);
    const disabled = await call("POST", "/api/admin/credentials/bulk", { action: "disable", ids: [...ids, "cred_missing"] });
    expect(await jsonOf(disabled)).toEqual({ affected: 3 });
    expect((await jsonOf<CredentialList>(await call("GET", "/api/admin/credentials?status=enabled"))).total).toBe(0);
    expect(await jsonOf(await call("POST", "/api/admin/credentials/bulk", { action: "delete", ids: ids.slice(0, 2) }))).toEqual({ affected: 2 });
    expect((await jsonOf<CredentialList>(await call("GET", "/api/admin/credentials"))).total).toBe(1);
  });
});

describe("roles", () => {
  it("an editor creates, edits and regenerates but cannot delete, not even in bulk", async () => {
    const { call, create } = await credentialsSetup("editor");
    const { credential } = await create({ username: "erp-sync" });
    expect((await call("PATCH", `/api/admin/credentials/${credential.id}`, { status: "disabled" })).status).toBe(200);
    expect((await call("POST", `/api/admin/credentials/${credential.id}/regenerate`, {})).status).toBe(200);
    const single = await call("DELETE", `/api/admin/credentials/${credential.id}`);
    expect(single.status).toBe(403);
    expect((await errorOf(single)).message).toBe("You do not have permission to delete APIs");
    expect((await call("POST", "/api/admin/credentials/bulk", { action: "delete", ids: [credential.id] })).status).toBe(403);
    expect((await call("GET", `/api/admin/credentials/${credential.id}`)).status).toBe(200);
  });

  it("a viewer reads but changes nothing", async () => {
    const { call } = await credentialsSetup("viewer");
    expect((await call("GET", "/api/admin/credentials")).status).toBe(200);
    const res = await call("POST", "/api/admin/credentials", { username: "erp-sync" });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).message).toBe("You do not have permission to change APIs");
  });
});
