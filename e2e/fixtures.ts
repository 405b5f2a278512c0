import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { test as base, expect, type APIRequestContext, type APIResponse, type Browser, type Page, type PlaywrightWorkerArgs } from "@playwright/test";

export const screenshotDir = join(import.meta.dirname, "screenshots");
mkdirSync(screenshotDir, { recursive: true });
export const authDir = join(import.meta.dirname, ".auth");
mkdirSync(authDir, { recursive: true });

export const accounts = {
  owner: { username: "owner", password: "correct-horse-battery" },
  editor: { username: "edna-editor", password: "editor-password-123" },
  viewer: { username: "vic-viewer", password: "viewer-password-123" },
} as const;
export type Role = keyof typeof accounts;
export const storageState = (role: Role) => join(authDir, `${role}.json`);

/** Saves a full-page screenshot under e2e/screenshots for a human to look at (one per project). */
export async function snapshot(page: Page, name: string) {
  const project = base.info().project.name;
  const suffix = project === "chromium" ? "" : `-${project}`;
  await page.screenshot({ path: join(screenshotDir, `${name}${suffix}.png`), fullPage: true });
}

/** Serious and critical axe violations (WCAG 2.1 A/AA) on the page as it is, each with where it is. */
export async function seriousViolations(page: Page) {
  const found = await scanOnceSettled(page);
  if (found.length === 0) return found;
  // A toast whose time runs out while axe reads the page starts fading mid-scan (a CI run saw
  // one judged at half opacity). What a second look, a second later, still finds is real.
  await page.waitForTimeout(1000);
  return scanOnceSettled(page);
}

async function scanOnceSettled(page: Page) {
  // A toast fading in or out is half transparent: axe would judge its text against the page
  // behind it. Let running animations and transitions end first (at most 2 s).
  await page.evaluate(() =>
    Promise.race([
      Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => {}))),
      new Promise((resolve) => setTimeout(resolve, 2000)),
    ]),
  );
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`);
}

/** The sign-in screen. */
export class SignInScreen {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/sign-in");
  }

  async signIn(username: string, password: string) {
    await this.page.getByLabel("Username").fill(username);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }
}

/**
 * A browser of its own, signed in as `username` rather than with the test's stored session: for
 * a second admin, or a test that signs out (which would end the session later tests use). It
 * waits for the sign-in to land: a page opened while the sign-in is answered lands on Sign in.
 */
export async function signedInElsewhere(browser: Browser, baseURL: string | undefined, username: string, password: string) {
  const context = await browser.newContext({ baseURL: baseURL ?? "", storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const signIn = new SignInScreen(page);
  await signIn.goto();
  await signIn.signIn(username, password);
  await expect(page.getByRole("heading", { level: 1, name: "APIs" })).toBeVisible({ timeout: 15_000 });
  return { context, page, signIn };
}

/** The frame around every signed-in page: navigation and the signed-in admin. */
export class Shell {
  constructor(readonly page: Page) {}

  get nav() {
    return this.page.getByRole("navigation", { name: "Main" });
  }

  /** Below 768 px the navigation, who is signed in and Sign out are in a drawer behind this button. */
  get menu() {
    return this.page.getByRole("button", { name: "Menu" });
  }

  /** Opens the Menu drawer on a phone; on a wide screen the sidebar is already there. */
  async showNavigation() {
    await expect(this.nav.or(this.menu)).toBeVisible();
    if (await this.menu.isVisible()) await this.menu.click();
    await expect(this.nav).toBeVisible();
  }

  async open(label: "APIs" | "Activity" | "Users" | "Audit log") {
    await this.showNavigation();
    await this.nav.getByRole("link", { name: label }).click();
    await expect(this.page.getByRole("heading", { level: 1, name: label })).toBeVisible();
  }

  async signOut() {
    await this.showNavigation();
    await this.page.getByRole("button", { name: "Sign out" }).click();
    await expect(this.page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  }
}

/** The APIs list and the credential form (General and IP Addresses tabs, key dialog). */
export class ApisScreen {
  constructor(readonly page: Page) {}

  async gotoList() {
    await this.page.goto("/apis");
    await expect(this.page.getByRole("heading", { level: 1, name: "APIs" })).toBeVisible();
  }

  row(username: string) {
    return this.page.getByRole("row").filter({ has: this.page.getByRole("link", { name: username, exact: true }) });
  }

  async search(text: string) {
    await this.page.getByRole("searchbox", { name: "Search API Username" }).fill(text);
  }

  async open(username: string) {
    await this.gotoList();
    await this.search(username);
    await this.row(username).getByRole("link", { name: username, exact: true }).click();
    await expect(this.page.getByRole("heading", { level: 1, name: new RegExp(username) })).toBeVisible();
  }

  tab(name: "General" | "IP Addresses" | "History") {
    return this.page.getByRole("tab", { name: new RegExp(`^${name}`) });
  }

  async fillGeneral(values: { username?: string; scopes?: string[]; rateLimit?: string }) {
    await this.tab("General").click();
    if (values.username !== undefined) await this.page.getByLabel("API Username", { exact: true }).fill(values.username);
    for (const scope of values.scopes ?? []) await this.page.getByRole("checkbox", { name: new RegExp(`^${scope}`) }).check();
    if (values.rateLimit !== undefined) await this.page.getByLabel("Rate limit", { exact: true }).fill(values.rateLimit);
  }

  async save() {
    await this.page.getByRole("button", { name: "Save", exact: true }).click();
  }

  keyDialog(username: string) {
    return this.page.getByRole("dialog", { name: `API Key for ${username}` });
  }

  /** Reads the key from the copy-once dialog, copies it, confirms, and closes. */
  async takeKey(username: string): Promise<string> {
    const dialog = this.keyDialog(username);
    await expect(dialog).toBeVisible();
    const key = await dialog.getByLabel("API Key").inputValue();
    await dialog.getByRole("button", { name: "Copy" }).click();
    await expect(dialog.getByRole("button", { name: "Copied" })).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Done" })).toBeDisabled();
    await dialog.getByRole("checkbox", { name: /I have copied the key/ }).check();
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(dialog).toBeHidden();
    return key;
  }

  /** Creates a credential through the UI and returns its key. */
  async create(username: string, options: { scopes?: string[]; ips?: string[] } = {}): Promise<string> {
    await this.gotoList();
    await this.page.getByRole("link", { name: "Add New" }).first().click();
    await this.fillGeneral({ username, scopes: options.scopes ?? [] });
    if (options.ips?.length) {
      await this.tab("IP Addresses").click();
      await this.pasteIps(options.ips.join("\n"));
    }
    await this.save();
    // A key no address may use, or with no permission, is only saved when the admin says so.
    if (!options.ips?.length || !options.scopes?.length) await this.saveAnyway();
    return this.takeKey(username);
  }

  /** Answers "Save anyway" to the question Save asks about a key that cannot work yet. */
  async saveAnyway() {
    await this.page.getByRole("dialog").getByRole("button", { name: "Save anyway" }).click();
  }

  async pasteIps(text: string) {
    await this.page.getByRole("button", { name: "Paste a list" }).click();
    await this.page.getByLabel("Paste IP addresses, one per line").fill(text);
    await this.page.getByRole("button", { name: /^Add \d+ entr/ }).click();
  }
}

/** An integration calling the API from a given address (through the trusted local proxy). */
export class Integration {
  constructor(readonly request: APIRequestContext) {}

  call(method: "GET" | "POST", path: string, options: { basic?: [string, string]; from?: string; data?: unknown } = {}) {
    const headers: Record<string, string> = {};
    if (options.basic) headers.Authorization = `Basic ${Buffer.from(options.basic.join(":")).toString("base64")}`;
    if (options.from) headers["X-Forwarded-For"] = options.from;
    return this.request.fetch(`/api/v1${path}`, { method, headers, ...(options.data === undefined ? {} : { data: options.data }) });
  }

  async error(response: Promise<APIResponse> | APIResponse) {
    const body = (await (await response).json()) as { error: { code: string; message: string } };
    return body.error;
  }
}

/**
 * The stories create keys with fixed names ("erp-legacy"). A project that runs them a second time
 * against the same server (the phone projects) starts, as the first did, on a store without keys.
 */
async function deleteEveryKey(playwright: PlaywrightWorkerArgs["playwright"], baseURL: string) {
  const owner = await playwright.request.newContext({ baseURL, storageState: storageState("owner"), extraHTTPHeaders: { Origin: baseURL } });
  for (;;) {
    const listed = await owner.get("/api/admin/credentials?pageSize=200");
    if (!listed.ok()) throw new Error(`Could not list the keys before the run: ${listed.status()}`);
    const list = (await listed.json()) as { items: { id: string }[] };
    if (list.items.length === 0) break;
    const deleted = await owner.post("/api/admin/credentials/bulk", { data: { action: "delete", ids: list.items.map((item) => item.id) } });
    if (!deleted.ok()) throw new Error(`Could not delete the keys before the run: ${deleted.status()}`);
  }
  await owner.dispose();
}

type Fixtures = { signInScreen: SignInScreen; shell: Shell; apis: ApisScreen; integration: Integration };
/** Set per project in playwright.config.ts. */
export type StoreOptions = { startWithoutKeys: boolean };

export const test = base.extend<Fixtures, StoreOptions & { freshStore: void }>({
  signInScreen: async ({ page }, use) => use(new SignInScreen(page)),
  shell: async ({ page }, use) => use(new Shell(page)),
  apis: async ({ page }, use) => use(new ApisScreen(page)),
  integration: async ({ request }, use) => use(new Integration(request)),
  startWithoutKeys: [false, { scope: "worker", option: true }],
  freshStore: [
    async ({ startWithoutKeys, playwright }, use, workerInfo) => {
      if (startWithoutKeys) await deleteEveryKey(playwright, workerInfo.project.use.baseURL ?? "");
      await use();
    },
    { scope: "worker", auto: true },
  ],
});

/** Keys made through the admin API (the list needs more than a page of them), deleted again after. */
export async function makeKeys(page: Page, names: string[]) {
  const keys: { id: string; key: string }[] = [];
  for (const [n, username] of names.entries()) {
    const res = await page.request.post("/api/admin/credentials", {
      data: { username, status: n % 3 === 2 ? "disabled" : "enabled", scopes: ["products:read"], allowedIps: [{ entry: "127.0.0.1" }] },
    });
    expect(res.status(), await res.text()).toBe(201);
    const made = (await res.json()) as { credential: { id: string }; key: string };
    keys.push({ id: made.credential.id, key: made.key });
  }
  return keys;
}

export const removeKeys = (page: Page, keys: { id: string }[]) =>
  page.request.post("/api/admin/credentials/bulk", { data: { action: "delete", ids: keys.map((key) => key.id) } });

/** Runs a test file as one role (a session saved by the setup project). */
export const asRole = (role: Role) => test.use({ storageState: storageState(role) });

export { expect };
