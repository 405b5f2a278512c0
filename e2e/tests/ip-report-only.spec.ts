import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { asRole, expect, snapshot, test } from "../fixtures.ts";

asRole("owner");

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical").map((violation) => violation.id);
}

test("Report only serves unlisted addresses as 'would have been refused'; a suggested range is added; Enforce warns first", async ({
  page,
  apis,
  shell,
  integration,
}) => {
  const key = await apis.create("stock-feed", { scopes: ["products:read"], ips: ["192.0.2.10"] });
  const products = (from: string) => integration.call("GET", "/products", { basic: ["stock-feed", key], from });

  await apis.tab("IP Addresses").click();
  await expect(page.getByRole("heading", { name: "IP enforcement: Enforce" })).toBeVisible();
  expect((await products("198.51.100.11")).status()).toBe(403);
  await page.getByRole("button", { name: "Switch to Report only" }).click();
  await page.getByRole("dialog", { name: "Report only for stock-feed?" }).getByRole("button", { name: "Switch to Report only" }).click();
  await expect(page.getByRole("heading", { name: "IP enforcement: Report only" })).toBeVisible();

  // Three servers of one /24 and one elsewhere: all served now.
  for (const from of ["198.51.100.11", "198.51.100.12", "198.51.100.13", "203.0.113.50", "203.0.113.50"]) expect((await products(from)).status()).toBe(200);

  await apis.tab("History").click();
  const notListed = page.getByRole("row").filter({ hasText: "203.0.113.50" }).filter({ hasText: "Would have been refused" });
  await expect(notListed.getByRole("cell", { name: "2", exact: true })).toBeVisible();
  await snapshot(page, "report-only-history");
  await shell.open("Activity");
  await expect(page.getByRole("row").filter({ hasText: "198.51.100.12" }).filter({ hasText: "Would have been refused" })).toBeVisible();

  // The list says which keys do not enforce their addresses.
  await apis.gotoList();
  await apis.search("stock-feed");
  await expect(apis.row("stock-feed")).toContainText("Report only");
  await snapshot(page, "report-only-list");
  await apis.open("stock-feed");
  await apis.tab("IP Addresses").click();
  const suggestions = page.getByRole("region", { name: "Suggested addresses" });
  const range = suggestions.getByRole("row").filter({ hasText: "198.51.100.0/24" });
  await expect(range).toContainText("3 addresses: 198.51.100.11, 198.51.100.12, 198.51.100.13");
  await expect(range.getByRole("cell", { name: "3", exact: true })).toBeVisible();
  await expect(suggestions.getByRole("row").filter({ hasText: "203.0.113.50" }).getByRole("cell", { name: "2", exact: true })).toBeVisible();
  await snapshot(page, "report-only-suggestions");
  expect(await seriousViolations(page)).toEqual([]);

  await suggestions.getByRole("button", { name: "Add 198.51.100.0/24" }).click();
  await expect(page.getByLabel("IP address 2", { exact: true })).toHaveValue("198.51.100.0/24");
  await expect(range).toHaveCount(0);
  // Enforce applies the saved list, so it waits for Save.
  await expect(page.getByRole("button", { name: "Switch to Enforce" })).toBeDisabled();
  await expect(page.getByText("Save the list first: Enforce applies the saved list.")).toBeVisible();
  await apis.save();
  await expect(page.getByText("Save the list first")).toBeHidden();

  await page.getByRole("button", { name: "Switch to Enforce" }).click();
  const warning = page.getByRole("dialog", { name: "Enforce the allowed IPs of stock-feed?" });
  await expect(warning).toContainText("2 calls of the last 7 days would have been refused");
  await snapshot(page, "report-only-enforce-warning");
  expect(await seriousViolations(page)).toEqual([]);
  await warning.getByRole("button", { name: "Switch to Enforce" }).click();
  await expect(page.getByRole("heading", { name: "IP enforcement: Enforce" })).toBeVisible();

  expect((await products("203.0.113.50")).status()).toBe(403);
  expect((await products("198.51.100.14")).status()).toBe(200);
});
