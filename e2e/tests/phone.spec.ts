import { AxeBuilder } from "@axe-core/playwright";
import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { asRole, expect, snapshot, test } from "../fixtures.ts";

/** The admin app on a phone (the "phone" project: 390 × 844, touch). */
asRole("owner");

/** Anything sticking out past the screen's sides, unless a box around it scrolls on purpose (tabs, a code sample). */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const problems: string[] = [];
    if (document.documentElement.scrollWidth > width) problems.push(`the page is ${document.documentElement.scrollWidth} px wide`);
    for (const element of document.body.querySelectorAll("*")) {
      const box = element.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1 || getComputedStyle(element).visibility === "hidden") continue;
      if (box.left >= -1 && box.right <= width + 1) continue;
      let scroller = element.parentElement;
      while (scroller && !["auto", "scroll"].includes(getComputedStyle(scroller).overflowX)) scroller = scroller.parentElement;
      if (scroller) continue;
      problems.push(
        `${element.tagName.toLowerCase()}.${[...element.classList].join(".")} "${element.textContent?.slice(0, 30)}" ${Math.round(box.left)}–${Math.round(box.right)}`,
      );
    }
    return problems.slice(0, 5);
  });
}

/** Waits for the drawer's slide-in (or any animation) to end before measuring. */
const settled = (locator: Locator) =>
  locator.evaluate((element) => Promise.all(element.getAnimations().map((animation) => animation.finished)).then(() => true));

/** Inside the screen's width, whether or not scrolled into view vertically. */
async function expectWithinWidth(locator: Locator) {
  const box = await locator.boundingBox();
  const width = locator.page().viewportSize()?.width ?? 0;
  expect(box && box.x >= 0 && box.x + box.width <= width, `${await locator.innerText()} lies within ${width} px`).toBe(true);
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

async function expectTouchSize(target: Locator) {
  const box = await target.boundingBox();
  expect(box, await target.evaluate((element) => element.outerHTML.slice(0, 80))).not.toBeNull();
  expect(Math.round(box?.width ?? 0), `width of ${await target.textContent()}`).toBeGreaterThanOrEqual(44);
  expect(Math.round(box?.height ?? 0), `height of ${await target.textContent()}`).toBeGreaterThanOrEqual(44);
}

/** A row shown as a card: every cell, and the table itself, within the screen's width. */
async function expectCard(row: Locator) {
  await expect(row).toBeVisible();
  for (const cell of await row.getByRole("cell").all()) {
    const box = await cell.boundingBox();
    if (box) expect(box.x + box.width, await cell.innerText()).toBeLessThanOrEqual(390);
  }
  const table = await row.page().getByRole("table").boundingBox();
  expect((table?.x ?? 0) + (table?.width ?? 999), "the table's width").toBeLessThanOrEqual(390);
}

/** A key made through the admin API, with an allowed call and one refused from `refusedFrom` in its history. */
async function keyWithHistory(request: APIRequestContext, page: Page, username: string, refusedFrom = "198.51.100.81") {
  await page.goto("/apis");
  const origin = new URL(page.url()).origin;
  const created = await request.post("/api/admin/credentials", {
    data: { username, scopes: ["products:read"], allowedIps: [{ entry: "203.0.113.80" }] },
    headers: { Origin: origin },
  });
  expect(created.status()).toBe(201);
  const { credential, key } = (await created.json()) as { credential: { id: string }; key: string };
  const basic = `Basic ${Buffer.from(`${username}:${key}`).toString("base64")}`;
  for (const from of ["203.0.113.80", refusedFrom]) await request.get("/api/v1/products", { headers: { Authorization: basic, "X-Forwarded-For": from } });
  return `/apis/${credential.id}`;
}

const signedInPages = [
  ["/apis", "APIs"],
  ["/apis/new", "Add API"],
  ["/apis/new?tab=ip", "Add API"],
  ["/activity", "Activity"],
  ["/users", "Users"],
  ["/audit-log", "Audit log"],
  ["/settings/notifications", "Notifications"],
  ["/docs/api", "API reference"],
  ["/nowhere", "Page not found"],
] as const;

for (const width of [390, 360]) {
  test(`no page runs off the side at ${width} px; what scrolls sideways does so inside its own box`, async ({ browser, page, request }) => {
    await page.setViewportSize({ width, height: 800 });
    const credential = await keyWithHistory(request, page, `phone-overflow-${width}`, `198.51.100.${width - 300}`);
    for (const path of [...signedInPages.map(([signedIn]) => signedIn), credential, `${credential}?tab=ip`, `${credential}?tab=history`]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await page.waitForLoadState("networkidle");
      expect(await overflow(page), path).toEqual([]);
    }
    await page.getByRole("button", { name: "Menu" }).click();
    await settled(page.getByRole("dialog", { name: "Menu" }));
    expect(await overflow(page), "the open menu").toEqual([]);

    const signedOut = await browser.newContext({ baseURL: test.info().project.use.baseURL, viewport: { width, height: 800 }, isMobile: true, hasTouch: true });
    const signIn = await signedOut.newPage();
    await signIn.goto("/sign-in");
    await expect(signIn.getByRole("heading", { name: "Sign in" })).toBeVisible();
    expect(await overflow(signIn), "/sign-in").toEqual([]);
    await signedOut.close();
  });
}

test("the navigation is a Menu drawer: the current page marked, focus kept inside, Escape closes", async ({ page, shell }) => {
  await page.goto("/activity");
  await expect(page.getByRole("heading", { level: 1, name: "Activity" })).toBeVisible();
  // Condensed header: no sidebar, and who is signed in waits in the menu.
  await expect(shell.nav).toBeHidden();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeHidden();
  expect((await page.getByRole("banner").boundingBox())?.height).toBeLessThanOrEqual(56);

  await shell.menu.click();
  const drawer = page.getByRole("dialog", { name: "Menu" });
  await expect(drawer).toBeVisible();
  await expect(drawer.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Activity" })).toHaveAttribute("aria-current", "page");
  await expect(drawer.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "APIs" })).not.toHaveAttribute("aria-current", "page");
  await expect(drawer.getByText("Signed in as owner")).toBeVisible();
  await expect(drawer.getByRole("button", { name: "Sign out" })).toBeVisible();
  for (const link of await drawer.getByRole("navigation", { name: "Main" }).getByRole("link").all()) await expectTouchSize(link);
  await expectTouchSize(drawer.getByRole("link", { name: "API reference" }));
  await expectTouchSize(drawer.getByRole("button", { name: "Close menu" }));
  await settled(drawer);
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot(page, "menu");

  for (let presses = 0; presses < 12; presses += 1) {
    await page.keyboard.press("Tab");
    expect(await drawer.evaluate((element) => element.contains(document.activeElement)), `focus after ${presses + 1} Tab presses`).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await expect(shell.menu).toBeFocused();
  // A tap on the dimmed page beside it closes it too.
  await shell.menu.click();
  await settled(drawer);
  await page.touchscreen.tap(370, 600);
  await expect(drawer).toBeHidden();

  await shell.open("Audit log");
  await expect(drawer).toBeHidden();
});

test("the menu slides in, unless the phone asks for reduced motion", async ({ page, shell }) => {
  const drawerAnimation = async () => {
    await shell.menu.click();
    const drawer = page.getByRole("dialog", { name: "Menu" });
    const seconds = await drawer.evaluate((element) => parseFloat(getComputedStyle(element).animationDuration));
    await page.keyboard.press("Escape");
    await expect(drawer).toBeHidden();
    return seconds;
  };
  await page.goto("/apis");
  expect(await drawerAnimation()).toBeGreaterThan(0.1);
  await page.emulateMedia({ reducedMotion: "reduce" });
  expect(await drawerAnimation()).toBeLessThan(0.001);
});

test("each table row is a card within the screen: key facts, status badge and actions, with sorting and paging in reach", async ({ page, request }) => {
  const credential = await keyWithHistory(request, page, "phone-cards", "198.51.100.82");

  await page.goto("/apis");
  const apiRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: "phone-cards", exact: true }) });
  await expectCard(apiRow);
  await expectWithinWidth(apiRow.getByText("Enabled", { exact: true }));
  await expectTouchSize(apiRow.getByRole("checkbox", { name: "Select phone-cards" }));
  await expectTouchSize(page.getByRole("checkbox", { name: "Select all on this page" }));
  // Every sort is in view, without scrolling the bar sideways: which one is on shows at a glance.
  for (const label of ["API Username", "Last used", "Date Added", "Date Modified"]) {
    await expectTouchSize(page.getByRole("button", { name: label }));
    await expectWithinWidth(page.getByRole("button", { name: label }));
  }
  await page.getByRole("button", { name: "Date Added" }).click();
  await expect(page.getByRole("columnheader", { name: "Date Added" })).toHaveAttribute("aria-sort", "descending");
  for (const name of ["Previous", "Next"]) await expectTouchSize(page.getByRole("navigation", { name: "Pages" }).getByRole("button", { name }));
  await snapshot(page, "apis");

  await page.goto(`${credential}?tab=history`);
  const refused = page.getByRole("row").filter({ hasText: "198.51.100.82" });
  await expectCard(refused);
  await expectWithinWidth(refused.getByText("IP not allowed"));
  await expectTouchSize(refused.getByRole("button", { name: "Allow this IP" }));
  for (const name of ["Newer", "Older"]) await expectTouchSize(page.getByRole("button", { name }));
  for (const tab of await page.getByRole("tab").all()) await expectTouchSize(tab);

  await page.goto("/activity");
  await expectCard(page.getByRole("row").filter({ hasText: "198.51.100.82" }));
  await snapshot(page, "activity");

  await page.goto("/users");
  const editor = page.getByRole("row").filter({ hasText: "edna-editor" });
  await expectCard(editor);
  for (const name of ["Disable", "Delete"]) await expectTouchSize(editor.getByRole("button", { name }));

  await page.goto("/audit-log");
  await expectCard(page.getByRole("row").filter({ hasText: "phone-cards" }).first());
});

test("tabs stay on one line and scroll sideways instead of wrapping", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/apis/new");
  const tabs = page.getByRole("tablist", { name: "API sections" });
  await expect(tabs).toBeVisible();
  expect(await tabs.evaluate((element) => getComputedStyle(element).overflowX)).toBe("auto");
  const tops = await Promise.all((await tabs.getByRole("tab").all()).map(async (tab) => (await tab.boundingBox())?.y));
  expect(new Set(tops).size).toBe(1);
});

test("forms take the width with hints under their fields, and the key dialog keeps Done in reach", async ({ page, apis }) => {
  await page.goto("/apis/new");
  const username = page.getByLabel("API Username", { exact: true });
  const field = await username.boundingBox();
  const hint = await page.getByText("3–20 letters, digits").boundingBox();
  expect(field?.width).toBeGreaterThan(320);
  expect(hint?.y).toBeGreaterThan((field?.y ?? 0) + (field?.height ?? 0) - 1);
  // Text fields of 16 px: a phone does not zoom in on them.
  expect(await username.evaluate((element) => getComputedStyle(element).fontSize)).toBe("16px");

  await apis.fillGeneral({ username: "phone-dialog", scopes: ["orders:read"] });
  await apis.save();
  // No address yet: Save asks first (its own question, fitted to the phone as well).
  await apis.saveAnyway();
  const dialog = apis.keyDialog("phone-dialog");
  await expect(dialog).toBeVisible();
  const box = await dialog.boundingBox();
  expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 999) <= 390).toBe(true);
  await expectTouchSize(dialog.getByRole("button", { name: "Copy" }));
  await expectTouchSize(dialog.getByRole("checkbox", { name: /I have copied the key/ }));
  await snapshot(page, "key-dialog");
  // Turned sideways the screen is 390 px high: the dialog scrolls inside, its buttons stay in view.
  await page.setViewportSize({ width: 844, height: 390 });
  await expect(dialog.getByRole("button", { name: "Done" })).toBeInViewport({ ratio: 1 });
  await page.setViewportSize({ width: 390, height: 844 });
  await apis.takeKey("phone-dialog");
});

// The axe scan of every page in the dark theme at this size is accessibility.spec.ts in the
// "phone-dark" project; this checks the theme is applied, and scans what only a phone shows.
test.describe("dark theme", () => {
  test.use({ colorScheme: "dark" });

  test("every page turns dark, and the menu passes the axe scan", async ({ page, shell }) => {
    for (const [path, heading] of signedInPages) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
      const colours = await page.evaluate(() =>
        [document.documentElement, document.querySelector(".card, .centered-page") ?? document.body].map(
          (element) => getComputedStyle(element).backgroundColor,
        ),
      );
      expect(colours, path).not.toContain("rgb(255, 255, 255)");
      expect(colours[0], path).toBe("rgb(14, 17, 32)");
    }
    await shell.menu.click();
    await settled(page.getByRole("dialog", { name: "Menu" }));
    expect(await seriousViolations(page)).toEqual([]);
    await snapshot(page, "menu-dark");
  });
});
