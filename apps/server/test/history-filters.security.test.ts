import type { HistoryPage } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { integrationSetup, jsonOf } from "./helpers.ts";

/**
 * Three kinds of call from 192.0.2.9, which a dual-stack socket reports as ::ffff:192.0.2.9,
 * and one from elsewhere: what an admin filters on must find the same rows in the list and in
 * the CSV export, or an export handed to an auditor leaves calls out.
 */
async function withTraffic() {
  const t = await integrationSetup();
  const erp = await t.credential({ scopes: ["products:read"], allowedIps: [{ entry: "192.0.2.9" }] });
  const { token } = await t.login(erp.username, erp.key, "::ffff:192.0.2.9");
  await t.v1("GET", "/products", { token, ip: "::ffff:192.0.2.9" });
  await t.v1("GET", "/orders", { token, ip: "::ffff:192.0.2.9" });
  await t.login(erp.username, erp.key, "198.51.100.66");
  await t.deps.history.flush();
  const list = async (query: string) => (await jsonOf<HistoryPage>(await t.call("GET", `/api/admin/history?${query}`))).items;
  const csv = async (query: string) => {
    const res = await t.call("GET", `/api/admin/history/export.csv?${query}`);
    expect(res.status).toBe(200);
    return (await res.text()).split("\r\n").slice(1, -1);
  };
  return { ...t, erp, list, csv };
}

describe("history filters are the same for the list and the CSV export", () => {
  it("an IPv4-mapped address finds the IPv4 rows in both", async () => {
    const t = await withTraffic();
    const query = `ip=${encodeURIComponent("::ffff:192.0.2.9")}`;
    expect(await t.list(query)).toHaveLength(3);
    const lines = await t.csv(query);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line.split(",")[4]).toBe("192.0.2.9");
  });

  it.each([
    ["ip=192.0.2.9", 3],
    ["ip=%3A%3AFFFF%3Ac000%3A209", 3],
    ["ip=%20192.0.2.9%20", 3],
    ["ip=0%3A0%3A0%3A0%3A0%3Affff%3A198.51.100.66", 1],
    ["call=products.list&ip=%3A%3Affff%3A192.0.2.9", 1],
    ["outcome=insufficient_scope&ip=%3A%3Affff%3A192.0.2.9", 1],
    ["outcome=ip_not_allowed", 1],
    ["", 4],
  ])("?%s gives %i rows in both", async (query, rows) => {
    const t = await withTraffic();
    const listed = await t.list(query);
    expect(listed).toHaveLength(rows);
    const exported = (await t.csv(query)).map((line) => line.split(",").slice(3, 6).join(","));
    expect(exported).toEqual(listed.map((row) => [row.call, row.ip, row.outcome].join(",")));
  });

  it("a username in any case finds the same rows in both", async () => {
    const t = await withTraffic();
    const query = `username=${t.erp.username.toUpperCase()}`;
    expect(await t.list(query)).toHaveLength(4);
    expect(await t.csv(query)).toHaveLength(4);
  });
});
