import { generateKeyPairSync } from "node:crypto";
import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { signRequest, type SigningKey } from "../../apps/inventory-sync/src/sign.ts";
import { baseURL } from "../playwright.config.ts";
import { asRole, expect, test } from "../fixtures.ts";

asRole("owner");

const shotsDir = process.env.SHOTS_DIR ?? join(import.meta.dirname, "..", "screenshots");

/** The section at 1280 and 390 px wide, for a human to look at. */
async function shots(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.getByRole("region", { name: "Request signing" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shotsDir, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1360, height: 860 });
}

test("Ed25519 signing set up by pasting a public key; a bad key gets a clear field error; signed calls work and unsigned ones are refused", async ({
  page,
  apis,
  request,
}) => {
  const key = await apis.create("pos-signer", { scopes: ["products:read"], ips: ["198.51.100.20"] });
  const section = page.getByRole("region", { name: "Request signing" });
  await expect(section).toContainText("Off: calls are authenticated by key or token only.");
  await section.getByLabel("Request signing").selectOption("required");
  await section.getByLabel("Signing algorithm").selectOption("ed25519");
  const field = section.getByLabel("Public key");
  const save = section.getByRole("button", { name: "Save request signing" });

  // The browser catches what is plainly not a public key, or a private one…
  await field.fill("ssh-ed25519 AAAAC3Nza… me@laptop");
  await save.click();
  await expect(section.getByRole("alert")).toHaveText(/Not an Ed25519 public key: paste a PEM/);
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const privatePem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  await field.fill(privatePem);
  await save.click();
  await expect(section.getByRole("alert")).toHaveText(/This is a private key/);
  // …and the server what only parsing can tell (a P-256 key in a PEM block).
  const p256 = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ type: "spki", format: "pem" }).toString();
  await field.fill(p256);
  await save.click();
  await expect(section.getByRole("alert")).toHaveText(/Gatehouse needs an Ed25519 public key; this one is EC/);
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await shots(page, "signing-bad-key");
  const violations = await new AxeBuilder({ page }).include("section.signing-section").withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  expect(
    violations.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical").map((violation) => violation.id),
  ).toEqual([]);

  await field.fill(publicKey.export({ type: "spki", format: "pem" }).toString());
  await save.click();
  await expect(section).toContainText(/Required, ed25519 \(public key/);
  await expect(section.getByRole("alert")).toHaveCount(0);
  await shots(page, "signing-ed25519");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.setViewportSize({ width: 390, height: 844 });
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shotsDir, "signing-ed25519-dark-390.png") });
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1360, height: 860 });

  const signer: SigningKey = { keyid: "pos-signer", privateKeyPem: privatePem };
  const url = `${baseURL}/api/v1/products?limit=1`;
  const signed = await request.get(url, { headers: { ...signRequest(signer, "GET", url, null), "X-Forwarded-For": "198.51.100.20" } });
  expect(signed.status()).toBe(200);
  const unsigned = await request.get(url, {
    headers: { Authorization: `Basic ${Buffer.from(`pos-signer:${key}`).toString("base64")}`, "X-Forwarded-For": "198.51.100.20" },
  });
  expect(unsigned.status()).toBe(401);
  expect(((await unsigned.json()) as { error: { message: string } }).error.message).toContain("signature_missing");

  // History names the refusal.
  await apis.tab("History").click();
  await expect(page.getByRole("row").filter({ hasText: "Signature missing" })).toBeVisible();
});

test("hmac-sha256 on Add New shows the signing secret once beside the key; Generate signing secret asks, then shows a new one", async ({ page, apis }) => {
  await apis.gotoList();
  await page.getByRole("link", { name: "Add New" }).first().click();
  await apis.fillGeneral({ username: "erp-hmac", scopes: ["products:read"] });
  await page.getByLabel("Request signing").selectOption("optional");
  await page.getByLabel("Signing algorithm").selectOption("hmac-sha256");
  await apis.tab("IP Addresses").click();
  await apis.pasteIps("198.51.100.21");
  await apis.save();
  const dialog = apis.keyDialog("erp-hmac");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("API Key")).toHaveValue(/^gk_/);
  const secret = await dialog.getByLabel("Signing secret", { exact: true }).inputValue();
  expect(secret).toMatch(/^gs_[0-9A-Za-z]{49}$/);
  await page.screenshot({ path: join(shotsDir, "signing-hmac-create-1280.png") });
  await dialog.getByRole("checkbox", { name: "I have copied the key and signing secret and stored it safely" }).check();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();

  const section = page.getByRole("region", { name: "Request signing" });
  await expect(section).toContainText(`Optional, hmac-sha256 (signing secret ${secret.slice(0, 8)}…)`);
  // Replacing the live secret breaks the integration until it switches: asked first, Cancel keeps it.
  await section.getByRole("button", { name: "Generate signing secret" }).click();
  const confirm = page.getByRole("dialog", { name: "Replace the signing secret of erp-hmac?" });
  await expect(confirm).toContainText("stops working at once");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  await expect(section).toContainText(`(signing secret ${secret.slice(0, 8)}…)`);
  await section.getByRole("button", { name: "Generate signing secret" }).click();
  await confirm.getByRole("button", { name: "Generate new secret" }).click();
  const again = page.getByRole("dialog", { name: "Signing secret for erp-hmac" });
  await expect(again.getByLabel("Signing secret", { exact: true })).toHaveValue(/^gs_/);
  expect(await again.getByLabel("Signing secret", { exact: true }).inputValue()).not.toBe(secret);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(shotsDir, "signing-hmac-secret-390.png") });
  await again.getByRole("checkbox", { name: /I have copied the signing secret/ }).check();
  await again.getByRole("button", { name: "Done" }).click();
  await expect(again).toBeHidden();
  await shots(page, "signing-hmac");
});

test("the API reference documents the gatehouse-v1 profile with a worked signature base and signers", async ({ page }) => {
  await page.goto("/docs/api");
  const guide = page.getByRole("region", { name: "Signed requests" });
  await expect(guide).toContainText('"@signature-params": ("@method" "@authority" "@path" "@query" "content-type" "content-digest")');
  await expect(guide).toContainText("function gatehouse_sign(");
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await guide.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shotsDir, `signing-api-reference-${width}.png`) });
  }
});
