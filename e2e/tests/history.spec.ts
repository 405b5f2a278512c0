import { readFileSync } from "node:fs";
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { asRole, expect, snapshot, test } from "../fixtures.ts";

asRole("owner");

/** The refused row of an address on the History tab or Activity page. */
const refusedRow = (page: Page, ip: string) => page.getByRole("row").filter({ hasText: ip }).filter({ hasText: "IP not allowed" });

const idFromUrl = (page: Page) => new URL(page.url()).pathname.split("/").at(-1) ?? "";

/** Serious or critical axe findings on the page as it is now (a dialog or a row's detail open). */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical").map((violation) => violation.id);
}

test("allowed and denied calls show in History and Activity; CSV export; allow a denied address from its row", async ({ page, apis, shell, request }) => {
  const key = await apis.create("warehouse-feed", { scopes: ["products:read"], ips: ["203.0.113.10"] });
  const login = () => request.post("/api/v1/login", { data: { username: "warehouse-feed", key } });
  const basic = { Authorization: `Basic ${Buffer.from(`warehouse-feed:${key}`).toString("base64")}` };

  // From 127.0.0.1, which is not allowed yet: refused twice, folded into one row.
  expect((await login()).status()).toBe(403);
  expect((await login()).status()).toBe(403);
  await request.post("/api/v1/login", { data: { username: "no-such-user", key } });

  await apis.tab("History").click();
  const deniedRow = refusedRow(page, "127.0.0.1");
  await expect(deniedRow.getByRole("cell").nth(6)).toHaveText("2");
  await snapshot(page, "history-tab-denied");
  await deniedRow.getByRole("button", { name: "Allow this IP" }).click();
  await page.getByRole("dialog", { name: "Allow 127.0.0.1 to use warehouse-feed?" }).getByRole("button", { name: "Allow 127.0.0.1" }).click();
  await expect(page.getByText("127.0.0.1 can now use warehouse-feed")).toBeVisible();

  // Now allowed: three calls with Basic credentials fold into one row with count 3.
  expect((await login()).status()).toBe(200);
  for (let n = 0; n < 3; n += 1) expect((await request.get("/api/v1/products", { headers: basic })).status()).toBe(200);
  expect((await request.get("/api/v1/orders", { headers: basic })).status()).toBe(403);

  await page.reload();
  await apis.tab("History").click();
  await expect(page.getByRole("row").filter({ hasText: "products.list" }).getByRole("cell").nth(6)).toHaveText("3");
  await expect(page.getByRole("row").filter({ hasText: "orders.list" })).toContainText("Missing permission");
  const chart = page.getByRole("img", { name: /Calls over the last 24h by outcome/ });
  await expect(chart).toBeVisible();
  // One image to a screen reader, and no tab stops inside it that lead nowhere (a review's find).
  await expect(chart.locator("svg.recharts-surface").first()).toBeVisible();
  expect(await chart.locator('[tabindex="0"]').count()).toBe(0);
  await page.getByLabel("Filter by outcome").selectOption("ok");
  await expect(page.getByRole("row").filter({ hasText: "Missing permission" })).toHaveCount(0);
  await page.getByLabel("Filter by outcome").selectOption("");
  await expect(page.getByRole("row").filter({ hasText: "Missing permission" })).toHaveCount(1);
  await snapshot(page, "history-tab");

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const csv = readFileSync((await (await download).path()) ?? "", "utf8");
  expect(csv.split("\r\n")[0]).toBe("Date Added,Date Modified,API Username,Call,IP Address,Outcome,Status,Count,User Agent,Last Request ID");
  expect(csv).toMatch(/warehouse-feed,products\.list,127\.0\.0\.1,ok,200,3,[^,]*,req_[\w-]+\r\n/);

  await shell.open("Activity");
  await expect(page.getByRole("row").filter({ hasText: "no-such-user (unknown)" })).toContainText("Unauthorized");
  await expect(page.getByRole("heading", { name: "Denied, last 24 hours" })).toBeVisible();
  await expect(page.getByText("Top denied addresses")).toBeVisible();
  await snapshot(page, "activity");
});

test("Allow this IP asks first, naming key and address; the row then reads Allowed, and a stale row answers already allowed", async ({
  page,
  apis,
  integration,
}) => {
  const key = await apis.create("pos-terminal", { scopes: ["products:read"], ips: ["192.0.2.10"] });
  const login = (from: string) => integration.call("POST", "/login", { data: { username: "pos-terminal", key }, from });
  for (const from of ["198.51.100.40", "198.51.100.40", "198.51.100.41"]) expect((await login(from)).status()).toBe(403);
  await apis.tab("History").click();

  // One stray click grants nothing: it asks, and Cancel leaves the address refused.
  await refusedRow(page, "198.51.100.40").getByRole("button", { name: "Allow this IP" }).click();
  const dialog = page.getByRole("dialog", { name: "Allow 198.51.100.40 to use pos-terminal?" });
  await expect(dialog).toContainText("Refused 2 times");
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot(page, "history-allow-confirm");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect((await login("198.51.100.40")).status()).toBe(403);

  await refusedRow(page, "198.51.100.40").getByRole("button", { name: "Allow this IP" }).click();
  await dialog.getByRole("button", { name: "Allow 198.51.100.40" }).click();
  await expect(page.getByText("198.51.100.40 can now use pos-terminal")).toBeVisible();
  await expect(refusedRow(page, "198.51.100.40").getByText("Allowed", { exact: true })).toBeVisible();
  await expect(refusedRow(page, "198.51.100.40").getByRole("button", { name: "Allow this IP" })).toHaveCount(0);
  expect((await login("198.51.100.40")).status()).toBe(200);

  // Another admin covers 198.51.100.41 with a range while this page still shows its old row:
  // pressing Allow on it says so, instead of "Some IP entries are not valid".
  const gate: { open?: () => void } = {};
  const held = new Promise<void>((resolve) => (gate.open = resolve));
  await page.route(
    (url) => url.pathname === "/api/admin/history",
    async (route) => {
      await held;
      await route.continue();
    },
  );
  const origin = new URL(page.url()).origin;
  const covered = await page.request.patch(`/api/admin/credentials/${idFromUrl(page)}`, {
    data: { allowedIps: [{ entry: "192.0.2.10" }, { entry: "198.51.100.40" }, { entry: "198.51.100.0/24", note: "shop network" }] },
    headers: { Origin: origin },
  });
  expect(covered.status()).toBe(200);
  await refusedRow(page, "198.51.100.41").getByRole("button", { name: "Allow this IP" }).click();
  gate.open?.();
  await page.getByRole("dialog", { name: "Allow 198.51.100.41 to use pos-terminal?" }).getByRole("button", { name: "Allow 198.51.100.41" }).click();
  await expect(page.getByText("198.51.100.41 is already allowed for pos-terminal (by 198.51.100.0/24)")).toBeVisible();
  await expect(page.getByText("Some IP entries are not valid")).toHaveCount(0);
  await expect(refusedRow(page, "198.51.100.41").getByText("Allowed", { exact: true })).toBeVisible();
});

test("Allow this IP on a disabled key says its calls stay refused until it is enabled again", async ({ page, apis, integration }) => {
  const key = await apis.create("paused-feed", { scopes: ["products:read"], ips: ["192.0.2.10"] });
  expect((await integration.call("POST", "/login", { data: { username: "paused-feed", key }, from: "198.51.100.50" })).status()).toBe(403);
  await page.getByRole("button", { name: "Disable now" }).click();
  await page.getByRole("dialog", { name: "Disable paused-feed now?" }).getByRole("button", { name: "Disable now" }).click();
  await expect(page.getByText("paused-feed is disabled")).toBeVisible();

  await apis.tab("History").click();
  await refusedRow(page, "198.51.100.50").getByRole("button", { name: "Allow this IP" }).click();
  const dialog = page.getByRole("dialog", { name: "Allow 198.51.100.50 to use paused-feed?" });
  await expect(dialog).toContainText("will no longer be refused for their address");
  await dialog.getByRole("button", { name: "Allow 198.51.100.50" }).click();
  await expect(
    page.getByText("198.51.100.50 is allowed for paused-feed, but the key is disabled: its calls stay refused until it is enabled again"),
  ).toBeVisible();
  expect((await integration.call("POST", "/login", { data: { username: "paused-feed", key }, from: "198.51.100.50" })).status()).toBe(401);
});

test("at 1280 px the Activity table keeps Allow this IP in view", async ({ page, apis, integration }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const key = await apis.create("inventory-sync-eu", { scopes: ["products:read"], ips: ["192.0.2.10"] });
  // The widest rows Activity shows: a long username, an IPv6 address, a long call and outcome.
  const basic: [string, string] = ["inventory-sync-eu", key];
  expect((await integration.call("GET", "/products", { basic, from: "2001:db8:85a3:1234:5678:8a2e:370:7334" })).status()).toBe(403);
  expect((await integration.call("POST", "/login", { data: { username: "inventory-sync-eu", key }, from: "198.51.100.77" })).status()).toBe(403);
  expect((await integration.call("GET", "/orders", { basic, from: "192.0.2.10" })).status()).toBe(403);

  await page.goto("/activity");
  await page.getByLabel("Filter by API Username").fill("inventory-sync-eu");
  await expect(page.getByRole("row").filter({ hasText: "Missing permission" }).filter({ hasText: "inventory-sync-eu" })).toBeVisible();
  // Only the header row is not one of this key's (the filter has applied).
  await expect(page.getByRole("row").filter({ hasNotText: "inventory-sync-eu" })).toHaveCount(1);
  const table = page.locator(".table-wrap").filter({ has: page.getByRole("table") });
  const edge = await table.boundingBox();
  for (const ip of ["198.51.100.77", "2001:db8:85a3:1234:5678:8a2e:370:7334"]) {
    const button = refusedRow(page, ip).getByRole("button", { name: "Allow this IP" });
    const box = await button.boundingBox();
    expect(box && edge && box.x + box.width <= edge.x + edge.width, `Allow this IP for ${ip} ends inside the table`).toBe(true);
  }
  await snapshot(page, "activity-1280");
});

test("History explains itself: column help, and a row's detail with status, user agent and the request id the integration got", async ({
  page,
  apis,
  integration,
}) => {
  const key = await apis.create("erp-orders", { scopes: ["orders:read"], ips: ["192.0.2.10"] });
  const refused = () =>
    integration.request.post("/api/v1/login", {
      data: { username: "erp-orders", key },
      headers: { "X-Forwarded-For": "198.51.100.90", "User-Agent": "erp-connector/2.3" },
    });
  await refused();
  // The id the integration logs is the one in its last error body.
  const error = (await (await refused()).json()) as { error: { request_id: string } };
  const requestId = error.error.request_id;
  expect(requestId).toMatch(/^req_/);

  await apis.tab("History").click();
  await page.getByRole("button", { name: "About Date Modified" }).click();
  await expect(page.getByText(/the time of its last call\. Identical calls/)).toBeVisible();
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "About Count" }).click();
  await expect(page.getByText(/How many identical calls the row stands for/)).toBeVisible();
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "About Outcome" }).click();
  await expect(page.getByText(/from an address that is not on the allowed list/).first()).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot(page, "history-outcome-help");
  await page.keyboard.press("Escape");

  const row = refusedRow(page, "198.51.100.90");
  await row.getByRole("button", { name: "Details" }).click();
  await expect(row.getByRole("button", { name: "Details" })).toHaveAttribute("aria-expanded", "true");
  const detail = page.getByRole("definition");
  await expect(detail.filter({ hasText: "403 Forbidden" })).toBeVisible();
  await expect(detail.filter({ hasText: "erp-connector/2.3" })).toBeVisible();
  await expect(detail.filter({ hasText: requestId })).toBeVisible();
  await expect(detail.filter({ hasText: /2 identical calls/ })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot(page, "history-row-detail");
  await detail.getByRole("button", { name: "Copy" }).click();
  await expect(page.getByText("Request ID copied")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(requestId);
});

// A review's find: the IP list had unsaved changes, Allow this IP added the address on the server,
// and Save then wrote the list the form held, taking the address away again without a word.
test("Allow this IP while the IP list has unsaved changes: the address joins the form, and Save keeps both", async ({ page, apis, integration }) => {
  const key = await apis.create("stock-sync", { scopes: ["products:read"], ips: ["192.0.2.10"] });
  expect((await integration.call("POST", "/login", { data: { username: "stock-sync", key }, from: "198.51.100.7" })).status()).toBe(403);

  await apis.tab("IP Addresses").click();
  await page.getByRole("button", { name: "Add IP" }).click();
  await page.getByLabel("IP address 2", { exact: true }).fill("192.0.2.20");
  await apis.tab("History").click();
  await refusedRow(page, "198.51.100.7").getByRole("button", { name: "Allow this IP" }).click();
  await page.getByRole("dialog", { name: "Allow 198.51.100.7 to use stock-sync?" }).getByRole("button", { name: "Allow 198.51.100.7" }).click();
  await expect(page.getByText("198.51.100.7 can now use stock-sync")).toBeVisible();

  await apis.tab("IP Addresses").click();
  await expect(page.getByLabel("IP address 2", { exact: true })).toHaveValue("192.0.2.20");
  await expect(page.getByLabel("IP address 3", { exact: true })).toHaveValue("198.51.100.7");
  await apis.save();
  await expect(page.getByText("Saved stock-sync")).toBeVisible();
  expect((await integration.call("POST", "/login", { data: { username: "stock-sync", key }, from: "198.51.100.7" })).status()).toBe(200);
  expect((await integration.call("POST", "/login", { data: { username: "stock-sync", key }, from: "192.0.2.20" })).status()).toBe(200);
});
