import { asRole, expect, makeKeys, removeKeys, test } from "../fixtures.ts";

asRole("owner");

test("at 1280 px a fresh key's Not used yet stays on one line", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/apis");
  const keys = await makeKeys(page, ["layout-fresh-key-01"]);
  try {
    await page.goto("/apis?search=layout-fresh");
    const row = page.getByRole("row").filter({ hasText: "layout-fresh-key-01" });
    const pill = await row.getByText("Not used yet").boundingBox();
    const status = await row.getByText("Enabled", { exact: true }).boundingBox();
    expect(pill?.height).toBe(status?.height);
  } finally {
    await removeKeys(page, keys);
  }
});

test("at 390 px the History help strip shows Count and its help inside the screen", async ({ page, request }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/apis");
  const keys = await makeKeys(page, ["layout-history"]);
  try {
    expect((await request.post("/api/v1/login", { data: { username: "layout-history", key: keys[0]?.key } })).status()).toBe(200);
    await page.goto(`/apis/${keys[0]?.id}?tab=history`);
    const help = page.getByRole("button", { name: "About Count" });
    await expect(help).toBeVisible();
    const box = await help.boundingBox();
    const strip = await page.locator(".history-table thead").boundingBox();
    expect(box && strip && box.x + box.width <= strip.x + strip.width, "About Count ends inside the strip").toBe(true);
  } finally {
    await removeKeys(page, keys);
  }
});

test("Activity's Unused for 90 days says what it counts, beside a Never used list", async ({ page }) => {
  await page.goto("/apis");
  const keys = await makeKeys(page, ["layout-never-used"]);
  try {
    await page.goto("/activity");
    const card = (title: string) => page.locator("section").filter({ has: page.getByRole("heading", { name: title, exact: true }) });
    // It lists the ten oldest; in a full run other tests' keys come first.
    await expect(card("Never used").getByRole("listitem").first()).toBeVisible();
    await expect(card("Unused for 90 days")).toContainText("Keys added more than 90 days ago that made no call in the last 90 days.");
    await expect(card("Unused for 90 days")).not.toContainText("in use");
  } finally {
    await removeKeys(page, keys);
  }
});
