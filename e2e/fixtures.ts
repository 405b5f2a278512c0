import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { test as base, expect, type Page } from "@playwright/test";

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

/** Saves a full-page screenshot under e2e/screenshots for a human to look at. */
export async function snapshot(page: Page, name: string) {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
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

/** The frame around every signed-in page: navigation and the signed-in admin. */
export class Shell {
  constructor(readonly page: Page) {}

  get nav() {
    return this.page.getByRole("navigation", { name: "Main" });
  }

  async open(label: "APIs" | "Activity" | "Users" | "Audit log") {
    await this.nav.getByRole("link", { name: label }).click();
    await expect(this.page.getByRole("heading", { level: 1, name: label })).toBeVisible();
  }

  async signOut() {
    await this.page.getByRole("button", { name: "Sign out" }).click();
    await expect(this.page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  }
}

type Fixtures = { signInScreen: SignInScreen; shell: Shell };

export const test = base.extend<Fixtures>({
  signInScreen: async ({ page }, use) => use(new SignInScreen(page)),
  shell: async ({ page }, use) => use(new Shell(page)),
});

/** Runs a test file as one role (a session saved by the setup project). */
export const asRole = (role: Role) => test.use({ storageState: storageState(role) });

export { expect };
