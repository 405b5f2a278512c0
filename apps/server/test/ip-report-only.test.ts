import type { AuditEntry, Credential, HistoryPage, IpSuggestions, Page } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { asAdmin, credentialsSetup, errorOf, integrationSetup, jsonOf, signIn } from "./helpers.ts";

const DAY = 86_400_000;

async function reportOnly(body: Record<string, unknown> = {}) {
  const t = await integrationSetup();
  const erp = await t.credential({ scopes: ["products:read"], ipEnforcement: "report", ...body });
  const history = async () => {
    await t.deps.history.flush();
    return (await jsonOf<HistoryPage>(await t.call("GET", `/api/admin/history?credentialId=${erp.id}`))).items;
  };
  const outcomes = async () => (await history()).map((row) => `${row.call} ${row.ip} ${row.outcome} x${row.count}`).toSorted();
  const credential = async () => jsonOf<Credential>(await t.call("GET", `/api/admin/credentials/${erp.id}`));
  const suggestions = async () => {
    await t.deps.history.flush();
    // A fresh sign-in: tests move the clock by weeks, past the admin session's life.
    const call = asAdmin(t.app, (await signIn(t.app, "olivia")).cookie);
    return jsonOf<IpSuggestions>(await call("GET", `/api/admin/credentials/${erp.id}/ip-suggestions`));
  };
  return { ...t, erp, history, outcomes, credential, suggestions };
}

describe("IP enforcement: Report only", () => {
  it("serves login, Bearer and Basic calls from an unlisted address and records them as ip_not_listed", async () => {
    const t = await reportOnly();
    expect((await t.credential()).ipEnforcement).toBe("report");
    const { res, token } = await t.login(t.erp.username, t.erp.key, "198.51.100.7");
    expect(res.status).toBe(200);
    expect((await t.v1("GET", "/products", { token, ip: "198.51.100.7" })).status).toBe(200);
    expect((await t.v1("GET", "/products", { basic: [t.erp.username, t.erp.key], ip: "198.51.100.8" })).status).toBe(200);
    // A listed address is still plain ok, and a missing scope is still refused for that reason.
    expect((await t.v1("GET", "/products", { basic: [t.erp.username, t.erp.key] })).status).toBe(200);
    expect((await t.v1("GET", "/orders", { token, ip: "198.51.100.7" })).status).toBe(403);
    expect(await t.outcomes()).toEqual([
      "login 198.51.100.7 ip_not_listed x1",
      "orders.list 198.51.100.7 insufficient_scope x1",
      "products.list 198.51.100.7 ip_not_listed x1",
      "products.list 198.51.100.8 ip_not_listed x1",
      "products.list 203.0.113.10 ok x1",
    ]);
    // Served calls are uses of the key: last use follows them.
    expect((await t.credential()).lastUsedIp).toBe("203.0.113.10");
    expect((await jsonOf<HistoryPage>(await t.call("GET", "/api/admin/history?outcome=ip_not_listed"))).items).toHaveLength(3);
  });

  it("lets a would-be-refused address be allowed from its history row", async () => {
    const t = await reportOnly();
    await t.login(t.erp.username, t.erp.key, "198.51.100.7");
    const row = (await t.history()).find((item) => item.outcome === "ip_not_listed");
    expect(row?.allowedNow).toBe(false);
    expect((await t.call("POST", `/api/admin/history/${row?.id}/allow-ip`, {})).status).toBe(200);
    expect((await t.credential()).allowedIps.map((ip) => ip.entry)).toEqual(["203.0.113.10", "198.51.100.7"]);
  });

  it("with an empty list serves every address and records every call as ip_not_listed", async () => {
    const t = await reportOnly({ allowedIps: [] });
    expect((await t.login(t.erp.username, t.erp.key, "203.0.113.10")).res.status).toBe(200);
    expect((await t.login(t.erp.username, t.erp.key, "2001:db8::5")).res.status).toBe(200);
    expect(await t.outcomes()).toEqual(["login 2001:db8::5 ip_not_listed x1", "login 203.0.113.10 ip_not_listed x1"]);
  });

  it("is off by default: Enforce refuses an unlisted address with 403 ip_not_allowed", async () => {
    const t = await integrationSetup();
    const erp = await t.credential();
    expect(erp.credential.ipEnforcement).toBe("enforce");
    const { res } = await t.login(erp.username, erp.key, "198.51.100.7");
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe("ip_not_allowed");
  });

  it("switching to Enforce refuses the next call of a token from an unlisted address, and is audited", async () => {
    const t = await reportOnly();
    const { token } = await t.login(t.erp.username, t.erp.key, "198.51.100.7");
    expect((await t.v1("GET", "/session", { token, ip: "198.51.100.7" })).status).toBe(200);
    const res = await t.call("PATCH", `/api/admin/credentials/${t.erp.id}`, { ipEnforcement: "enforce" });
    expect(res.status).toBe(200);
    expect((await jsonOf<Credential>(res)).ipEnforcement).toBe("enforce");
    const refused = await t.v1("GET", "/session", { token, ip: "198.51.100.7" });
    expect(refused.status).not.toBe(200);
    expect((await t.login(t.erp.username, t.erp.key, "198.51.100.7")).res.status).toBe(403);
    const audit = await jsonOf<Page<AuditEntry>>(await t.call("GET", "/api/admin/audit-log?action=credential.update"));
    expect(audit.items.filter((entry) => entry.targetId === t.erp.id)).toEqual([
      expect.objectContaining({ actor: "olivia", before: { ipEnforcement: "report" }, after: { ipEnforcement: "enforce" } }),
    ]);
  });
});

describe("Suggested addresses", () => {
  it("lists unlisted addresses the key was served from in 30 days, with calls and last use, /24 and /64 of 3+ as one range", async () => {
    const t = await reportOnly();
    const basic = (ip: string) => t.v1("GET", "/products", { basic: [t.erp.username, t.erp.key], ip });
    // 40 days ago: too old to suggest.
    await basic("192.0.2.200");
    t.clock.advance(30 * DAY);
    // 10 days ago: suggested, but outside the 7-day warning.
    await basic("198.51.100.9");
    t.clock.advance(10 * DAY - 3600_000);
    for (const ip of ["198.51.100.1", "198.51.100.2", "198.51.100.2", "198.51.100.3", "192.0.2.7", "2001:db8:1:2::a", "2001:db8:1:2::b"]) await basic(ip);
    await basic("2001:db8:1:2:0:0:0:c");
    await basic("203.0.113.10"); // listed: not suggested
    t.clock.advance(1000);
    await basic("192.0.2.7");
    const lastUse = new Date(t.clock()).toISOString();
    const s = await t.suggestions();
    expect(s.ipEnforcement).toBe("report");
    expect(s.suggestions).toEqual([
      { entry: "198.51.100.0/24", addresses: ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.9"], calls: 5, lastUsedAt: expect.any(String) },
      { entry: "2001:db8:1:2::/64", addresses: ["2001:db8:1:2::a", "2001:db8:1:2::b", "2001:db8:1:2::c"], calls: 3, lastUsedAt: expect.any(String) },
      { entry: "192.0.2.7", addresses: ["192.0.2.7"], calls: 2, lastUsedAt: lastUse },
    ]);
    // 4 + 3 + 2 calls of the last 7 days came from unlisted addresses; the one 10 days ago does not count.
    expect(s.wouldBeRefused7d).toBe(9);
  });

  it("offers fewer than 3 addresses of a /24 one by one, leaves out refused calls, and counts nothing once they are listed", async () => {
    const t = await reportOnly();
    await t.login(t.erp.username, t.erp.key, "198.51.100.1");
    await t.login(t.erp.username, t.erp.key, "198.51.100.2");
    await t.login(t.erp.username, "gk_wrong", "198.51.100.3");
    const s = await t.suggestions();
    expect(s.suggestions.map((one) => one.entry)).toEqual(["198.51.100.1", "198.51.100.2"]);
    expect(s.wouldBeRefused7d).toBe(2);
    await t.call("PATCH", `/api/admin/credentials/${t.erp.id}`, { allowedIps: [{ entry: "203.0.113.10" }, { entry: "198.51.100.0/30" }] });
    const after = await t.suggestions();
    expect(after.suggestions).toEqual([]);
    expect(after.wouldBeRefused7d).toBe(0);
  });
});

describe("IP enforcement: roles and bad input", () => {
  it("lets a viewer read suggestions but not change the mode", async () => {
    const t = await credentialsSetup("viewer");
    const owner = asAdmin(t.app, (await signIn(t.app, "olivia")).cookie);
    const { credential } = await jsonOf<{ credential: Credential }>(await owner("POST", "/api/admin/credentials", { username: "erp-sync" }));
    expect((await t.call("GET", `/api/admin/credentials/${credential.id}/ip-suggestions`)).status).toBe(200);
    const res = await t.call("PATCH", `/api/admin/credentials/${credential.id}`, { ipEnforcement: "report" });
    expect(res.status).toBe(403);
    expect((await jsonOf<Credential>(await owner("GET", `/api/admin/credentials/${credential.id}`))).ipEnforcement).toBe("enforce");
  });

  it("lets an editor change the mode", async () => {
    const t = await credentialsSetup("editor");
    const { credential } = await t.create({ username: "erp-sync" });
    const res = await t.call("PATCH", `/api/admin/credentials/${credential.id}`, { ipEnforcement: "report" });
    expect(res.status).toBe(200);
    expect((await jsonOf<Credential>(res)).ipEnforcement).toBe("report");
  });

  it.each([["off"], ["REPORT"], [true], [null], [""]])("refuses ipEnforcement %j with 400 and changes nothing", async (value) => {
    const t = await credentialsSetup();
    const { credential } = await t.create({ username: "erp-sync", ipEnforcement: "report" });
    const res = await t.call("PATCH", `/api/admin/credentials/${credential.id}`, { ipEnforcement: value });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).fields).toEqual({ ipEnforcement: "Choose enforce or report" });
    expect((await t.call("POST", "/api/admin/credentials", { username: "other-key", ipEnforcement: value })).status).toBe(400);
    expect(await jsonOf<Credential>(await t.call("GET", `/api/admin/credentials/${credential.id}`))).toEqual(credential);
    const list = await jsonOf<{ total: number }>(await t.call("GET", "/api/admin/credentials"));
    expect(list.total).toBe(1);
  });

  it("answers 404 for suggestions of an unknown or deleted key", async () => {
    const t = await credentialsSetup();
    expect((await t.call("GET", "/api/admin/credentials/cred_nope/ip-suggestions")).status).toBe(404);
    const { credential } = await t.create({ username: "erp-sync" });
    await t.call("DELETE", `/api/admin/credentials/${credential.id}`);
    expect((await t.call("GET", `/api/admin/credentials/${credential.id}/ip-suggestions`)).status).toBe(404);
  });
});
