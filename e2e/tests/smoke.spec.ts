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
