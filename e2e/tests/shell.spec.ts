import { asRole, expect, storageState, test } from "../fixtures.ts";

/** The frame around every page: the header tagline names OpenCart's path, "System → Users → APIs". */
asRole("owner");

test("the tagline's Users leads to the admin users page, for whoever may open it", async ({ page, browser }) => {
  await page.goto("/apis");
  const tagline = page.getByText("System → Users → APIs");
  await expect(tagline).toBeVisible();
  await tagline.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  await expect(page).toHaveURL(/\/users$/);

  // An editor may not manage admin users: the tagline names them without a link to a refusal.
  const editor = await browser.newContext({ baseURL: test.info().project.use.baseURL, storageState: storageState("editor") });
  const editorPage = await editor.newPage();
  await editorPage.goto("/apis");
  await expect(editorPage.getByText("System → Users → APIs")).toBeVisible();
  await expect(editorPage.getByText("System → Users → APIs").getByRole("link")).toHaveCount(0);
  await editor.close();
});

test("the keyboard's first stop is Skip to content, which lands past the navigation", async ({ page }) => {
  await page.goto("/apis");
  await expect(page.getByRole("heading", { level: 1, name: "APIs" })).toBeVisible();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
  // The next Tab reaches the page's own first control, not the sidebar.
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.closest("main") !== null)).toBe(true);
});
