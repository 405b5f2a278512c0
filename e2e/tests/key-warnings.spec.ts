import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { asRole, expect, snapshot, test } from "../fixtures.ts";

asRole("owner");

const DAY = 86_400_000;

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical").map((violation) => violation.id);
}

/** Keys made through the admin API, as an integration's setup would be; names unique per run. */
async function createKey(page: Page, name: string, expiresAt: string | null) {
  const res = await page.request.post("/api/admin/credentials", {
    data: { username: `${name}-${Date.now() % 100000}`, scopes: ["products:read"], allowedIps: [], expiresAt },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { credential: { id: string; username: string } }).credential;
}

test("the APIs list and Activity point out keys expiring within 14 days and keys never used", async ({ page }) => {
  await page.goto("/apis");
  // Five days less an hour: the marker rounds up, so it says 5 days.
  const soon = await createKey(page, "exp-soon", new Date(Date.now() + 5 * DAY - 3_600_000).toISOString());
  const later = await createKey(page, "exp-later", new Date(Date.now() + 30 * DAY).toISOString());

  await page.goto("/apis");
  const row = (username: string) => page.getByRole("row").filter({ has: page.getByRole("link", { name: username, exact: true }) });
  await expect(row(soon.username)).toContainText("Expires in 5 days");
  await expect(row(soon.username)).toContainText("Enabled");
  await expect(row(later.username)).toBeVisible();
  await expect(row(later.username)).not.toContainText("Expires in");
  // Added a moment ago: not used yet, said quietly rather than flagged.
  await expect(row(soon.username).getByText("Not used yet")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 860 });
  await snapshot(page, "key-warnings-apis-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(row(soon.username)).toContainText("Expires in 5 days");
  await snapshot(page, "key-warnings-apis-390");
  await page.emulateMedia({ colorScheme: "dark" });
  await snapshot(page, "key-warnings-apis-390-dark");
  await page.emulateMedia({ colorScheme: "light" });

  await page.setViewportSize({ width: 1280, height: 860 });
  await page.goto("/activity");
  const card = (title: string) => page.locator("section").filter({ has: page.getByRole("heading", { name: title, exact: true }) });
  const expiring = card("Expiring within 14 days");
  await expect(expiring.getByRole("link", { name: soon.username })).toBeVisible();
  await expect(expiring.getByRole("listitem").filter({ hasText: soon.username })).toContainText("in 5 days");
  await expect(expiring.getByRole("link", { name: later.username })).toHaveCount(0);
  // The card lists the ten oldest keys that never made a call: on the shared e2e database the
  // other specs' keys come first, so this checks the card lists some and not the empty message.
  await expect(card("Never used").getByRole("link").first()).toBeVisible();
  await expect(card("Never used")).not.toContainText("None — every key has made a call");
  // More than ten never-used keys (this test alone made eleven): the card lists ten and says how many more.
  for (let i = 0; i < 9; i++) await createKey(page, `unused-${i}`, null);
  await page.reload();
  const summary = (await (await page.request.get("/api/admin/history/summary")).json()) as { neverUsedCount: number };
  expect(summary.neverUsedCount).toBeGreaterThan(10);
  await expect(card("Never used").getByRole("link")).toHaveCount(10);
  await expect(card("Never used")).toContainText(`and ${summary.neverUsedCount - 10} more`);
  await page.waitForLoadState("networkidle");
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot(page, "key-warnings-activity-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await snapshot(page, "key-warnings-activity-390");

  await expiring.getByRole("link", { name: soon.username }).click();
  await expect(page.getByLabel("API Username")).toHaveValue(soon.username);
});
