import { readFileSync } from "node:fs";
import { asRole, expect, snapshot, test } from "../fixtures.ts";

asRole("owner");

test("allowed and denied calls show in History and Activity; CSV export; allow a denied address from its row", async ({ page, apis, shell, request }) => {
  const key = await apis.create("warehouse-feed", { scopes: ["products:read"], ips: ["203.0.113.10"] });
  const login = () => request.post("/api/v1/login", { data: { username: "warehouse-feed", key } });
  const basic = { Authorization: `Basic ${Buffer.from(`warehouse-feed:${key}`).toString("base64")}` };

  // From 127.0.0.1, which is not allowed yet: refused twice, folded into one row.
  expect((await login()).status()).toBe(403);
  expect((await login()).status()).toBe(403);
  await request.post("/api/v1/login", { data: { username: "no-such-user", key } });

  await apis.tab("History").click();
  const deniedRow = page.getByRole("row").filter({ hasText: "IP not allowed" });
  await expect(deniedRow).toContainText("127.0.0.1");
  await expect(deniedRow.getByRole("cell").nth(5)).toHaveText("2");
  await snapshot(page, "history-tab-denied");
  await deniedRow.getByRole("button", { name: "Allow this IP" }).click();
  await expect(page.getByText("127.0.0.1 can now use warehouse-feed")).toBeVisible();

  // Now allowed: three calls with Basic credentials fold into one row with count 3.
  expect((await login()).status()).toBe(200);
  for (let n = 0; n < 3; n += 1) expect((await request.get("/api/v1/products", { headers: basic })).status()).toBe(200);
  expect((await request.get("/api/v1/orders", { headers: basic })).status()).toBe(403);

  await page.reload();
  await apis.tab("History").click();
  await expect(page.getByRole("row").filter({ hasText: "products.list" }).getByRole("cell").nth(5)).toHaveText("3");
  await expect(page.getByRole("row").filter({ hasText: "orders.list" })).toContainText("Missing permission");
  await expect(page.getByRole("img", { name: /Calls over the last 24h by outcome/ })).toBeVisible();
  await page.getByLabel("Filter by outcome").selectOption("ok");
  await expect(page.getByRole("row").filter({ hasText: "Missing permission" })).toHaveCount(0);
  await page.getByLabel("Filter by outcome").selectOption("");
  await expect(page.getByRole("row").filter({ hasText: "Missing permission" })).toHaveCount(1);
  await snapshot(page, "history-tab");

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const csv = readFileSync((await (await download).path()) ?? "", "utf8");
  expect(csv.split("\r\n")[0]).toBe("Date Added,Date Modified,API Username,Call,IP Address,Outcome,Status,Count,User Agent");
  expect(csv).toMatch(/warehouse-feed,products\.list,127\.0\.0\.1,ok,200,3,/);

  await shell.open("Activity");
  await expect(page.getByRole("row").filter({ hasText: "no-such-user (unknown)" })).toContainText("Unauthorized");
  await expect(page.getByRole("heading", { name: "Denied, last 24 hours" })).toBeVisible();
  await expect(page.getByText("Top denied addresses")).toBeVisible();
  await snapshot(page, "activity");
});
