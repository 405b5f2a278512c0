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
