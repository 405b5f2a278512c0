import type { AllowAddressResult, AuditEntry, Credential, HistoryPage, Page } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { asAdmin, errorOf, integrationSetup, jsonOf, seedAdmin, signIn } from "./helpers.ts";

/** A credential allowed from 203.0.113.10, refused twice from 198.51.100.66 and once from 198.51.100.67. */
async function refused() {
  const t = await integrationSetup();
  const erp = await t.credential({ scopes: ["products:read"] });
  for (const ip of ["198.51.100.66", "198.51.100.66", "198.51.100.67"]) await t.login(erp.username, erp.key, ip);
  await t.login(erp.username, erp.key);
  const history = async () => (await jsonOf<HistoryPage>(await t.call("GET", `/api/admin/history?credentialId=${erp.id}`))).items;
  const rowOf = async (ip: string, outcome = "ip_not_allowed") => {
    const row = (await history()).find((item) => item.ip === ip && item.outcome === outcome);
    if (!row) throw new Error(`no ${outcome} row from ${ip}`);
    return row;
  };
  const allow = (id: number | string, call = t.call) => call("POST", `/api/admin/history/${id}/allow-ip`, {});
  const credential = async () => {
    await t.deps.history.flush(); // last use is written with the history
    return jsonOf<Credential>(await t.call("GET", `/api/admin/credentials/${erp.id}`));
  };
  const audited = async () =>
    (await jsonOf<Page<AuditEntry>>(await t.call("GET", "/api/admin/audit-log?action=allowed_ips.replace"))).items.filter((entry) => entry.targetId === erp.id);
  return { ...t, erp, history, rowOf, allow, credential, audited };
}

describe("Allow this IP, from a history row", () => {
  it("adds the row's address to the row's key, audited, and the row then reads as allowed", async () => {
    const t = await refused();
    const row = await t.rowOf("198.51.100.66");
    expect(row.allowedNow).toBe(false);
    const res = await t.allow(row.id);
    expect(res.status).toBe(200);
    expect(await jsonOf<AllowAddressResult>(res)).toEqual({
      result: "added",
      ip: "198.51.100.66",
      credentialId: t.erp.id,
      username: t.erp.username,
      coveredBy: null,
      keyStoppedBy: [],
    });
    expect((await t.credential()).allowedIps).toEqual([
      { entry: "203.0.113.10", note: "" },
      { entry: "198.51.100.66", note: "Added from history" },
    ]);
    expect(await t.audited()).toEqual([expect.objectContaining({ actor: "olivia", after: { added: ["198.51.100.66 (Added from history)"], removed: [] } })]);
    expect((await t.rowOf("198.51.100.66")).allowedNow).toBe(true);
    expect((await t.rowOf("198.51.100.67")).allowedNow).toBe(false);
    expect((await t.login(t.erp.username, t.erp.key, "198.51.100.66")).res.status).toBe(200);
  });

  it("answers a second press with 'already allowed' and writes nothing", async () => {
    const t = await refused();
    const row = await t.rowOf("198.51.100.66");
    expect((await t.allow(row.id)).status).toBe(200);
    const before = await t.credential();
    const again = await t.allow(row.id);
    expect(again.status).toBe(200);
    expect(await jsonOf<AllowAddressResult>(again)).toMatchObject({ result: "already_allowed", ip: "198.51.100.66", coveredBy: "198.51.100.66" });
    expect(await t.credential()).toEqual(before);
    expect(await t.audited()).toHaveLength(1);
  });

  it("says when the key is refused from any address anyway: disabled, or expired", async () => {
    const t = await refused();
    await t.call("PATCH", `/api/admin/credentials/${t.erp.id}`, { status: "disabled" });
    const added = await t.allow((await t.rowOf("198.51.100.66")).id);
    expect(await jsonOf<AllowAddressResult>(added)).toMatchObject({ result: "added", keyStoppedBy: ["disabled"] });
    expect((await t.login(t.erp.username, t.erp.key, "198.51.100.66")).res.status).toBe(401);

    await t.call("PATCH", `/api/admin/credentials/${t.erp.id}`, { expiresAt: new Date(t.clock() + 60_000).toISOString() });
    t.clock.advance(120_000);
    const both = await t.allow((await t.rowOf("198.51.100.66")).id);
    expect(await jsonOf<AllowAddressResult>(both)).toMatchObject({ result: "already_allowed", keyStoppedBy: ["disabled", "expired"] });
    await t.call("PATCH", `/api/admin/credentials/${t.erp.id}`, { status: "enabled" });
    const expired = await t.allow((await t.rowOf("198.51.100.67")).id);
    expect(await jsonOf<AllowAddressResult>(expired)).toMatchObject({ result: "added", keyStoppedBy: ["expired"] });
  });

  it("names the range that already allows the address", async () => {
    const t = await refused();
    const row = await t.rowOf("198.51.100.67");
    await t.call("PATCH", `/api/admin/credentials/${t.erp.id}`, { allowedIps: [{ entry: "203.0.113.10" }, { entry: "198.51.100.0/24" }] });
    expect((await t.rowOf("198.51.100.67")).allowedNow).toBe(true);
    const res = await t.allow(row.id);
    expect(await jsonOf<AllowAddressResult>(res)).toMatchObject({ result: "already_allowed", coveredBy: "198.51.100.0/24" });
    expect((await t.credential()).allowedIps).toHaveLength(2);
  });

  it.each([
    ["a row id that is not a number", "abc", 400, /whole number/],
    ["a negative row id", "-1", 400, /whole number/],
    ["an absurdly long row id", "9".repeat(40), 400, /whole number/],
    ["a row that does not exist", "987654", 404, /history row was not found/],
  ])("refuses %s with a clear 4xx and changes nothing", async (_, id, status, message) => {
    const t = await refused();
    const before = await t.credential();
    const res = await t.allow(id);
    expect(res.status).toBe(status);
    const error = await errorOf(res);
    expect([error.message, ...Object.values(error.fields ?? {})].join(" ")).toMatch(message);
    expect(await t.credential()).toEqual(before);
  });

  it("refuses a row that was not refused for its address", async () => {
    const t = await refused();
    const ok = await t.rowOf("203.0.113.10", "ok");
    const res = await t.allow(ok.id);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toBe("Only a call refused for its address can be allowed from history");
  });

  it("refuses a row of a deleted key", async () => {
    const t = await refused();
    const row = await t.rowOf("198.51.100.66");
    expect((await t.call("DELETE", `/api/admin/credentials/${t.erp.id}`)).status).toBe(204);
    const res = await t.allow(row.id);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/was deleted/);
    expect((await t.history()).find((item) => item.id === row.id)?.allowedNow).toBe(false);
  });

  it("is for owners and editors: a viewer is refused and nothing changes", async () => {
    const t = await refused();
    const row = await t.rowOf("198.51.100.66");
    await seedAdmin(t.deps, "vera", "viewer");
    const viewer = asAdmin(t.app, (await signIn(t.app, "vera")).cookie);
    const res = await t.allow(row.id, viewer);
    expect(res.status).toBe(403);
    expect((await errorOf(res)).message).toBe("You do not have permission to change APIs");
    expect((await t.credential()).allowedIps).toHaveLength(1);
    await seedAdmin(t.deps, "eddie", "editor");
    const editor = asAdmin(t.app, (await signIn(t.app, "eddie")).cookie);
    expect(await jsonOf<AllowAddressResult>(await t.allow(row.id, editor))).toMatchObject({ result: "added" });
  });
});
