import type { Page, Request } from "@playwright/test";
import { ApisScreen, asRole, expect, signedInElsewhere, snapshot, test } from "../fixtures.ts";

asRole("owner");

/** Adds an admin user through the API, so each test starts from a user of its own. */
async function addUser(page: Page, username: string, role: "owner" | "editor" | "viewer", password = "first-password-123") {
  await page.goto("/users");
  const response = await page.request.post("/api/admin/users", {
    data: { username, role, password },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(response.status()).toBe(201);
  await page.reload();
}

/** The PATCH requests the page sends for admin users, as they go out. */
function userUpdates(page: Page) {
  const sent: unknown[] = [];
  page.on("request", (request: Request) => {
    if (request.method() === "PATCH" && request.url().includes("/api/admin/users/")) sent.push(request.postDataJSON());
  });
  return sent;
}

test("a role change asks first: arrow keys on the select change nothing until Confirm, and Cancel or Esc puts it back", async ({ page }) => {
  await addUser(page, "viewer1", "viewer");
  const sent = userUpdates(page);
  const role = page.getByRole("combobox", { name: "Role of viewer1" });

  // A keyboard user moving through the options: the first step asks, and nothing is saved.
  await role.focus();
  await page.keyboard.press("ArrowUp");
  const toEditor = page.getByRole("dialog", { name: "Change viewer1 from Viewer to Editor?" });
  await expect(toEditor).toBeVisible();
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("Escape");
  await expect(toEditor).toBeHidden();
  await expect(role).toHaveValue("viewer");
  expect(sent).toEqual([]);

  await role.selectOption("owner");
  const toOwner = page.getByRole("dialog", { name: "Make viewer1 an Owner?" });
  await expect(toOwner).toContainText("everything, including admin users and the audit log");
  await snapshot(page, "users-make-owner");
  await toOwner.getByRole("button", { name: "Cancel" }).click();
  await expect(role).toHaveValue("viewer");
  expect(sent).toEqual([]);

  await role.selectOption("owner");
  await toOwner.getByRole("button", { name: "Make Owner" }).dblclick();
  await expect(toOwner).toBeHidden();
  await expect(page.getByText("viewer1 is now an Owner")).toBeVisible();
  await expect(role).toHaveValue("owner");
  expect(sent).toEqual([{ role: "owner" }]);

  await role.selectOption("viewer");
  const toViewer = page.getByRole("dialog", { name: "Change viewer1 from Owner to Viewer?" });
  await expect(toViewer).toContainText("They can no longer manage admin users or read the audit log");
  await toViewer.getByRole("button", { name: "Change role" }).click();
  await expect(toViewer).toBeHidden();
  await expect(role).toHaveValue("viewer");
  expect(sent).toEqual([{ role: "owner" }, { role: "viewer" }]);
});

test("an owner sets a new password for an admin: checked like Add user's, sent once, and their sessions end", async ({ page, playwright, baseURL }) => {
  await addUser(page, "pat-password", "viewer");
  // Signed out: the test's owner session would otherwise go along, and signing in ends it.
  const pat = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] }, extraHTTPHeaders: { Origin: baseURL ?? "" } });
  const signIn = (password: string) => pat.post("/api/admin/session", { data: { username: "pat-password", password } });
  expect((await signIn("first-password-123")).status()).toBe(200);
  const sent = userUpdates(page);

  await expect(page.getByRole("row", { name: /owner you/ }).getByRole("button", { name: "Set password" })).toHaveCount(0);
  await page
    .getByRole("row", { name: /pat-password/ })
    .getByRole("button", { name: "Set password" })
    .click();
  const dialog = page.getByRole("dialog", { name: "Set a new password for pat-password" });
  const password = dialog.getByLabel("New password");
  const confirm = dialog.getByLabel("Confirm password");
  await password.fill("short");
  await confirm.fill("short");
  await dialog.getByRole("button", { name: "Set password" }).click();
  await expect(password).toHaveAccessibleDescription(/Password must be at least 12 characters/);
  await password.fill("second-password-456");
  await confirm.fill("second-password-45");
  await dialog.getByRole("button", { name: "Set password" }).click();
  await expect(confirm).toHaveAccessibleDescription(/The passwords do not match/);
  expect(sent).toEqual([]);
  await snapshot(page, "users-set-password");

  await confirm.fill("second-password-456");
  await dialog.getByRole("button", { name: "Set password" }).dblclick();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("New password set for pat-password")).toBeVisible();
  expect(sent).toEqual([{ password: "second-password-456" }]);

  // The server ends their sessions; the old password no longer works, the new one does.
  expect((await pat.get("/api/admin/session")).status()).toBe(401);
  expect((await signIn("first-password-123")).status()).toBe(401);
  expect((await signIn("second-password-456")).status()).toBe(200);
  await pat.dispose();

  // Opened again, the dialog starts empty: a password typed before does not linger.
  await page
    .getByRole("row", { name: /pat-password/ })
    .getByRole("button", { name: "Set password" })
    .click();
  await expect(dialog.getByLabel("New password")).toHaveValue("");
  await page.keyboard.press("Escape");
});

test("Add user promises only what the page offers about the password, and a double-click adds once", async ({ page }) => {
  await page.goto("/users");
  const posts: unknown[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.url().endsWith("/api/admin/users")) posts.push(request.postDataJSON());
  });
  await page.getByRole("button", { name: "Add user" }).click();
  const dialog = page.getByRole("dialog", { name: "Add admin user" });
  await expect(dialog).toHaveAccessibleDescription(/set a new password for them later with Set password/);
  await dialog.getByLabel("Username").fill("dana-double");
  await dialog.getByLabel("Initial password").fill("double-click-password");
  await dialog.getByRole("button", { name: "Add user" }).dblclick();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("row", { name: /dana-double/ })).toBeVisible();
  expect(posts).toHaveLength(1);
});

// A review's find: after the refused Save, the page still said editor and offered Save.
test("an editor made viewer meanwhile: the refused Save locks the form and shows the key as saved", async ({ page, apis, browser, baseURL }) => {
  await apis.create("demotion-key", { scopes: ["orders:read"], ips: ["203.0.113.90"] });
  await addUser(page, "demoted-ed", "editor");
  const { context, page: own } = await signedInElsewhere(browser, baseURL, "demoted-ed", "first-password-123");
  await new ApisScreen(own).open("demotion-key");
  await own.getByLabel("Used by").fill("Moved to the new ERP");

  await page.goto("/users");
  await page.getByRole("combobox", { name: "Role of demoted-ed" }).selectOption("viewer");
  await page.getByRole("dialog").getByRole("button", { name: "Change role" }).click();
  await expect(page.getByRole("combobox", { name: "Role of demoted-ed" })).toHaveValue("viewer");

  await own.getByRole("button", { name: "Save", exact: true }).click();
  await expect(own.getByRole("alert").filter({ hasText: "Not saved." })).toContainText("permission");
  await expect(own.getByRole("button", { name: "Save", exact: true })).toHaveCount(0);
  await expect(own.getByLabel("Used by")).toBeDisabled();
  await expect(own.getByLabel("Used by")).toHaveValue("");
  await expect(own.getByText(/Signed in as demoted-ed/)).toContainText("viewer");
  await context.close();
});

test("any admin changes their own password: the current one first, other sessions end, this one stays", async ({ page, browser, baseURL }) => {
  await addUser(page, "pw-changer", "viewer");
  const { context, page: own } = await signedInElsewhere(browser, baseURL, "pw-changer", "first-password-123");

  const opener = own.getByRole("button", { name: "Change password" });
  await opener.click();
  const dialog = own.getByRole("dialog", { name: "Change your password" });
  await dialog.getByRole("textbox", { name: /Current password/ }).fill("not-my-password");
  await dialog.getByRole("textbox", { name: /New password/ }).fill("second-password-456");
  await dialog.getByRole("textbox", { name: /Confirm password/ }).fill("second-password-456");
  await dialog.getByRole("button", { name: "Change password" }).click();
  await expect(dialog.getByText("This is not your current password")).toBeVisible();

  await dialog.getByRole("textbox", { name: /Current password/ }).fill("first-password-123");
  await dialog.getByRole("button", { name: "Change password" }).click();
  await expect(dialog).toBeHidden();
  await expect(own.getByText("Password changed. Your other sessions were signed out.")).toBeVisible();
  await expect(opener).toBeFocused();
  // Still signed in here, with the new password from now on.
  await own.reload();
  await expect(own.getByRole("heading", { level: 1, name: "APIs" })).toBeVisible();
  await own.getByRole("button", { name: "Sign out" }).click();
  await own.getByLabel("Username").fill("pw-changer");
  await own.getByLabel("Password").fill("first-password-123");
  await own.getByRole("button", { name: "Sign in" }).click();
  await expect(own.getByText("Wrong username or password")).toBeVisible();
  await own.getByLabel("Password").fill("second-password-456");
  await own.getByRole("button", { name: "Sign in" }).click();
  await expect(own.getByRole("heading", { level: 1, name: "APIs" })).toBeVisible();
  await context.close();
});
