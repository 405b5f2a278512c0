import { asRole, expect, snapshot, test } from "../fixtures.ts";

asRole("owner");

test("adds the current IP, pastes a list with a bad line, and warns about empty and * lists", async ({ page, apis }) => {
  await apis.gotoList();
  await page.getByRole("link", { name: "Add New" }).first().click();
  await apis.fillGeneral({ username: "mobile-app", scopes: ["orders:read"] });
  await apis.tab("IP Addresses").click();
  await expect(page.getByText("No address can use this key until you add one")).toBeVisible();
  await expect(page.getByText(/Your current IP is 127\.0\.0\.1/)).toBeVisible();

  await page.getByRole("button", { name: "Add current IP" }).click();
  await expect(page.getByLabel("IP address 1", { exact: true })).toHaveValue("127.0.0.1");
  await expect(page.getByText("No address can use this key until you add one")).toBeHidden();

  await apis.pasteIps("203.0.113.0/24 office\n203.0.113.7 # the same office\n127.1\n2001:DB8::1");
  await expect(page.getByLabel("IP address 4", { exact: true })).toHaveValue("127.1");
  await expect(page.getByRole("alert").filter({ hasText: /127\.1/ })).toBeVisible();
  await expect(page.getByText("203.0.113.7 is already covered by 203.0.113.0/24")).toBeVisible();
  await snapshot(page, "ip-tab-errors");

  // Saving with the bad line is refused and keeps the admin on this tab.
  await apis.save();
  await expect(apis.tab("IP Addresses")).toHaveAttribute("aria-selected", "true");
  await page.getByRole("button", { name: "Remove IP address 4" }).click();

  await page.getByRole("button", { name: "Add IP" }).click();
  await page.getByLabel("IP address 5", { exact: true }).fill("*");
  await expect(page.getByText("lets any address on the internet use this key")).toBeVisible();
  await snapshot(page, "ip-tab-any");
  await page.getByRole("button", { name: "Remove IP address 5" }).click();

  await apis.save();
  await apis.takeKey("mobile-app");
  await apis.tab("IP Addresses").click();
  await expect(page.getByLabel("IP address 1", { exact: true })).toHaveValue("127.0.0.1");
  await expect(page.getByLabel("IP address 4", { exact: true })).toHaveValue("2001:db8::1");
  await expect(page.getByLabel("Note for IP address 2", { exact: true })).toHaveValue("office");
  await expect(page.getByLabel("Note for IP address 3", { exact: true })).toHaveValue("the same office");
});
