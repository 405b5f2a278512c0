import type { Locator, Page } from "@playwright/test";
import { asRole, expect, snapshot, test } from "../fixtures.ts";

asRole("owner");

/** Small things a store owner notices at once. Each test fails on the code before the fix. */

test("the API reference says 1 character, not 1 characters", async ({ page }) => {
  await page.goto("/docs/api");
  const login = page.getByRole("region", { name: "POST /api/v1/login" });
  await expect(login.getByRole("row").filter({ hasText: "username" })).toContainText("at least 1 character; at most 64 characters");
  await expect(page.locator("main")).not.toContainText(/\b1 characters/);
});

test("the audit log speaks the screens' words, not the code's", async ({ page, request }) => {
  await page.goto("/audit-log");
  const headers = { Origin: new URL(page.url()).origin };
  const created = await request.post("/api/admin/credentials", {
    data: { username: "audit-words", scopes: ["orders:read"], allowedIps: [{ entry: "192.0.2.1" }] },
    headers,
  });
  expect(created.status()).toBe(201);
  const { credential } = (await created.json()) as { credential: { id: string } };
  const changed = await request.patch(`/api/admin/credentials/${credential.id}`, {
    data: { expiresAt: "2031-01-31T00:00:00Z", rateLimit: 60, allowedIps: [{ entry: "192.0.2.1" }, { entry: "192.0.2.2", note: "backup" }] },
    headers,
  });
  expect(changed.status()).toBe(200);

  await page.reload();
  const rows = page.getByRole("row").filter({ hasText: "audit-words" });
  await expect(rows.filter({ hasText: "Allowed IPs changed" })).toContainText("Added 192.0.2.2 (backup)");
  const settings = rows.filter({ hasText: "API changed" });
  await expect(settings).toContainText("Expires");
  await expect(settings).toContainText("Never →");
  await expect(settings).toContainText("Rate limit");
  await expect(settings).toContainText("60 per minute");
  const added = rows.filter({ hasText: "API added" });
  await expect(added).toContainText("API Username");
  await expect(added).toContainText("Permissions");
  await expect(added).toContainText(/API Key gk_\w+…/);
  // Only the rows of this key: webhook entries name their events (credential.created…) as the Notifications screen does.
  for (const text of await rows.allTextContents())
    expect(text).not.toMatch(/allowed_ips\.replace|credential\.(create|update)|expiresAt|keyPrefix|rateLimit|allowedIps|signingMode|signingSecretPrefix/);
  await expect(page.getByLabel("Filter by action").getByRole("option", { name: "Allowed IPs changed" })).toHaveCount(1);
  await snapshot(page, "audit-log-words");
});

/** Where the last time label under the chart ends, how wide the chart is, and the gaps between the labels. */
const lastLabel = (page: Page) =>
  page.getByRole("img", { name: /Calls over the last/ }).evaluate((chart) => {
    // The chart's own svg, not a legend icon's: the one that holds the axes.
    const svg = [...chart.querySelectorAll("svg")].find((element) => element.querySelector(".recharts-cartesian-axis") !== null);
    const labels = [...(svg?.querySelectorAll<SVGTextElement>(".recharts-cartesian-axis-tick-value") ?? [])];
    const lowest = Math.max(...labels.map((label) => label.getBBox().y));
    const xAxis = labels.filter((label) => label.getBBox().y === lowest);
    const box = xAxis.map((label) => label.getBBox()).reduce((right, next) => (next.x > right.x ? next : right));
    const centres = xAxis.map((label) => label.getBBox().x + label.getBBox().width / 2).toSorted((a, b) => a - b);
    const gaps = centres.slice(1).map((centre, index) => centre - (centres[index] ?? 0));
    return { end: box.x + box.width, width: Number(svg?.getAttribute("width")), gaps };
  });

const channels = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
const linear = (value: number) => {
  const c = value / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};
const luminance = ([r = 0, g = 0, b = 0]: number[]) => 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);

/**
 * The contrast ratio (WCAG) of an element's text against the first opaque background behind it.
 * axe leaves the chart's legend "incomplete" (it sits over the chart), so it is measured here.
 */
async function textContrast(text: Locator) {
  const { fore, back } = await text.evaluate((element) => {
    let behind: Element | null = element;
    while (behind && getComputedStyle(behind).backgroundColor.replace(/\s/g, "") === "rgba(0,0,0,0)") behind = behind.parentElement;
    return { fore: getComputedStyle(element).color, back: behind ? getComputedStyle(behind).backgroundColor : "rgb(255, 255, 255)" };
  });
  const [lighter, darker] = [luminance(channels(fore)), luminance(channels(back))].toSorted((a, b) => b - a);
  return ((lighter ?? 1) + 0.05) / ((darker ?? 0) + 0.05);
}

test("the chart shows today's calls in every period, keeps its last time label whole, and its legend is readable", async ({ page, apis, integration }) => {
  const key = await apis.create("legend-check", { scopes: ["products:read"], ips: ["192.0.2.20"] });
  const basic: [string, string] = ["legend-check", key];
  const patch = await page.request.patch(`/api/admin/credentials/${new URL(page.url()).pathname.split("/").at(-1)}`, {
    data: { rateLimit: 1 },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(patch.status()).toBe(200);
  // One allowed, one rate limited (the yellow one), one refused address.
  expect((await integration.call("GET", "/products", { basic, from: "192.0.2.20" })).status()).toBe(200);
  expect((await integration.call("GET", "/products", { basic, from: "192.0.2.20" })).status()).toBe(429);
  expect((await integration.call("GET", "/products", { basic, from: "198.51.100.3" })).status()).toBe(403);

  await page.goto("/activity");
  const legend = (outcome: string) => page.locator(".recharts-legend-wrapper").getByText(outcome, { exact: true });
  await expect(legend("Rate limited")).toBeVisible();
  for (const outcome of ["Rate limited", "IP not allowed", "OK"]) {
    expect(await textContrast(legend(outcome)), `contrast of the "${outcome}" legend`).toBeGreaterThanOrEqual(4.5);
  }
  for (const period of ["24 hours", "7 days", "30 days"]) {
    await page.getByRole("group", { name: "Period" }).getByRole("button", { name: period }).click();
    await expect(page.getByRole("group", { name: "Period" }).getByRole("button", { name: period })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByRole("img", { name: /Calls over the last/ })).toBeVisible();
    // Today's calls are in every period (the longer ones once showed only calls made in a bucket's first hour).
    await expect(legend("Rate limited")).toBeVisible();
    await expect(page.getByText("No calls in this period.")).toHaveCount(0);
    const { end, width, gaps } = await lastLabel(page);
    // Pushed against the edge, the label's last letter was cut off.
    expect(width - end, `room after the last label (${period})`).toBeGreaterThanOrEqual(4);
    // Evenly spaced: the last label was forced in, and the axis jumped 07:00 → 10:00 at its end.
    expect(gaps.length, `labels under the chart (${period})`).toBeGreaterThan(1);
    expect(Math.max(...gaps) - Math.min(...gaps), `gaps between labels (${period}): ${gaps.join(", ")}`).toBeLessThan(2);
  }
  await snapshot(page, "activity-chart");
});

test("the * warning reads as one sentence, and IP rows keep their width when one shows an error", async ({ page, apis }) => {
  await apis.gotoList();
  await page.getByRole("link", { name: "Add New" }).first().click();
  await apis.tab("IP Addresses").click();
  await page.getByRole("button", { name: "Add IP" }).click();
  await page.getByLabel("IP address 1", { exact: true }).fill("203.0.113.5");
  await page.getByRole("button", { name: "Add IP" }).click();
  const second = page.getByLabel("IP address 2", { exact: true });

  await second.fill("*");
  const warning = page.getByRole("status").filter({ hasText: "use this key" });
  // innerText follows the layout: a gap between the entry and the sentence shows up in it.
  expect(await warning.evaluate((element) => (element as HTMLElement).innerText)).toBe(
    "* lets any address on the internet use this key. Use it only for testing, or when the integration truly has no fixed address.",
  );

  const first = page.getByLabel("IP address 1", { exact: true });
  const before = await first.boundingBox();
  await second.fill("0177.0.0.1");
  await expect(page.getByRole("alert").filter({ hasText: "leading zero" })).toBeVisible();
  const after = await first.boundingBox();
  expect(after?.width).toBe(before?.width);
  expect(after?.x).toBe(before?.x);
  await snapshot(page, "ip-tab-error-width");
});

test("at 1280 px the APIs list fits beside the sidebar, Date Modified and the row's actions in view", async ({ page, request }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/apis");
  const created = await request.post("/api/admin/credentials", {
    data: { username: "erp-connector-wide", scopes: ["products:read", "orders:read"], expiresAt: new Date(Date.now() + 9 * 86_400_000).toISOString() },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(created.status()).toBe(201);
  await page.getByPlaceholder("Search API Username").fill("erp-connector-wide");
  const row = page.getByRole("row").filter({ hasText: "erp-connector-wide" });
  await expect(row.getByText("Expires in")).toBeVisible();
  const wrap = page.locator(".table-wrap");
  const [scrollWidth, clientWidth] = await wrap.evaluate((el) => [el.scrollWidth, el.clientWidth]);
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  await expect(page.getByRole("columnheader", { name: "Date Modified" })).toBeInViewport({ ratio: 1 });
  await expect(row.getByRole("button", { name: "Disable now" })).toBeInViewport({ ratio: 1 });
});
