import { asRole, expect, snapshot, test } from "../fixtures.ts";

asRole("owner");

test("the app loads with its navigation", async ({ page, shell }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/apis$/);
  for (const label of ["APIs", "Activity", "Users", "Audit log"]) {
    await expect(shell.nav.getByRole("link", { name: label })).toBeVisible();
  }
  await snapshot(page, "shell");
});

test("a deep link serves the app and an unknown page says so", async ({ page }) => {
  await page.goto("/no/such/page");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("the API reference is linked from the app and lists every call", async ({ page }) => {
  await page.goto("/apis");
  await page.getByRole("link", { name: "API reference" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  for (const call of ["/api/v1/login", "/api/v1/products/{sku}", "/api/v1/orders/{id}"]) {
    await expect(page.getByRole("heading", { name: new RegExp(call.replace(/[{}/]/g, "\\$&")) }).first()).toBeVisible();
  }
  await expect(page.getByText("needs permission products:write")).toBeVisible();
  await snapshot(page, "api-reference");
});

test("on a phone-size screen the navigation sits above the page and nothing runs off the side", async ({ page, shell }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of ["/apis", "/apis/new", "/users", "/audit-log", "/activity"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    for (const label of ["APIs", "Activity", "Users", "Audit log"]) await expect(shell.nav.getByRole("link", { name: label })).toBeInViewport();
    // Wide tables scroll inside their card; the page itself never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
  }
  await snapshot(page, "phone-activity");
});
