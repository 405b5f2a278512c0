import type { Page } from "@playwright/test";
import { accounts, ApisScreen, asRole, expect, seriousViolations, signedInElsewhere, snapshot, test } from "../fixtures.ts";

/** The credential form, page and list as a store owner lives them (issue 8/8, points 1, 2, 5, 6, 9). */
asRole("owner");

/** Adds an API, then tries Add New with its name (spelt `typed`), saved from the IP Addresses tab. */
/** The kind of question the browser asks when the tab is closed (it is dismissed: the tab stays). */
async function questionOnClosing(page: Page) {
  const asked = new Promise<string>((resolve) => {
    page.once("dialog", (question) => {
      resolve(question.type());
      void question.dismiss();
    });
  });
  await page.close({ runBeforeUnload: true });
  return asked;
}

async function saveTakenName(page: Page, apis: ApisScreen, taken: string, typed: string) {
  await apis.create(taken, { scopes: ["orders:read"], ips: ["203.0.113.80"] });
  await apis.gotoList();
  await page.getByRole("link", { name: "Add New" }).first().click();
  await apis.fillGeneral({ username: typed, scopes: ["orders:read"] });
  await apis.tab("IP Addresses").click();
  await page.getByRole("button", { name: "Add current IP" }).click();
  await apis.save();
}

test.describe("a failed save is never silent", () => {
  test("a server error after Save on the IP Addresses tab is shown there, badges General and focuses the field", async ({ page, apis }) => {
    await saveTakenName(page, apis, "taken-name", "Taken-Name");

    const problems = page.getByRole("alert").filter({ hasText: "Not saved." });
    await expect(problems).toContainText("General › API Username: This API Username is already taken");
    await expect(page.getByText("Not saved: 1 problem. API Username: This API Username is already taken")).toBeVisible();
    await expect(apis.tab("General")).toHaveAttribute("aria-selected", "true");
    await expect(apis.tab("General")).toHaveAccessibleName("General 1 problem");
    const username = page.getByLabel("API Username", { exact: true });
    await expect(username).toBeFocused();
    await snapshot(page, "save-failed-server");

    // The banner stays above the tabs and leads back to the field from anywhere.
    await apis.tab("IP Addresses").click();
    await expect(problems).toBeVisible();
    await problems.getByRole("button", { name: "General › API Username" }).click();
    await expect(username).toBeFocused();
    await username.fill("fresh-name");
    await expect(problems).toBeHidden();
    await apis.save();
    await apis.takeKey("fresh-name");
  });

  test("the failed save's toast goes as soon as the next save goes out", async ({ page, apis }) => {
    await saveTakenName(page, apis, "taken-twice", "taken-twice");
    const failed = page.getByText("Not saved: 1 problem. API Username: This API Username is already taken");
    await expect(failed).toBeVisible();
    await page.getByLabel("API Username", { exact: true }).fill("taken-once");
    await apis.save();
    await expect(apis.keyDialog("taken-once")).toBeVisible();
    // Well before the toast's own five seconds are up.
    await expect(failed).toBeHidden({ timeout: 1000 });
  });

  test("a problem found in the browser, on the other tab, opens that tab and focuses the field", async ({ page, apis }) => {
    await apis.gotoList();
    await page.getByRole("link", { name: "Add New" }).first().click();
    await apis.fillGeneral({ username: "rate-typo", scopes: ["orders:read"], rateLimit: "60O" });
    await apis.tab("IP Addresses").click();
    await page.getByRole("button", { name: "Add current IP" }).click();
    await apis.save();
    await expect(page.getByRole("alert").filter({ hasText: "Not saved." })).toContainText("General › Rate limit");
    await expect(apis.tab("General")).toHaveAttribute("aria-selected", "true");
    await expect(page.getByLabel("Rate limit", { exact: true })).toBeFocused();
  });

  test("one Save names every problem of a pasted list: the invalid entries and the repeated ones", async ({ page, apis }) => {
    await apis.gotoList();
    await page.getByRole("link", { name: "Add New" }).first().click();
    await apis.fillGeneral({ username: "pasted-mix", scopes: ["orders:read"] });
    await apis.tab("IP Addresses").click();
    await apis.pasteIps("203.0.113.10\nwarehouse\n2001:db8::1\n203.0.113.10\n2001:DB8:0::1");
    await apis.save();
    await expect(page.getByText("Not saved: 3 problems.")).toBeVisible();
    await expect(apis.tab("IP Addresses")).toHaveAccessibleName("IP Addresses 3 problems");
    const problems = page.getByRole("alert").filter({ hasText: "Not saved." });
    await expect(problems.getByRole("button", { name: /^IP Addresses › / })).toHaveCount(3);
    const row = (n: number) => page.getByRole("row").filter({ has: page.getByLabel(`IP address ${n}`, { exact: true }) });
    await expect(row(4)).toContainText("203.0.113.10 is already in the list (IP address 1)");
    await expect(row(5)).toContainText("2001:db8::1 is already in the list (IP address 3)");
    // The row says it once: its error, not the hint (in the same words) beside it as well.
    await expect(row(4).getByText("203.0.113.10 is already in the list (IP address 1)")).toHaveCount(1);
    // Fixing one problem updates the banner, and the toast about that Save's problems goes.
    await row(2)
      .getByRole("button", { name: /^Remove/ })
      .click();
    await expect(page.getByText("Not saved: 3 problems.")).toBeHidden({ timeout: 1000 });
    await expect(apis.tab("IP Addresses")).toHaveAccessibleName("IP Addresses 2 problems");
    await expect(row(3)).toContainText("203.0.113.10 is already in the list (IP address 1)");
  });
});

test.describe("a change is never dropped silently", () => {
  test("leaving a changed form asks first; Stay keeps the change, Leave drops it", async ({ page, apis, shell }) => {
    await apis.create("leave-check", { scopes: ["orders:read"], ips: ["203.0.113.81"] });
    await page.getByLabel("Status", { exact: true }).selectOption("disabled");
    // Switching tabs is not leaving.
    await apis.tab("IP Addresses").click();
    await apis.tab("General").click();
    await expect(page.getByRole("dialog")).toHaveCount(0);

    await shell.nav.getByRole("link", { name: "APIs" }).click();
    const leave = page.getByRole("dialog", { name: "Leave without saving?" });
    await expect(leave).toContainText("Not saved yet: Status.");
    await expect(leave).toContainText("This key is still enabled");
    await snapshot(page, "leave-dialog");
    await leave.getByRole("button", { name: "Stay on this page" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /leave-check/ })).toBeVisible();
    await expect(page.getByLabel("Status", { exact: true })).toHaveValue("disabled");

    await page.getByRole("link", { name: "Cancel" }).click();
    await leave.getByRole("button", { name: "Leave without saving" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "APIs" })).toBeVisible();
    await apis.search("leave-check");
    await expect(apis.row("leave-check")).toContainText("Enabled");

    // An unchanged form is left without a question.
    await apis.row("leave-check").getByRole("link", { name: "Edit leave-check" }).click();
    await page.getByRole("link", { name: "Cancel" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "APIs" })).toBeVisible();
  });

  test("closing the tab with a changed form asks the browser's question", async ({ page, apis }) => {
    await apis.create("close-check", { scopes: ["orders:read"], ips: ["203.0.113.82"] });
    await page.getByLabel("Used by").click();
    await page.keyboard.type("ERP");
    expect(await questionOnClosing(page)).toBe("beforeunload");
    await expect(page.getByLabel("Used by")).toHaveValue("ERP");
    expect(page.isClosed()).toBe(false);
  });

  test("closing the tab while a new key is shown asks first, and keeps the key on screen", async ({ page, apis }) => {
    await apis.gotoList();
    await page.getByRole("link", { name: "Add New" }).first().click();
    await apis.fillGeneral({ username: "shown-once", scopes: ["orders:read"] });
    await apis.tab("IP Addresses").click();
    await page.getByRole("button", { name: "Add current IP" }).click();
    await apis.save();
    const dialog = apis.keyDialog("shown-once");
    const key = await dialog.getByLabel("API Key").inputValue();
    expect(await questionOnClosing(page)).toBe("beforeunload");
    await expect(dialog.getByLabel("API Key")).toHaveValue(key);
    expect(page.isClosed()).toBe(false);
  });

  test("Disable now on the key's page blocks the key at once and keeps the other unsaved changes; Enable undoes it alike", async ({
    page,
    apis,
    integration,
  }) => {
    const key = await apis.create("leaked-erp", { scopes: ["products:read"], ips: ["203.0.113.83"] });
    const call = () => integration.call("GET", "/products", { basic: ["leaked-erp", key], from: "203.0.113.83" });
    expect((await call()).status()).toBe(200);
    await page.getByLabel("Used by").fill("Old ERP (leaked)");

    await page.getByRole("button", { name: "Disable now" }).click();
    const confirm = page.getByRole("dialog", { name: "Disable leaked-erp now?" });
    await expect(confirm).toContainText("Other changes in this form stay here, not saved.");
    await snapshot(page, "disable-now-dialog");
    await confirm.getByRole("button", { name: "Disable now" }).click();
    await expect(page.getByText("leaked-erp is disabled")).toBeVisible();
    expect(await integration.error(call())).toMatchObject({ code: "unauthorized" });

    await expect(page.getByRole("heading", { level: 1 })).toContainText("Disabled");
    await expect(page.getByLabel("Status", { exact: true })).toHaveValue("disabled");
    await expect(page.getByLabel("Used by")).toHaveValue("Old ERP (leaked)");
    await expect(page.getByRole("button", { name: "Disable now" })).toHaveCount(0);

    // Enable is one click and a question away, and it too leaves the rest of the form alone.
    await page.getByRole("button", { name: "Enable", exact: true }).click();
    const enable = page.getByRole("dialog", { name: "Enable leaked-erp?" });
    await expect(enable).toContainText("regenerate the key first");
    await enable.getByRole("button", { name: "Enable", exact: true }).click();
    await expect(page.getByText("leaked-erp is enabled")).toBeVisible();
    expect((await call()).status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Enabled");
    await expect(page.getByLabel("Status", { exact: true })).toHaveValue("enabled");
    await expect(page.getByLabel("Used by")).toHaveValue("Old ERP (leaked)");
    await expect(page.getByRole("button", { name: "Enable", exact: true })).toHaveCount(0);

    // A key that is disabled and has expired: Enable says it stays refused, and it does.
    await page.getByRole("button", { name: "Disable now" }).click();
    await page.getByRole("dialog", { name: "Disable leaked-erp now?" }).getByRole("button", { name: "Disable now" }).click();
    const id = page.url().split("/").at(-1)?.split("?")[0] ?? "";
    const soon = new Date(Date.now() + 1500).toISOString();
    const expiring = await page.request.patch(`/api/admin/credentials/${id}`, { data: { expiresAt: soon }, headers: { Origin: new URL(page.url()).origin } });
    expect(expiring.status()).toBe(200);
    await page.waitForTimeout(1600);
    await page.reload();
    await page.getByRole("button", { name: "Enable", exact: true }).click();
    await expect(enable).toContainText("It has expired as well: its calls stay refused until Expires is changed and saved.");
    await enable.getByRole("button", { name: "Enable", exact: true }).click();
    await expect(page.getByText("leaked-erp is enabled. It has expired as well")).toBeVisible();
    expect(await integration.error(call())).toMatchObject({ code: "unauthorized" });
  });

  test("Disable now on a list row blocks the key at once", async ({ page, apis, integration }) => {
    const key = await apis.create("row-disable", { scopes: ["orders:read"], ips: ["203.0.113.84"] });
    await apis.gotoList();
    await apis.search("row-disable");
    await apis.row("row-disable").getByRole("button", { name: "Disable now: row-disable" }).click();
    await page.getByRole("dialog", { name: "Disable row-disable now?" }).getByRole("button", { name: "Disable now" }).click();
    await expect(apis.row("row-disable")).toContainText("Disabled");
    await expect(apis.row("row-disable").getByRole("button", { name: /Disable now/ })).toHaveCount(0);
    expect((await integration.call("GET", "/orders", { basic: ["row-disable", key], from: "203.0.113.84" })).status()).toBe(401);
  });

  test("a form left open past the session timeout keeps its draft and brings it back after signing in again", async ({
    page,
    apis,
    context,
    signInScreen,
    integration,
  }) => {
    const key = await apis.create("draft-keeper", { scopes: ["orders:read"], ips: ["203.0.113.85"] });
    await apis.tab("General").click();
    await page.getByLabel("Used by").fill("Nightly order export");
    await page.getByLabel("Status", { exact: true }).selectOption("disabled");
    // The session times out while the form is open: the server no longer knows the browser's cookie.
    await context.clearCookies();
    await context.addCookies([{ name: "gatehouse_session", value: "timed-out", url: page.url() }]);
    await apis.save();
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

    await signInScreen.signIn(accounts.owner.username, accounts.owner.password);
    await expect(page.getByRole("heading", { level: 1, name: /draft-keeper/ })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "Your unsaved changes from" })).toBeVisible();
    await expect(page.getByLabel("Used by")).toHaveValue("Nightly order export");
    await expect(page.getByLabel("Status", { exact: true })).toHaveValue("disabled");
    await snapshot(page, "draft-restored");
    await apis.save();
    await expect(page.getByText("Saved draft-keeper")).toBeVisible();
    expect((await integration.call("GET", "/orders", { basic: ["draft-keeper", key], from: "203.0.113.85" })).status()).toBe(401);
    await page.reload();
    await expect(page.getByLabel("Used by")).toHaveValue("Nightly order export");
    await expect(page.getByRole("status").filter({ hasText: "Your unsaved changes from" })).toHaveCount(0);
  });
});

/** The IP Addresses tab's row of entry n. */
const ipRow = (tab: Page, n: number) => tab.getByRole("row").filter({ has: tab.getByLabel(`IP address ${n}`, { exact: true }) });

// A review's find: a tab opened before an address was removed put it back when it saved.
test("two tabs on one key: a Save from the older tab keeps the other tab's removal and addition of IP addresses", async ({ page, apis, context }) => {
  await apis.create("two-tabs", { scopes: ["orders:read"], ips: ["127.0.0.1", "203.0.113.2"] });
  const address = `${page.url().split("?")[0]}?tab=ip`;
  const older = await context.newPage();
  await older.goto(address);
  await older.getByLabel("Note for IP address 1").fill("build server");

  // The newer tab removes one address and adds another, and saves.
  await page.goto(address);
  await ipRow(page, 2)
    .getByRole("button", { name: /^Remove/ })
    .click();
  await apis.pasteIps("198.51.100.7");
  await apis.save();
  await expect(page.getByText("Saved two-tabs")).toBeVisible();

  // The older tab saves its note: refused, or merged first, never undoing the other tab's change.
  await older.getByRole("button", { name: "Save", exact: true }).click();
  const meanwhile = older.getByRole("status").filter({ hasText: "Someone else saved this API while you were editing it." });
  await expect(meanwhile).toContainText("Added to your list of IP addresses: 198.51.100.7.");
  await expect(meanwhile).toContainText("Removed from your list, as they removed it: 203.0.113.2.");
  await expect(older.getByLabel("IP address 2", { exact: true })).toHaveValue("198.51.100.7");
  await expect(older.getByLabel("Note for IP address 1")).toHaveValue("build server");
  await expect(older.getByLabel("IP address 3", { exact: true })).toHaveCount(0);
  await older.getByRole("button", { name: "Save", exact: true }).click();
  await expect(older.getByText("Saved two-tabs")).toBeVisible();
  await expect(meanwhile).toHaveCount(0);

  await page.reload();
  await expect(ipRow(page, 1).getByLabel("IP address 1", { exact: true })).toHaveValue("127.0.0.1");
  await expect(page.getByLabel("Note for IP address 1")).toHaveValue("build server");
  await expect(page.getByLabel("IP address 2", { exact: true })).toHaveValue("198.51.100.7");
  await expect(page.getByLabel("IP address 3", { exact: true })).toHaveCount(0);
  await older.close();
});

test("Sign out asks about unsaved changes first; the draft comes back at the next sign-in", async ({ page, apis, browser, baseURL }) => {
  await apis.create("signout-draft", { scopes: ["orders:read"], ips: ["203.0.113.86"] });
  // A browser of its own: signing out here must not end the session every later test uses.
  const { context, page: own, signIn } = await signedInElsewhere(browser, baseURL, accounts.owner.username, accounts.owner.password);
  const form = new ApisScreen(own);
  await form.open("signout-draft");
  await own.getByLabel("Used by").fill("Moved to the new ERP");
  await own.getByLabel("Status", { exact: true }).selectOption("disabled");

  const signOut = own.getByRole("button", { name: "Sign out" });
  const ask = own.getByRole("dialog", { name: "Sign out without saving?" });
  await signOut.click();
  await expect(ask).toContainText("Not saved yet: Used by, Status.");
  await expect(ask).toContainText("This key is still enabled");
  await ask.getByRole("button", { name: "Cancel" }).click();
  await expect(ask).toBeHidden();
  await expect(own.getByLabel("Used by")).toHaveValue("Moved to the new ERP");
  await form.tab("IP Addresses").click();
  await form.pasteIps("198.51.100.20");

  await signOut.click();
  await ask.getByRole("button", { name: "Sign out without saving" }).click();
  await expect(own.getByRole("heading", { name: "Sign in" })).toBeVisible();

  // Meanwhile another admin saves a different Used by, and allows one more address: the draft's
  // return says so, and its list keeps theirs.
  await page.getByLabel("Used by").fill("Warehouse ERP — Sam, IT");
  await apis.tab("IP Addresses").click();
  await apis.pasteIps("198.51.100.21");
  await apis.save();
  await expect(page.getByText("Saved signout-draft")).toBeVisible();

  // Signing in again leads back to the key, with the draft.
  await signIn.signIn(accounts.owner.username, accounts.owner.password);
  await expect(own.getByRole("heading", { level: 1, name: /signout-draft/ })).toBeVisible();
  const restored = own.getByRole("status").filter({ hasText: "Your unsaved changes from" });
  await expect(restored).toContainText("Saved differently since then: Used by. Save would replace that with your draft.");
  await expect(restored).toContainText("The IP addresses saved since then are merged into your list");
  await expect(restored).not.toContainText("Status");
  await expect(own.getByLabel("Used by")).toHaveValue("Moved to the new ERP");
  await form.tab("IP Addresses").click();
  await expect(own.getByLabel("IP address 2", { exact: true })).toHaveValue("198.51.100.20");
  await expect(own.getByLabel("IP address 3", { exact: true })).toHaveValue("198.51.100.21");
  await context.close();
  // Nothing was saved: the key still works, for the owner's page too.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: /signout-draft/ })).toContainText("Enabled");
});

test.describe("keys that cannot work are not saved without a word", () => {
  test("Save asks about a key with no address and no permission, and leads to each", async ({ page, apis }) => {
    await apis.gotoList();
    await page.getByRole("link", { name: "Add New" }).first().click();
    await apis.fillGeneral({ username: "half-done" });
    await apis.save();
    const ask = page.getByRole("dialog", { name: "No address can use this key yet" });
    await expect(ask).toContainText("Every call with it is refused until you add the address");
    await expect(ask).toContainText("It has no permission");
    await snapshot(page, "unusable-key-dialog");
    await ask.getByRole("button", { name: "Add an address" }).click();
    await expect(apis.tab("IP Addresses")).toHaveAttribute("aria-selected", "true");
    await expect(page.getByRole("button", { name: "Add current IP" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByLabel("IP address 1", { exact: true })).toHaveValue("127.0.0.1");

    await apis.save();
    const permissions = page.getByRole("dialog", { name: "This key may not do anything yet" });
    await permissions.getByRole("button", { name: "Choose permissions" }).click();
    await expect(apis.tab("General")).toHaveAttribute("aria-selected", "true");
    await expect(page.getByRole("checkbox", { name: /^products:read/ })).toBeFocused();
    await page.getByRole("checkbox", { name: /^orders:read/ }).check();
    await apis.save();

    // The key dialog says what the key may do and from where.
    const summary = apis.keyDialog("half-done").getByRole("region", { name: "What this key may do" });
    await expect(summary).toContainText("Read orders");
    await expect(summary).toContainText("127.0.0.1");
    await snapshot(page, "key-dialog-summary");
    await apis.takeKey("half-done");
  });

  test("emptying the allow-list of a saved key asks too, and Save anyway saves it", async ({ page, apis }) => {
    await apis.create("emptied", { scopes: ["orders:read"], ips: ["203.0.113.86"] });
    await apis.tab("IP Addresses").click();
    await page.getByRole("button", { name: "Remove IP address 1" }).click();
    await apis.save();
    await apis.saveAnyway();
    await expect(page.getByText("Saved emptied")).toBeVisible();
    await apis.gotoList();
    await apis.search("emptied");
    await expect(apis.row("emptied")).toContainText("None — blocked");
  });
});

test.describe("the words match the guide and the roles", () => {
  test("each list row has Edit, and History on Add New says why it is empty", async ({ page, apis }) => {
    await apis.create("edit-me", { scopes: ["orders:read"], ips: ["203.0.113.87"] });
    await apis.gotoList();
    await apis.search("edit-me");
    await apis.row("edit-me").getByRole("link", { name: "Edit edit-me" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /edit-me/ })).toBeVisible();

    await page.goto("/apis/new");
    await apis.tab("History").click();
    await expect(page.getByText("History starts once this API is saved")).toBeVisible();
  });
});

test.describe("what the guide promises", () => {
  test("the key length is chosen when creating and when regenerating", async ({ page, apis }) => {
    await apis.gotoList();
    await page.getByRole("link", { name: "Add New" }).first().click();
    await apis.fillGeneral({ username: "long-key", scopes: ["orders:read"] });
    await expect(page.getByLabel("Key length")).toHaveValue("64");
    await page.getByLabel("Key length").fill("300");
    await apis.tab("IP Addresses").click();
    await page.getByRole("button", { name: "Add current IP" }).click();
    await apis.save();
    await expect(page.getByLabel("Key length")).toBeFocused();
    await expect(page.getByLabel("Key length")).toHaveAccessibleDescription(/Key length must be a whole number from 64 to 256/);
    await page.getByLabel("Key length").fill("128");
    await apis.save();
    const key = await apis.takeKey("long-key");
    expect(key).toMatch(/^gk_[0-9A-Za-z]{125}$/);

    await page.getByRole("button", { name: "Regenerate key" }).click();
    const regenerate = page.getByRole("dialog", { name: "Regenerate the key for long-key?" });
    await regenerate.getByLabel("Key length").fill("256");
    await regenerate.getByRole("button", { name: "Regenerate key" }).click();
    expect(await apis.takeKey("long-key")).toMatch(/^gk_[0-9A-Za-z]{253}$/);
  });

  test("Used by and the key's age show on the General tab and in the list", async ({ page, apis }) => {
    await apis.gotoList();
    await page.getByRole("link", { name: "Add New" }).first().click();
    await apis.fillGeneral({ username: "used-by-check", scopes: ["products:read"] });
    await page.getByLabel("Used by").fill("Warehouse ERP — Sam, IT");
    await apis.tab("IP Addresses").click();
    await page.getByRole("button", { name: "Add current IP" }).click();
    await apis.save();
    await apis.takeKey("used-by-check");
    await expect(page.getByLabel("Used by")).toHaveValue("Warehouse ERP — Sam, IT");
    await expect(page.getByText("Key issued today.")).toBeVisible();
    await snapshot(page, "general-tab-used-by");

    await apis.gotoList();
    await apis.search("used-by-check");
    await expect(apis.row("used-by-check")).toContainText("Used by Warehouse ERP — Sam, IT");
    await expect(apis.row("used-by-check")).toContainText("issued today");
    await snapshot(page, "credentials-list-used-by");
  });

  test("End grace period now on a page that is behind: the grace already ended elsewhere, and the page catches up", async ({ page, apis }) => {
    await apis.create("grace-stale", { scopes: ["products:read"], ips: ["203.0.113.89"] });
    await page.getByRole("button", { name: "Regenerate key" }).click();
    const regenerate = page.getByRole("dialog", { name: "Regenerate the key for grace-stale?" });
    await regenerate.getByRole("radio", { name: "1 hour" }).check();
    await regenerate.getByRole("button", { name: "Regenerate key" }).click();
    await apis.takeKey("grace-stale");
    // Another tab (or admin) ends the grace; this page still shows it running.
    const id = new URL(page.url()).pathname.split("/").at(-1) ?? "";
    const ended = await page.request.post(`/api/admin/credentials/${id}/end-grace`, { headers: { Origin: new URL(page.url()).origin } });
    expect(ended.status()).toBe(200);
    const note = page.getByRole("status").filter({ hasText: "The previous key still works until" });
    await expect(note).toBeVisible();

    await page.getByRole("button", { name: "End grace period now" }).click();
    const confirm = page.getByRole("dialog", { name: "Stop the old key of grace-stale now?" });
    await confirm.getByRole("button", { name: "End grace period now" }).click();
    await expect(page.getByText("The old key of grace-stale already stopped working")).toBeVisible();
    await expect(confirm).toBeHidden();
    await expect(note).toHaveCount(0);
  });

  test("End grace period now stops the old key at once; the new key works on", async ({ page, apis, integration }) => {
    const old = await apis.create("grace-ender", { scopes: ["products:read"], ips: ["203.0.113.88"] });
    const from = "203.0.113.88";
    await page.getByRole("button", { name: "Regenerate key" }).click();
    const regenerate = page.getByRole("dialog", { name: "Regenerate the key for grace-ender?" });
    await regenerate.getByRole("radio", { name: "24 hours" }).check();
    await regenerate.getByRole("button", { name: "Regenerate key" }).click();
    const renewed = await apis.takeKey("grace-ender");
    expect((await integration.call("GET", "/products", { basic: ["grace-ender", old], from })).status()).toBe(200);

    // A second grace would end the first: the dialog says so, and the server refuses it.
    await page.getByRole("button", { name: "Regenerate key" }).click();
    await expect(regenerate.getByText(/Only one old key is kept: end its grace period first/)).toBeVisible();
    await regenerate.getByRole("radio", { name: "1 hour" }).check();
    await regenerate.getByRole("button", { name: "Regenerate key" }).click();
    // Said in the dialog, in the admin's time format: no toast with the API's ISO time.
    await expect(regenerate.getByRole("alert")).toContainText(/^Not regenerated\. The previous key still works until [^.]*\d{4}, \d/);
    await expect(page.getByText(/only one old key can be kept/)).toHaveCount(0);
    await regenerate.getByRole("button", { name: "Cancel" }).click();
    expect((await integration.call("GET", "/products", { basic: ["grace-ender", old], from })).status()).toBe(200);

    await page.getByRole("button", { name: "End grace period now" }).click();
    const confirm = page.getByRole("dialog", { name: "Stop the old key of grace-ender now?" });
    await confirm.getByRole("button", { name: "End grace period now" }).click();
    await expect(page.getByText("The old key of grace-ender no longer works")).toBeVisible();
    await expect(page.getByText(/The previous key still works until/)).toHaveCount(0);
    expect((await integration.call("GET", "/products", { basic: ["grace-ender", old], from })).status()).toBe(401);
    expect((await integration.call("GET", "/products", { basic: ["grace-ender", renewed], from })).status()).toBe(200);
  });
});

test("the list's row actions, a failed save and the questions Save and leaving ask have no serious accessibility violation", async ({ page, apis, shell }) => {
  test.setTimeout(60_000);
  await apis.create("axe-flows", { scopes: ["orders:read"], ips: ["203.0.113.89"] });
  await apis.gotoList();
  await apis.search("axe-flows");
  await expect(apis.row("axe-flows").getByRole("link", { name: "Edit axe-flows" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await apis.row("axe-flows").getByRole("link", { name: "Edit axe-flows" }).click();
  await page.getByLabel("Rate limit", { exact: true }).fill("many");
  await apis.save();
  await expect(page.getByRole("alert").filter({ hasText: "Not saved." })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByLabel("Rate limit", { exact: true }).fill("60");
  await apis.tab("IP Addresses").click();
  await page.getByRole("button", { name: "Remove IP address 1" }).click();
  await apis.save();
  await expect(page.getByRole("dialog", { name: "No address can use this key yet" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press("Escape");

  await shell.nav.getByRole("link", { name: "Activity" }).click();
  await expect(page.getByRole("dialog", { name: "Leave without saving?" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});
