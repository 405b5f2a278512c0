import type { ErrorEnvelope, HistoryPage } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { integrationSetup, jsonOf } from "./helpers.ts";

describe("a history row's detail", () => {
  it("carries the status, user agent and the request id the integration saw last, in the list and the CSV", async () => {
    const t = await integrationSetup();
    const erp = await t.credential({ scopes: [] });
    const headers = { "User-Agent": "erp-connector/2.3" };
    const first = await t.v1("POST", "/login", { body: { username: erp.username, key: erp.key }, ip: "198.51.100.7", headers });
    const second = await t.v1("POST", "/login", { body: { username: erp.username, key: erp.key }, ip: "198.51.100.7", headers });
    // The id an integration logs from its error body is the one the row keeps: the last call's.
    const seen = (await jsonOf<ErrorEnvelope>(second)).error.request_id;
    expect(seen).toBe(second.headers.get("x-request-id"));
    expect(seen).not.toBe(first.headers.get("x-request-id"));

    const page = await jsonOf<HistoryPage>(await t.call("GET", `/api/admin/history?credentialId=${erp.id}`));
    expect(page.items).toEqual([
      expect.objectContaining({ call: "login", outcome: "ip_not_allowed", status: 403, userAgent: "erp-connector/2.3", count: 2, lastRequestId: seen }),
    ]);

    const csv = await (await t.call("GET", `/api/admin/history/export.csv?credentialId=${erp.id}`)).text();
    expect(csv.trim().split("\r\n")[1]).toMatch(new RegExp(`,login,198\\.51\\.100\\.7,ip_not_allowed,403,2,erp-connector/2\\.3,${seen}$`));
  });

  const long = `LongAgent/1.0 ${"(compatible; nightly sync) ".repeat(30)}`;
  // A review's find: a UTF-8 user agent showed as Latin-1 (`Ã¼nÃ¯cÃ¸dÃ©`), with a control character from `＝`.
  it.each([
    ["UTF-8, as UTF-8", Buffer.from("lagerbestand/ünïcødé ＝1", "utf8").toString("latin1"), "lagerbestand/ünïcødé ＝1"],
    ["bytes that are not UTF-8, as Latin-1", "caf\u00e9-sync/1.0", "café-sync/1.0"],
    ["control characters, replaced", "erp\u0007sync\u009d/1.0", "erp\ufffdsync\ufffd/1.0"],
    // A review's find: cut at 200 characters with no sign it was cut.
    ["200 characters at most, a longer one ending in …", long, `${long.slice(0, 199)}…`],
    ["exactly 200 characters, as sent", long.slice(0, 200), long.slice(0, 200)],
  ])("shows a user agent in %s", async (_name, sent, shown) => {
    const t = await integrationSetup();
    const erp = await t.credential();
    // What Node hands over for the bytes on the wire: one character a byte.
    expect((await t.v1("GET", "/session", { basic: [erp.username, erp.key], headers: { "User-Agent": sent } })).status).toBe(200);
    const page = await jsonOf<HistoryPage>(await t.call("GET", `/api/admin/history?credentialId=${erp.id}`));
    expect(page.items[0]?.userAgent).toBe(shown);
  });

  it("keeps the request id of an allowed call too", async () => {
    const t = await integrationSetup();
    const erp = await t.credential();
    const res = await t.v1("GET", "/session", { basic: [erp.username, erp.key] });
    expect(res.status).toBe(200);
    const page = await jsonOf<HistoryPage>(await t.call("GET", `/api/admin/history?credentialId=${erp.id}`));
    expect(page.items[0]).toMatchObject({ call: "session", outcome: "ok", lastRequestId: res.headers.get("x-request-id") });
  });
});
