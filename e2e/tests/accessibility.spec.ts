import { asRole, expect, seriousViolations, test } from "../fixtures.ts";

test.describe("signed out", () => {
  test("the sign-in page has no serious accessibility violation", async ({ page }) => {
    await page.goto("/sign-in");
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
});

test.describe("signed in", () => {
  asRole("owner");

  const pages: [string, string, string | RegExp][] = [
    ["APIs", "/apis", "APIs"],
    ["Add New, General", "/apis/new", "Add API"],
    ["Add New, IP Addresses", "/apis/new?tab=ip", "Add API"],
    ["Activity", "/activity", "Activity"],
    ["Users", "/users", "Users"],
    ["Audit log", "/audit-log", "Audit log"],
    ["Settings → Notifications", "/settings/notifications", "Notifications"],
    ["API reference", "/docs/api", "API reference"],
    ["Not found", "/nowhere", "Page not found"],
  ];
  for (const [name, path, heading] of pages) {
    test(`${name} has no serious accessibility violation`, async ({ page }) => {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
      await page.waitForLoadState("networkidle");
      expect(await seriousViolations(page)).toEqual([]);
    });
  }

  // A review's find: with keys listed in its cards, Activity's links were told apart by colour alone.
  test("Activity with a key in its cards has no serious accessibility violation", async ({ page, apis }) => {
    await apis.create("axe-activity", { scopes: ["orders:read"], ips: ["203.0.113.82"] });
    await page.goto("/activity");
    await expect(page.getByRole("link", { name: "axe-activity" }).first()).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("an API's History tab and the copy-once key dialog have no serious accessibility violation", async ({ page, apis }) => {
    await apis.gotoList();
    await page.getByRole("link", { name: "Add New" }).first().click();
    await apis.fillGeneral({ username: "axe-check", scopes: ["orders:read"] });
    await apis.save();
    // Save asks first about a key no address may use; the question is scanned too.
    await expect(page.getByRole("dialog", { name: "No address can use this key yet" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await apis.saveAnyway();
    await expect(apis.keyDialog("axe-check")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await apis.takeKey("axe-check");
    await apis.tab("History").click();
    await page.waitForLoadState("networkidle");
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("closing a dialog gives the focus back to the button that opened it", async ({ page, apis }) => {
    await apis.create("focus-return", { scopes: ["orders:read"], ips: ["203.0.113.81"] });
    const opener = page.getByRole("button", { name: "Regenerate key" });
    await opener.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Regenerate the key for focus-return?" });
    await expect(dialog).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();
    // A confirmation too, whose Cancel takes the focus as it opens.
    const remove = page.getByRole("button", { name: "Delete", exact: true });
    await remove.focus();
    await page.keyboard.press("Enter");
    const confirm = page.getByRole("dialog", { name: "Delete focus-return?" });
    await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(confirm).toBeHidden();
    await expect(remove).toBeFocused();
  });

  test("the create flow works with the keyboard alone", async ({ page }) => {
    await page.goto("/apis");
    await expect(page.getByRole("heading", { level: 1, name: "APIs" })).toBeVisible();
    const addNew = page.getByRole("link", { name: "Add New" }).first();
    for (let presses = 0; presses < 30 && !(await addNew.evaluate((element) => element === document.activeElement)); presses += 1)
      await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 1, name: "Add API" })).toBeVisible();

    const username = page.getByLabel("API Username", { exact: true });
    for (let presses = 0; presses < 30 && !(await username.evaluate((element) => element === document.activeElement)); presses += 1)
      await page.keyboard.press("Tab");
    await page.keyboard.type("keyboard-only");
    // Tab on to the first permission and tick it with Space.
    const firstScope = page.getByRole("checkbox", { name: /^products:read/ });
    for (let presses = 0; presses < 10 && !(await firstScope.evaluate((element) => element === document.activeElement)); presses += 1)
      await page.keyboard.press("Tab");
    await page.keyboard.press("Space");
    await expect(firstScope).toBeChecked();
    await page.keyboard.press("Enter");

    // No address yet: Save asks, with "Add an address" focused; Tab on to "Save anyway".
    const question = page.getByRole("dialog", { name: "No address can use this key yet" });
    await expect(question.getByRole("button", { name: "Add an address" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(question.getByRole("button", { name: "Save anyway" })).toBeFocused();
    await page.keyboard.press("Enter");

    const dialog = page.getByRole("dialog", { name: "API Key for keyboard-only" });
    await expect(dialog).toBeVisible();
    const confirm = dialog.getByRole("checkbox", { name: /I have copied the key/ });
    for (let presses = 0; presses < 10 && !(await confirm.evaluate((element) => element === document.activeElement)); presses += 1)
      await page.keyboard.press("Tab");
    await page.keyboard.press("Space");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("heading", { level: 1, name: /keyboard-only/ })).toBeVisible();
  });
});
