import { expect, snapshot, test } from "../fixtures.ts";

test("the app loads with its navigation", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/apis$/);
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const label of ["APIs", "Activity", "Users", "Audit log"]) {
    await expect(nav.getByRole("link", { name: label })).toBeVisible();
  }
  await snapshot(page, "shell");
});

test("a deep link serves the app and an unknown page says so", async ({ page }) => {
  await page.goto("/no/such/page");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});
