import { accounts, asRole, expect, snapshot, test } from "../fixtures.ts";

test.describe("signed out", () => {
  test("a deep link asks to sign in, then lands where it pointed", async ({ page, signInScreen }) => {
    await page.goto("/audit-log");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Faudit-log/);
    await snapshot(page, "sign-in");
    await signInScreen.signIn(accounts.owner.username, accounts.owner.password);
    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  });

  test("a wrong password says so without saying which part was wrong", async ({ page, signInScreen }) => {
    await signInScreen.goto();
    await signInScreen.signIn(accounts.owner.username, "not-the-password");
    await expect(page.getByRole("alert")).toHaveText("Wrong username or password");
    await snapshot(page, "sign-in-wrong-password");
  });

  test("signing out ends the session", async ({ page, signInScreen, shell }) => {
    await signInScreen.goto();
    await signInScreen.signIn(accounts.owner.username, accounts.owner.password);
    await expect(shell.nav).toBeVisible();
    await shell.signOut();
    await page.goto("/apis");
    await expect(page).toHaveURL(/\/sign-in/);
  });
});

test.describe("as an owner", () => {
  asRole("owner");

  test("adds an admin user and sees it in the audit log", async ({ page, shell }) => {
    await page.goto("/users");
    await page.getByRole("button", { name: "Add user" }).click();
    const dialog = page.getByRole("dialog", { name: "Add admin user" });
    await dialog.getByLabel("Username").fill("sam-support");
    await dialog.getByLabel("Role").selectOption("viewer");
    await dialog.getByLabel("Initial password").fill("short");
    await dialog.getByRole("button", { name: "Add user" }).click();
    await expect(dialog.getByText("Password must be at least 12 characters")).toBeVisible();
    await dialog.getByLabel("Initial password").fill("support-password-1");
    await dialog.getByRole("button", { name: "Add user" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("row", { name: /sam-support/ })).toBeVisible();
    await snapshot(page, "users");
    await shell.open("Audit log");
    await expect(page.getByRole("row", { name: /Admin user added.*sam-support/ })).toBeVisible();
    await snapshot(page, "audit-log");
  });
});

test.describe("as a viewer", () => {
  asRole("viewer");

  test("sees no Users or Audit log, and is told so on a direct link", async ({ page, shell }) => {
    await page.goto("/apis");
    await expect(shell.nav.getByRole("link", { name: "APIs" })).toBeVisible();
    await expect(shell.nav.getByRole("link", { name: "Users" })).toHaveCount(0);
    await expect(shell.nav.getByRole("link", { name: "Audit log" })).toHaveCount(0);
    await page.goto("/users");
    await expect(page.getByText("You do not have permission to manage admin users")).toBeVisible();
  });
});
