import { describe, expect, it } from "vitest";
import { sha256 } from "../src/lib/hash.ts";
import { asAdmin, integrationSetup, jsonOf, PASSWORD, signIn, rowsOf } from "./helpers.ts";

/**
 * Walks through the product's life — admins, keys, rotation, logins, calls, mistakes — with
 * logging at debug, then searches every log line, the audit log, the database's history and
 * every admin and API answer given after creation for any secret: keys, tokens, passwords and
 * their hashes.
 */
describe("secrets", () => {
  it("never appear in logs, URLs, the audit log, history, or any answer after creation", async () => {
    const t = await integrationSetup();
    const secrets: string[] = [PASSWORD];
    const answers: string[] = [];
    const keep = async (res: Response | Promise<Response>) => {
      const text = await (await res).text();
      answers.push(text);
      return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    };

    // Admins: a new one with a password, then a password change.
    const created = await keep(t.call("POST", "/api/admin/users", { username: "edith", role: "editor", password: "edith-first-password" }));
    await keep(t.call("PATCH", `/api/admin/users/${created.id}`, { password: "edith-second-password" }));
    secrets.push("edith-first-password", "edith-second-password");
    const edith = await signIn(t.app, "edith", "edith-second-password");
    secrets.push(edith.cookie.split("=")[1] ?? "", t.cookie.split("=")[1] ?? "");
    await signIn(t.app, "edith", "edith-first-password");

    // Keys: create (the one answer allowed to carry a key), regenerate, log in, call, mistakes.
    const first = await t.credential({ allowedIps: [{ entry: "*" }] });
    const renewed = await jsonOf<{ key: string }>(await t.call("POST", `/api/admin/credentials/${first.id}/regenerate`, { grace: "1h" }));
    secrets.push(first.key, renewed.key);
    const { res, token } = await t.login(first.username, renewed.key);
    expect(res.status).toBe(200);
    secrets.push(token);
    await keep(t.v1("GET", "/session", { token }));
    await keep(t.v1("GET", "/products", { basic: [first.username, first.key] }));
    await keep(t.v1("POST", "/login", { body: { username: renewed.key, key: first.key } }));
    await keep(t.v1("GET", `/products?key=${renewed.key}`, { token }));
    await keep(t.v1("GET", `/products?token=${token}`));
    await keep(t.v1("POST", "/logout", { token }));
    await keep(t.call("PATCH", `/api/admin/credentials/${first.id}`, { status: "disabled" }));
    await t.deps.history.flush();

    // Their stored forms are secrets too.
    for (const row of (await rowsOf(t.store, "select password_hash as h from admin_users")) as { h: string }[]) secrets.push(row.h);
    for (const key of [first.key, renewed.key]) secrets.push(sha256(key));
    secrets.push(sha256(token));

    // Everything an admin or integration can read afterwards.
    for (const path of [
      "/api/admin/credentials",
      `/api/admin/credentials/${first.id}`,
      "/api/admin/history",
      "/api/admin/history/summary",
      "/api/admin/history/export.csv",
      "/api/admin/audit-log?limit=200",
      "/api/admin/users",
      "/api/admin/session",
    ]) {
      answers.push(await (await t.call("GET", path)).text());
    }
    answers.push(await (await asAdmin(t.app, edith.cookie)("GET", "/api/admin/session")).text());
    const stored = await Promise.all(["audit_log", "api_history"].map(async (table) => JSON.stringify(await rowsOf(t.store, `select * from ${table}`))));

    const haystacks = { logs: t.lines.join("\n"), answers: answers.join("\n"), stored: stored.join("\n") };
    expect(t.lines.length).toBeGreaterThan(20);
    for (const [where, text] of Object.entries(haystacks)) {
      for (const secret of secrets) {
        expect(secret.length).toBeGreaterThan(10);
        // The key's first 8 characters are its public display prefix; the rest must never show.
        const needle = secret.startsWith("gk_") ? secret.slice(8, 40) : secret;
        expect(text.includes(needle), `a secret (${secret.slice(0, 6)}…) appears in ${where}`).toBe(false);
      }
    }
    expect(
      t.lines.some((line) => /"path":"[^"]*\?/.test(line)),
      "a logged path carries a query string",
    ).toBe(false);
  });
});
