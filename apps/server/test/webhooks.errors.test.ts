import type { CreatedWebhook, WebhookEndpoint } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { MAX_WEBHOOK_ENDPOINTS } from "../src/domain/webhooks/endpoints.ts";
import { credentialsSetup, errorOf, jsonOf, rowsOf } from "./helpers.ts";

const good = { url: "https://hooks.example.com/gatehouse", events: ["credential.created"] };

/** What a refused request must leave as it was: endpoints, outbox and audit log. */
const snapshot = async (t: Awaited<ReturnType<typeof credentialsSetup>>) =>
  JSON.stringify(
    await Promise.all(
      ["webhook_endpoints", "webhook_events", "webhook_deliveries", "audit_log"].map((table) => rowsOf(t.store, `select * from ${table} order by 1`)),
    ),
  );

describe("webhook endpoints: bad input", () => {
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ ...good, url: "ftp://hooks.example.com/x" }, "url", /https:\/\/ or http:\/\//],
    [{ ...good, url: "javascript:alert(1)" }, "url", /full URL/],
    [{ ...good, url: "hooks.example.com/x" }, "url", /full URL/],
    [{ ...good, url: "https://user:pass@hooks.example.com/x" }, "url", /user name and password/],
    [{ ...good, url: "http://hooks.example.com/\r\nX-Evil: 1" }, "url", /line breaks/],
    [{ ...good, url: "https://hooks.example.com/a b" }, "url", /spaces/],
    [{ ...good, url: "https://hooks.exa\tmple.com/x" }, "url", /tabs/],
    [{ ...good, url: "http://0x7f000001:8080/ok" }, "url", /four decimal numbers \(127\.0\.0\.1\)/],
    [{ ...good, url: "http://2130706433/ok" }, "url", /four decimal numbers/],
    [{ ...good, url: "http://127.1/ok" }, "url", /four decimal numbers/],
    [{ ...good, url: "http:/127.0.0.1:8080/ok" }, "url", /https:\/\/ or http:\/\//],
    [{ ...good, url: "https://hooks.example.com:0/x" }, "url", /Port 0/],
    [{ ...good, url: "https://hooks.example.com/x#frag" }, "url", /#… part/],
    [{ ...good, url: `https://hooks.example.com/${"a".repeat(2000)}` }, "url", /at most 2000/],
    [{ ...good, url: "" }, "url", /Enter the endpoint URL/],
    [{ ...good, events: ["credential.exploded"] }, "events.0", /Unknown event/],
    [{ ...good, events: [] }, "events", /at least one/],
    [{ ...good, events: ["credential.created", "credential.created"] }, "events", /Each event once/],
    [{ ...good, events: Array.from({ length: 5000 }, () => "credential.created") }, "events", /.+/],
    [{ ...good, events: ["calls.denied_spike"] }, "deniedThreshold", /denied calls per key and hour/],
    [{ ...good, events: ["calls.denied_spike"], deniedThreshold: 0 }, "deniedThreshold", /1–1,000,000/],
    [{ ...good, events: ["calls.denied_spike"], deniedThreshold: 2.5 }, "deniedThreshold", /whole number/],
    [{ ...good, events: ["calls.denied_spike"], deniedThreshold: "10" }, "deniedThreshold", /whole number/],
    [{ ...good, secret: "mine" }, "body", /.+/],
  ];
  it.each(cases.map(([body, field, message], n) => ({ n, body, field, message })))(
    "bad body #$n → 400 on $field, nothing stored",
    async ({ body, field, message }) => {
      const t = await credentialsSetup();
      const before = await snapshot(t);
      const res = await t.call("POST", "/api/admin/webhooks", body);
      expect(res.status).toBe(400);
      const error = await errorOf(res);
      expect(error.code).toBe("invalid_request");
      expect(error.fields?.[field]).toMatch(message);
      expect(await snapshot(t)).toBe(before);
    },
  );

  it("refuses a body over the admin limit, unknown endpoints and deliveries with 4xx, changing nothing", async () => {
    const t = await credentialsSetup();
    const before = await snapshot(t);
    expect((await t.call("POST", "/api/admin/webhooks", { ...good, url: `https://x.example/${"a".repeat(300_000)}` })).status).toBe(413);
    expect((await t.call("DELETE", "/api/admin/webhooks/whk_missing")).status).toBe(404);
    expect((await t.call("POST", "/api/admin/webhooks/whk_missing/test")).status).toBe(404);
    expect((await t.call("GET", "/api/admin/webhooks/whk_missing/deliveries")).status).toBe(404);
    expect((await t.call("POST", "/api/admin/webhooks/whk_missing/deliveries/1/resend")).status).toBe(404);
    expect((await t.call("POST", "/api/admin/webhooks/whk_missing/deliveries/abc/resend")).status).toBe(400);
    expect((await t.call("POST", "/api/admin/webhooks/whk_missing/deliveries/1e400/resend")).status).toBe(400);
    expect(await snapshot(t)).toBe(before);
  });

  it("refuses an editor and a viewer with 403, changing nothing", async () => {
    for (const role of ["editor", "viewer"] as const) {
      const t = await credentialsSetup(role);
      const before = await snapshot(t);
      const res = await t.call("POST", "/api/admin/webhooks", good);
      expect(res.status).toBe(403);
      expect((await errorOf(res)).message).toBe("You do not have permission to manage notifications");
      expect(await snapshot(t)).toBe(before);
    }
  });

  it(`keeps at most ${MAX_WEBHOOK_ENDPOINTS} endpoints when 40 identical requests arrive at once`, async () => {
    const t = await credentialsSetup();
    const answers = await Promise.all(Array.from({ length: 40 }, () => t.call("POST", "/api/admin/webhooks", good)));
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(MAX_WEBHOOK_ENDPOINTS);
    expect(statuses.filter((status) => status === 409)).toHaveLength(40 - MAX_WEBHOOK_ENDPOINTS);
    const secrets = await Promise.all(answers.filter((res) => res.status === 201).map(async (res) => (await jsonOf<CreatedWebhook>(res)).secret));
    expect(new Set(secrets).size).toBe(MAX_WEBHOOK_ENDPOINTS);
  });
});

describe("webhook endpoints", () => {
  it("adds, lists without the secret, and removes an endpoint, each change in the audit log", async () => {
    const t = await credentialsSetup();
    const created = await jsonOf<CreatedWebhook>(
      await t.call("POST", "/api/admin/webhooks", { ...good, events: ["calls.denied_spike", "credential.created"], deniedThreshold: 50 }),
    );
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
    expect(created.endpoint).toMatchObject({ url: good.url, events: ["calls.denied_spike", "credential.created"], deniedThreshold: 50 });
    const listed = await t.call("GET", "/api/admin/webhooks");
    const text = await listed.text();
    expect(text).not.toContain(created.secret);
    expect((JSON.parse(text) as { items: WebhookEndpoint[] }).items).toEqual([created.endpoint]);
    expect((await t.call("DELETE", `/api/admin/webhooks/${created.endpoint.id}`)).status).toBe(204);
    expect((await jsonOf<{ items: unknown[] }>(await t.call("GET", "/api/admin/webhooks"))).items).toEqual([]);
    const audit = await jsonOf<{ items: { action: string; targetName: string; after: unknown; before: unknown }[] }>(
      await t.call("GET", "/api/admin/audit-log"),
    );
    const entries = audit.items.filter((entry) => entry.action.startsWith("webhook."));
    expect(entries.map((entry) => entry.action)).toEqual(["webhook.delete", "webhook.create"]);
    expect(entries.every((entry) => entry.targetName === good.url)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(created.secret);
  });

  it("drops the threshold of an endpoint that does not ask for denied spikes", async () => {
    const t = await credentialsSetup();
    const created = await jsonOf<CreatedWebhook>(await t.call("POST", "/api/admin/webhooks", { ...good, deniedThreshold: 5 }));
    expect(created.endpoint.deniedThreshold).toBeNull();
  });
});
