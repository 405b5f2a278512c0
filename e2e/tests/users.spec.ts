import type { Page, Request } from "@playwright/test";
import { asRole, expect, snapshot, test } from "../fixtures.ts";

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
