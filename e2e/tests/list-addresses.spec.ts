import type { Page } from "@playwright/test";
import { asRole, expect, makeKeys, removeKeys, test } from "../fixtures.ts";

asRole("owner");

const rowNames = (page: Page) => page.locator("tbody .credential-name").allInnerTexts();
const searchBox = (page: Page) => page.getByRole("searchbox", { name: "Search API Username" });

test("the APIs list keeps search, status, sort and page in its address: Back, Cancel and reload show it as it was", async ({ page }) => {
  await page.goto("/apis");
  const keys = await makeKeys(
    page,
    Array.from({ length: 40 }, (_, n) => `addr-${String(n).padStart(2, "0")}`),
  );
  try {
    await page.goto("/apis");
    const before = await page.evaluate(() => history.length);
    await searchBox(page).pressSequentially("addr-", { delay: 30 });
    // Typing replaces the address: no Back step per key pressed.
    await expect(page).toHaveURL(/\/apis\?search=addr-$/);
    expect(await page.evaluate(() => history.length)).toBe(before);

    await page.getByLabel("Filter by status").selectOption("enabled");
    await page.getByRole("button", { name: /^Date Added/ }).click();
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page).toHaveURL(/\/apis\?search=addr-&status=enabled&sort=createdAt&order=desc&page=2$/);
    await expect(page.getByText("Page 2 of 2")).toBeVisible();
    const shown = await rowNames(page);
    expect(shown.length).toBeGreaterThan(0);

    // Back from a key's page, and its Cancel, show the same rows.
    await page.getByRole("link", { name: shown[0], exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: new RegExp(shown[0] ?? "") })).toBeVisible();
    await page.goBack();
    await expect(page.getByText("Page 2 of 2")).toBeVisible();
    await expect(searchBox(page)).toHaveValue("addr-");
    await expect(page.getByLabel("Filter by status")).toHaveValue("enabled");
    await expect(page.getByRole("columnheader", { name: /^Date Added/ })).toHaveAttribute("aria-sort", "descending");
    expect(await rowNames(page)).toEqual(shown);

    await page.getByRole("link", { name: shown.at(-1), exact: true }).click();
    await page.getByRole("link", { name: "Cancel" }).click();
    await expect(page).toHaveURL(/\/apis\?search=addr-&status=enabled&sort=createdAt&order=desc&page=2$/);
    await expect(page.getByText("Page 2 of 2")).toBeVisible();
    expect(await rowNames(page)).toEqual(shown);

    await page.reload();
    await expect(page.getByText("Page 2 of 2")).toBeVisible();
    expect(await rowNames(page)).toEqual(shown);

    // A new search or status starts at page 1.
    await searchBox(page).fill("addr-1");
    await expect(page).toHaveURL(/\/apis\?search=addr-1&status=enabled&sort=createdAt&order=desc$/);
    await page.getByLabel("Filter by status").selectOption("");
    await expect(page).toHaveURL(/\/apis\?search=addr-1&sort=createdAt&order=desc$/);
  } finally {
    await removeKeys(page, keys);
  }
});

test("wrong values in the APIs list's address show the default list, without an error", async ({ page }) => {
  await page.goto("/apis");
  const keys = await makeKeys(page, ["addr-wrong-a", "addr-wrong-b"]);
  try {
    await page.goto("/apis?search=addr-wrong&status=paused&sort=password&order=sideways&page=0x10");
    await expect(page.getByRole("link", { name: "addr-wrong-a", exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: "addr-wrong-b", exact: true })).toBeVisible();
    await expect(page.getByLabel("Filter by status")).toHaveValue("");
    await expect(page.getByRole("columnheader", { name: /^API Username/ })).toHaveAttribute("aria-sort", "ascending");
    await expect(page.locator(".banner.danger")).toHaveCount(0);
    // A page past the end shows the last page.
    await page.goto("/apis?search=addr-wrong&page=40");
    await expect(page.getByText("Page 1 of 1")).toBeVisible();
    await expect(page).toHaveURL(/\/apis\?search=addr-wrong$/);
  } finally {
    await removeKeys(page, keys);
  }
});
