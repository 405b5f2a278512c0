import type { Locator } from "@playwright/test";
import { asRole, expect, snapshot, test } from "../fixtures.ts";

const background = (field: Locator) => field.evaluate((element) => getComputedStyle(element).backgroundColor);

test.describe("as an owner", () => {
  asRole("owner");

  test("creates inventory-sync, copies the key once, finds, disables, regenerates and deletes it", async ({ page, apis }) => {
    await apis.gotoList();
    await page.getByRole("link", { name: "Add New" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Add API" })).toBeVisible();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByLabel("API Username", { exact: true })).toHaveAccessibleDescription(/API Username must be 3–20 characters/);
    await apis.fillGeneral({ username: "inventory-sync", scopes: ["products:read", "products:write"], rateLimit: "600" });
    await snapshot(page, "credential-form-new");
    await apis.save();
    await apis.saveAnyway();
    await expect(apis.keyDialog("inventory-sync")).toContainText("It cannot be shown again");
    await snapshot(page, "key-dialog");
    const key = await apis.takeKey("inventory-sync");
    expect(key).toMatch(/^gk_[0-9A-Za-z]{61}$/);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);

    // The edit page never shows the key again, only its prefix.
    await expect(page.getByRole("heading", { level: 1, name: /inventory-sync/ })).toBeVisible();
    await expect(page.getByText(key.slice(0, 8))).toBeVisible();
    expect(await page.content()).not.toContain(key);
    await snapshot(page, "credential-form-edit");

    await apis.gotoList();
    await apis.search("inventory");
    await expect(apis.row("inventory-sync")).toContainText("Enabled");
    await expect(apis.row("inventory-sync")).toContainText("None — blocked");
    await snapshot(page, "credentials-list");

    await apis.open("inventory-sync");
    await page.getByLabel("Status", { exact: true }).selectOption("disabled");
    await apis.save();
    await expect(page.getByText("Saved inventory-sync")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Disabled");

    await page.getByRole("button", { name: "Regenerate key" }).click();
    const regenerate = page.getByRole("dialog", { name: "Regenerate the key for inventory-sync?" });
    await regenerate.getByRole("radio", { name: "1 hour" }).check();
    await regenerate.getByRole("button", { name: "Regenerate key" }).click();
    await expect(apis.keyDialog("inventory-sync")).toContainText("The old key keeps working until");
    const renewed = await apis.takeKey("inventory-sync");
    expect(renewed).not.toBe(key);
    // The key is disabled: the grace note does not claim the old key works.
    await expect(page.getByText(/The previous key still works until/)).toHaveCount(0);
    await expect(
      page.getByText(/Disabled: neither this key nor the previous one works\. Enabled before .+, the previous key works until then\./),
    ).toBeVisible();

    await page.getByRole("button", { name: "Delete" }).click();
    const confirm = page.getByRole("dialog", { name: "Delete inventory-sync?" });
    await expect(confirm).toContainText("It has never been used");
    await expect(confirm).toContainText("disable it first");
    await snapshot(page, "delete-dialog");
    // Nothing of the deleted API is asked for again on the way out (it would only answer 404).
    const notFound: string[] = [];
    page.on("response", (response) => {
      if (response.status() === 404) notFound.push(new URL(response.url()).pathname);
    });
    await confirm.getByRole("button", { name: "Delete API" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "APIs" })).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(notFound).toEqual([]);
    await apis.search("inventory");
    await expect(page.getByText("No APIs match")).toBeVisible();
  });
});

test.describe("as an owner, deleting several", () => {
  asRole("owner");

  test("the bulk Delete names each API with its last use, the first ten and how many more, and suggests disabling", async ({ page, apis, integration }) => {
    await apis.gotoList();
    const headers = { Origin: new URL(page.url()).origin };
    const keys: Record<string, string> = {};
    for (let i = 1; i <= 12; i++) {
      const username = `bulk-del-${String(i).padStart(2, "0")}`;
      const created = await page.request.post("/api/admin/credentials", { data: { username, scopes: [], allowedIps: [{ entry: "192.0.2.50" }] }, headers });
      expect(created.status()).toBe(201);
      keys[username] = ((await created.json()) as { key: string }).key;
    }
    expect((await integration.call("GET", "/session", { basic: ["bulk-del-01", keys["bulk-del-01"] ?? ""], from: "192.0.2.50" })).status()).toBe(200);
    // Last use is written by the history flush, within a second.
    await expect
      .poll(async () => {
        const list = (await (await page.request.get("/api/admin/credentials?search=bulk-del-01")).json()) as { items: { lastUsedIp: string | null }[] };
        return list.items[0]?.lastUsedIp;
      })
      .toBe("192.0.2.50");

    await apis.search("bulk-del");
    await expect(apis.row("bulk-del-12")).toBeVisible();
    await page.getByRole("checkbox", { name: "Select all on this page" }).check();
    await page.getByRole("region", { name: "Bulk actions" }).getByRole("button", { name: "Delete" }).click();
    const confirm = page.getByRole("dialog", { name: "Delete 12 APIs?" });
    const named = confirm.getByRole("list", { name: "APIs to delete" }).getByRole("listitem");
    await expect(named).toHaveCount(11);
    await expect(named.first()).toHaveText(/^bulk-del-01 was last used .* from 192\.0\.2\.50$/);
    await expect(named.nth(1)).toHaveText("bulk-del-02 has never been used");
    await expect(named.nth(9)).toHaveText(/^bulk-del-10 /);
    await expect(named.last()).toHaveText("and 2 more APIs");
    await expect(confirm).toContainText("disable them first");
    await snapshot(page, "bulk-delete-dialog");
    await confirm.getByRole("button", { name: "Delete 12 APIs" }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByText("12 APIs deleted")).toBeVisible();
    await expect(page.getByText("No APIs match")).toBeVisible();
  });
});

test.describe("as an editor", () => {
  asRole("editor");

  test("can create and edit, and sees no Delete: the UI hides what the role cannot do", async ({ page, apis }) => {
    await apis.create("erp-sync", { scopes: ["orders:read"], ips: ["192.0.2.20"] });
    await expect(page.getByRole("button", { name: "Regenerate key" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);
    await expect(page.getByText("Only owners can delete")).toHaveCount(0);
    await snapshot(page, "credential-form-editor");
    await apis.gotoList();
    await apis.row("erp-sync").getByRole("checkbox").check();
    const bulk = page.getByRole("region", { name: "Bulk actions" });
    await expect(bulk.getByRole("button", { name: "Disable", exact: true })).toBeVisible();
    await expect(bulk.getByRole("button", { name: "Delete" })).toHaveCount(0);
    await expect(bulk.getByText("Only owners can delete")).toHaveCount(0);
  });
});

test.describe("as a viewer", () => {
  asRole("viewer");

  test("sees the list but no Add New, and a read-only form", async ({ page, apis }) => {
    await apis.gotoList();
    await expect(page.getByRole("link", { name: "Add New" })).toHaveCount(0);
    await apis.search("erp-sync");
    await expect(apis.row("erp-sync").getByRole("button", { name: /Disable now/ })).toHaveCount(0);
    await apis.row("erp-sync").getByRole("link", { name: "View erp-sync" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /erp-sync/ })).toBeVisible();
    await expect(page.getByRole("button", { name: "Disable now" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);
    await apis.open("erp-sync");
    await expect(page.getByRole("button", { name: "Save", exact: true })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Regenerate key" })).toHaveCount(0);
    await expect(page.getByLabel("API Username", { exact: true })).toBeDisabled();

    // Locked fields look it: the page's background, not an input's white.
    const pageBackground = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(await background(page.getByLabel("API Username", { exact: true }))).toBe(pageBackground);
    // What a viewer reads is about the key, not about buttons they do not have.
    await expect(page.getByLabel("Expires", { exact: true })).toHaveValue("Never");
    await expect(page.getByText("use Disable now")).toHaveCount(0);
    await apis.tab("IP Addresses").click();
    const address = page.getByLabel("IP address 1", { exact: true });
    await expect(address).not.toBeEditable();
    expect(await background(address)).toBe(pageBackground);
    await expect(address).not.toHaveAttribute("placeholder");
    await expect(page.getByText("Changes apply when you save")).toHaveCount(0);
  });
});
