import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { asRole, expect, seriousViolations, snapshot, test } from "../fixtures.ts";

/** A webhook receiver inside the spec: every request's signature header and body. */
type Received = { signature: string; body: string };
let receiver: Server;
let receiverUrl = "";
const received: Received[] = [];

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      received.push({ signature: String(req.headers["gatehouse-signature"] ?? ""), body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/${test.info().project.name}`;
});
test.afterAll(() => receiver.close());

const signedWith = (secret: string, { signature, body }: Received) => {
  const t = /t=(\d+)/.exec(signature)?.[1] ?? "";
  return signature === `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;
};

test.describe("Settings → Notifications", () => {
  asRole("owner");

  test("an owner adds an endpoint, sees its secret once, sends a test event, reads it in the delivery log and resends it", async ({ page, shell }) => {
    received.length = 0;
    const wide = (page.viewportSize()?.width ?? 0) > 800;
    if (wide) await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto("/apis");
    await shell.showNavigation();
    await shell.nav.getByRole("link", { name: "Settings" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();

    await page.getByRole("button", { name: "Add endpoint" }).click();
    const add = page.getByRole("dialog", { name: "Add webhook endpoint" });
    await add.getByLabel("Endpoint URL").fill("ftp://example.com/hooks");
    await add.getByRole("button", { name: "Add endpoint" }).click();
    await expect(add.getByText("The URL must start with https:// or http://")).toBeVisible();
    await add.getByLabel("Endpoint URL").fill(receiverUrl);
    await add.getByRole("checkbox", { name: /Denied calls over a threshold/ }).check();
    await add.getByLabel("Denied calls per key and hour").fill("25");
    await snapshot(page, "notifications-add");
    expect(await seriousViolations(page)).toEqual([]);
    await add.getByRole("button", { name: "Add endpoint" }).click();

    const secretDialog = page.getByRole("dialog", { name: "Signing secret" });
    await expect(secretDialog).toBeVisible();
    const secret = await secretDialog.getByLabel("Signing secret").inputValue();
    expect(secret).toMatch(/^whsec_/);
    await snapshot(page, "notifications-secret");
    await secretDialog.getByRole("button", { name: "Copy" }).click();
    await expect(secretDialog.getByRole("button", { name: "Done" })).toBeDisabled();
    await secretDialog.getByRole("checkbox", { name: /I have copied the secret/ }).check();
    await secretDialog.getByRole("button", { name: "Done" }).click();
    await expect(secretDialog).toBeHidden();

    // Once: neither this page nor a fresh load shows it again.
    const card = page.getByRole("region", { name: `Webhook endpoint ${receiverUrl}` });
    await expect(card).toBeVisible();
    await expect(card.getByText("Denied calls ≥ 25 per key and hour")).toBeVisible();
    await page.reload();
    await expect(card).toBeVisible();
    expect(await page.content()).not.toContain(secret);

    await card.getByRole("button", { name: "Send test event" }).click();
    const log = card.getByRole("table", { name: "Delivery log" });
    const rows = log.getByRole("row").filter({ hasText: "Test event" });
    await expect(rows.first()).toContainText("Delivered", { timeout: 10_000 });
    await expect(rows.first()).toContainText("HTTP 204");
    expect(received).toHaveLength(1);
    expect(signedWith(secret, received[0] ?? { signature: "", body: "" })).toBe(true);
    const event = JSON.parse(received[0]?.body ?? "{}") as { id: string; type: string };
    expect(event.type).toBe("webhook.test");
    await expect(rows.first()).toContainText(event.id);
    await snapshot(page, "notifications-delivered");
    expect(await seriousViolations(page)).toEqual([]);

    await rows
      .first()
      .getByRole("button", { name: `Resend ${event.id}` })
      .click();
    // The event's own label, as the log shows it (a review saw "Sending api changed again").
    await expect(page.getByText("Sending “Test event” again")).toBeVisible();
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText("Delivered", { timeout: 10_000 });
    expect(received.map((request) => (JSON.parse(request.body) as { id: string }).id)).toEqual([event.id, event.id]);
    expect(received.every((request) => signedWith(secret, request))).toBe(true);
    await snapshot(page, "notifications-resent");
    await page.emulateMedia({ colorScheme: "dark" });
    await snapshot(page, "notifications-dark");
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: "light" });

    await card.getByRole("button", { name: "Remove" }).click();
    const confirm = page.getByRole("dialog", { name: "Remove this endpoint?" });
    await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
    await confirm.getByRole("button", { name: "Remove endpoint" }).click();
    await expect(card).toBeHidden();
  });
});

test.describe("Notifications for other roles", () => {
  asRole("editor");

  test("an editor has no Settings entry, and the page says it is for owners", async ({ page, shell }) => {
    await page.goto("/apis");
    await shell.showNavigation();
    await expect(shell.nav.getByRole("link", { name: "Settings" })).toHaveCount(0);
    await page.goto("/settings/notifications");
    await expect(page.getByText("You do not have permission to manage notifications")).toBeVisible();
  });

  test("pages an editor may not see ask the server for nothing (no 403 in the console)", async ({ page }) => {
    const refused: string[] = [];
    page.on("response", (response) => {
      if (response.status() === 403) refused.push(new URL(response.url()).pathname);
    });
    const forbidden: [string, string][] = [
      ["/users", "You do not have permission to manage admin users"],
      ["/audit-log", "You do not have permission to view the audit log"],
      ["/settings/notifications", "You do not have permission to manage notifications"],
    ];
    for (const [path, message] of forbidden) {
      await page.goto(path);
      await expect(page.getByText(message)).toBeVisible();
    }
    await page.waitForLoadState("networkidle");
    expect(refused).toEqual([]);
  });
});
