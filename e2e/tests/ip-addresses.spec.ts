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

test("behind a reverse proxy that is not trusted, the IP tab names the trap instead of offering to allow the proxy", async ({ page, apis }) => {
  // The e2e server trusts 127.0.0.1 (the tests play integrations through it), so the server's
  // verdict for an untrusted proxy (covered by apps/server/test/proxy-trap.test.ts) is set on the
  // real session answer here.
  await page.route("**/api/admin/session", async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: { ...((await response.json()) as object), currentIpIsProxy: true } });
  });
  await apis.gotoList();
  await page.getByRole("link", { name: "Add New" }).first().click();
  await apis.tab("IP Addresses").click();
  await expect(page.getByText(/Your current IP is 127\.0\.0\.1/)).toBeVisible();
  const warning = page.getByRole("status").filter({ hasText: "This looks like your proxy's address — set TRUSTED_PROXIES." });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText("TRUSTED_PROXIES=127.0.0.1");
  await expect(page.getByRole("button", { name: "Add current IP" })).toBeDisabled();
  await snapshot(page, "ip-tab-proxy-trap");

  // Served by a trusted proxy (as this server is set up), the tab says nothing of it.
  await page.unroute("**/api/admin/session");
  await page.reload();
  await apis.tab("IP Addresses").click();
  await expect(page.getByText(/Your current IP is 127\.0\.0\.1/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Add current IP" })).toBeEnabled();
  await expect(page.getByText("This looks like your proxy's address")).toHaveCount(0);
});

test("a comma list pastes as entries, a zone id and a cut note are said, not silent", async ({ page, apis }) => {
  await apis.gotoList();
  await page.getByRole("link", { name: "Add New" }).first().click();
  await apis.fillGeneral({ username: "pasted-list", scopes: ["orders:read"] });
  await apis.tab("IP Addresses").click();
  await apis.pasteIps("10.0.0.0/8, 192.168.0.0/16; fe80::1%eth0");
  await expect(page.getByLabel("IP address 1", { exact: true })).toHaveValue("10.0.0.0/8");
  await expect(page.getByLabel("IP address 2", { exact: true })).toHaveValue("192.168.0.0/16");
  await expect(page.getByLabel("IP address 3", { exact: true })).toHaveValue("fe80::1%eth0");
  await expect(page.getByLabel("Note for IP address 1", { exact: true })).toHaveValue("");
  await expect(page.getByText("Saved as fe80::1: the zone id (%eth0)")).toBeVisible();

  const note = page.getByLabel("Note for IP address 1", { exact: true });
  await note.fill("n".repeat(250));
  await expect(note).toHaveValue("n".repeat(200));
  await expect(page.getByText("Notes are at most 200 characters; the rest was not kept.")).toBeVisible();
});
