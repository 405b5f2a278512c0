import { asRole, expect, snapshot, test } from "../fixtures.ts";

/** The user guide's Common Tasks and Troubleshooting, as a store admin would live them. */
asRole("owner");

test("setting up a mobile-app integration: a wildcard for variable addresses, watched in History", async ({ page, apis, integration }) => {
  const key = await apis.create("mobile-backend", { scopes: ["orders:read"], ips: ["198.51.100.*"] });
  expect((await integration.call("GET", "/orders", { basic: ["mobile-backend", key], from: "198.51.100.23" })).status()).toBe(200);
  expect((await integration.call("GET", "/orders", { basic: ["mobile-backend", key], from: "198.51.100.250" })).status()).toBe(200);
  const elsewhere = await integration.error(integration.call("GET", "/orders", { basic: ["mobile-backend", key], from: "203.0.113.5" }));
  expect(elsewhere).toMatchObject({ code: "ip_not_allowed", message: expect.stringContaining("203.0.113.5") });
  await apis.tab("History").click();
  await expect(page.getByRole("row").filter({ hasText: "198.51.100.23" })).toContainText("OK");
  await expect(page.getByRole("row").filter({ hasText: "203.0.113.5" })).toContainText("IP not allowed");
});

test("rotating a compromised key: find it, Edit, Disable now, create a new one, move over, delete the old", async ({ page, apis, integration }) => {
  const old = await apis.create("erp-legacy", { scopes: ["products:read"], ips: ["203.0.113.40"] });
  expect((await integration.call("GET", "/products", { basic: ["erp-legacy", old], from: "203.0.113.40" })).status()).toBe(200);

  // "Find the API in the list and click Edit."
  await apis.gotoList();
  await apis.search("erp-legacy");
  await apis.row("erp-legacy").getByRole("link", { name: "Edit erp-legacy" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /erp-legacy/ })).toBeVisible();
  // "Change the Status to Disabled to immediately block all access": Disable now, which needs no Save.
  await page.getByRole("button", { name: "Disable now", exact: true }).click();
  await page.getByRole("dialog", { name: "Disable erp-legacy now?" }).getByRole("button", { name: "Disable now" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /erp-legacy/ })).toContainText("Disabled");
  const refused = await integration.error(integration.call("GET", "/products", { basic: ["erp-legacy", old], from: "203.0.113.40" }));
  expect(refused).toMatchObject({ code: "unauthorized", message: "Unauthorized" });

  // "Create a new API key with a different username", and note which system uses it.
  const replacement = await apis.create("erp-2027", { scopes: ["products:read"], ips: ["203.0.113.40"] });
  await page.getByLabel("Used by").fill("ERP (replaces erp-legacy)");
  await apis.save();
  await expect(page.getByText("Saved erp-2027")).toBeVisible();
  expect((await integration.call("GET", "/products", { basic: ["erp-2027", replacement], from: "203.0.113.40" })).status()).toBe(200);

  await apis.open("erp-legacy");
  await page.getByRole("button", { name: "Delete" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete erp-legacy?" });
  await expect(confirm).toContainText("last used");
  await expect(confirm).toContainText("203.0.113.40");
  await confirm.getByRole("button", { name: "Delete API" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "APIs" })).toBeVisible();
  await apis.search("erp-2027");
  await expect(apis.row("erp-2027")).toContainText("ERP (replaces erp-legacy)");
  expect((await integration.call("GET", "/products", { basic: ["erp-2027", replacement], from: "203.0.113.40" })).status()).toBe(200);
});

test("rotating a key on schedule: regenerate with a grace period, move over, end the grace period", async ({ page, apis, integration }) => {
  const from = "203.0.113.45";
  const old = await apis.create("erp-rotate", { scopes: ["products:read"], ips: [from] });
  await expect(page.getByText("Key issued today.")).toBeVisible();
  await page.getByRole("button", { name: "Regenerate key" }).click();
  const regenerate = page.getByRole("dialog", { name: "Regenerate the key for erp-rotate?" });
  await regenerate.getByRole("radio", { name: "7 days" }).check();
  await regenerate.getByRole("button", { name: "Regenerate key" }).click();
  const renewed = await apis.takeKey("erp-rotate");
  // Both keys work while the integration switches over.
  for (const key of [old, renewed]) expect((await integration.call("GET", "/products", { basic: ["erp-rotate", key], from })).status()).toBe(200);

  await page.getByRole("button", { name: "End grace period now" }).click();
  await page.getByRole("dialog", { name: "Stop the old key of erp-rotate now?" }).getByRole("button", { name: "End grace period now" }).click();
  await expect(page.getByText("The old key of erp-rotate no longer works")).toBeVisible();
  expect((await integration.call("GET", "/products", { basic: ["erp-rotate", old], from })).status()).toBe(401);
  expect((await integration.call("GET", "/products", { basic: ["erp-rotate", renewed], from })).status()).toBe(200);
});

test("restricting a key to specific servers and testing the connection from each", async ({ apis, integration }) => {
  const servers = ["203.0.113.61", "203.0.113.62", "2001:db8:6::1"];
  const key = await apis.create("warehouse-erp", { scopes: ["products:read"], ips: servers });
  for (const server of servers) {
    const session = await integration.call("GET", "/session", { basic: ["warehouse-erp", key], from: server });
    expect(session.status(), server).toBe(200);
    expect(((await session.json()) as { ip: string }).ip).toBe(server);
  }
  expect((await integration.call("GET", "/session", { basic: ["warehouse-erp", key], from: "203.0.113.63" })).status()).toBe(403);
});

test('troubleshooting "Unauthorized": each cause, and a lost key is replaced, not retrieved', async ({ page, apis, integration, request }) => {
  const key = await apis.create("analytics-export", { scopes: ["orders:read"], ips: ["203.0.113.70"] });
  const from = "203.0.113.70";
  const wrong = `${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`;
  expect(await integration.error(integration.call("POST", "/login", { data: { username: "analytics-export", key: wrong }, from }))).toMatchObject({
    code: "unauthorized",
    message: "Unauthorized",
  });
  expect(await integration.error(integration.call("POST", "/login", { data: { username: "analytics-export", key: key.toLowerCase() }, from }))).toMatchObject({
    code: "unauthorized",
  });
  expect(await integration.error(integration.call("POST", "/login", { data: { username: "analytics-export", key }, from: "198.51.100.70" }))).toMatchObject({
    code: "ip_not_allowed",
    message: expect.stringContaining("198.51.100.70"),
  });

  // Expired: an expiry a moment away, set through the admin API as the form would.
  const id = page.url().split("/").at(-1)?.split("?")[0] ?? "";
  const soon = new Date(Date.now() + 3000).toISOString();
  const origin = new URL(page.url()).origin;
  expect((await request.patch(`/api/admin/credentials/${id}`, { data: { expiresAt: soon }, headers: { Origin: origin } })).status()).toBe(200);
  // The page turns Expired at that moment, not at its clock's next half-minute tick.
  await page.reload();
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading.getByText("Enabled", { exact: true })).toBeVisible();
  await expect(heading.getByText("Expired", { exact: true })).toBeVisible({ timeout: 4500 });
  expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(soon));
  expect(await integration.error(integration.call("POST", "/login", { data: { username: "analytics-export", key }, from }))).toMatchObject({
    code: "unauthorized",
  });
  expect((await request.patch(`/api/admin/credentials/${id}`, { data: { expiresAt: null }, headers: { Origin: origin } })).status()).toBe(200);

  // Lost key: it cannot be shown again, so it is regenerated.
  await page.reload();
  await page.getByRole("button", { name: "Regenerate key" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Regenerate key" }).click();
  const fresh = await apis.takeKey("analytics-export");
  expect((await integration.call("POST", "/login", { data: { username: "analytics-export", key: fresh }, from })).status()).toBe(200);
  expect((await integration.call("POST", "/login", { data: { username: "analytics-export", key }, from })).status()).toBe(401);

  await apis.tab("History").click();
  await expect(page.getByRole("row").filter({ hasText: "Expired key" })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: /198\.51\.100\.70.*IP not allowed/ })).toBeVisible();
});

test("works in testing but fails in production: the proxy shows the production address, which is allowed from History", async ({ page, apis, integration }) => {
  const key = await apis.create("shop-frontend", { scopes: ["products:read"], ips: ["192.0.2.10"] });
  expect((await integration.call("GET", "/products", { basic: ["shop-frontend", key], from: "192.0.2.10" })).status()).toBe(200);
  // In production the load balancer forwards for the production server's address.
  const production = await integration.error(integration.call("GET", "/products", { basic: ["shop-frontend", key], from: "203.0.113.200, 10.0.0.1" }));
  expect(production.code).toBe("ip_not_allowed");
  expect(production.message).toContain("10.0.0.1");
  const behindTrustedHop = await integration.error(integration.call("GET", "/products", { basic: ["shop-frontend", key], from: "203.0.113.200" }));
  expect(behindTrustedHop.message).toContain("203.0.113.200");

  await apis.tab("History").click();
  const row = page.getByRole("row").filter({ hasText: "203.0.113.200" });
  await row.getByRole("button", { name: "Allow this IP" }).click();
  await page.getByRole("dialog", { name: "Allow 203.0.113.200 to use shop-frontend?" }).getByRole("button", { name: "Allow 203.0.113.200" }).click();
  await expect(page.getByText("203.0.113.200 can now use shop-frontend")).toBeVisible();
  expect((await integration.call("GET", "/products", { basic: ["shop-frontend", key], from: "203.0.113.200" })).status()).toBe(200);
});

test("investigating unexpected calls in History, then Disable now blocks the key at once", async ({ page, apis, integration }) => {
  const key = await apis.create("reports-api", { scopes: ["orders:read"], ips: ["*"] });
  for (const from of ["192.0.2.55", "192.0.2.55", "198.51.100.99"]) {
    expect((await integration.call("GET", "/orders", { basic: ["reports-api", key], from })).status()).toBe(200);
  }
  await apis.tab("History").click();
  await page.getByLabel("Filter by IP Address").fill("198.51.100.99");
  await expect(page.getByRole("row").filter({ hasText: "198.51.100.99" })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "192.0.2.55" })).toHaveCount(0);
  await snapshot(page, "guide-investigate");

  // "Immediately disable the API key and investigate further."
  await page.getByRole("button", { name: "Disable now" }).click();
  await page.getByRole("dialog", { name: "Disable reports-api now?" }).getByRole("button", { name: "Disable now" }).click();
  await expect(page.getByText("reports-api is disabled")).toBeVisible();
  expect((await integration.call("GET", "/orders", { basic: ["reports-api", key], from: "198.51.100.99" })).status()).toBe(401);
});
