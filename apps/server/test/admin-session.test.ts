import { describe, expect, it } from "vitest";
import { pruneEndedSessions, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from "../src/domain/admin/sessions.ts";
import { MINUTE } from "../src/lib/time.ts";
import { asAdmin, errorOf, fromIp, jsonOf, PASSWORD, sameOrigin, seedAdmin, signIn, testApp, countOf, rowsOf } from "./helpers.ts";

async function setup() {
  const t = await testApp();
  await seedAdmin(t.deps, "olivia", "owner");
  return t;
}

describe("signing in", () => {
  it("sets an HttpOnly, SameSite=Strict session cookie and answers who is signed in", async () => {
    const { app } = await setup();
    const { res, cookie } = await signIn(app, "olivia");
    expect(res.status).toBe(200);
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^gatehouse_session=[\w-]{43};/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Strict");
    expect(setCookie).toContain("Path=/");
    expect(setCookie).not.toContain("Secure");
    const me = await asAdmin(app, cookie)("GET", "/api/admin/session");
    expect(me.status).toBe(200);
    expect(await jsonOf(me)).toMatchObject({ user: { username: "olivia", role: "owner" }, currentIp: "127.0.0.1" });
  });

  it("uses a Secure __Host- cookie behind HTTPS", async () => {
    const { app } = await setup();
    const res = await app.request(
      "https://gatehouse.example/api/admin/session",
      { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username: "olivia", password: PASSWORD }) },
      fromIp("10.0.0.1"),
    );
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^__Host-gatehouse_session=/);
    expect(setCookie).toContain("Secure");
  });

  // An owner resets or deletes an account while a sign-in with its old password is being checked
  // (a review's race: the session outlived the reset, or the sign-in answered 500 after the delete).
  it.each([
    ["a new password", (id: string) => ["PATCH", `/api/admin/users/${id}`, { password: "a-brand-new-password" }] as const],
    ["the account's deletion", (id: string) => ["DELETE", `/api/admin/users/${id}`, undefined] as const],
  ])("starts no session when %s lands during the password check", async (_name, change) => {
    const t = await setup();
    const owner = asAdmin(t.app, (await signIn(t.app, "olivia")).cookie);
    const { id } = await jsonOf<{ id: string }>(await owner("POST", "/api/admin/users", { username: "eddie", role: "editor", password: PASSWORD }));
    const checks = t.deps.signIn.passwordChecks;
    const run = checks.run;
    checks.run = async (work) => {
      const verified = await run(work);
      const [method, path, body] = change(id);
      expect((await owner(method, path, body)).status).toBeLessThan(300);
      return verified;
    };
    const { res, cookie } = await signIn(t.app, "eddie");
    expect(res.status).toBe(401);
    expect((await errorOf(res)).message).toBe("Wrong username or password");
    expect(cookie).toBe("");
    expect(await countOf(t.store, "admin_sessions", "user_id = ?", [id])).toBe(0);
  });

  it("gives the same message for an unknown username and a wrong password", async () => {
    const { app } = await setup();
    const unknown = await signIn(app, "nobody", "whatever-password");
    const wrong = await signIn(app, "olivia", "not-the-password");
    expect(unknown.res.status).toBe(401);
    expect(wrong.res.status).toBe(401);
    expect((await errorOf(unknown.res)).message).toBe("Wrong username or password");
    expect((await errorOf(wrong.res)).message).toBe("Wrong username or password");
    expect(unknown.cookie).toBe("");
  });

  it("rotates the token at every sign-in and revokes the one the browser had", async () => {
    const { app } = await setup();
    const first = await signIn(app, "olivia");
    const res = await app.request(
      "/api/admin/session",
      {
        method: "POST",
        headers: { ...sameOrigin, Cookie: first.cookie, "Content-Type": "application/json" },
        body: JSON.stringify({ username: "olivia", password: PASSWORD }),
      },
      fromIp("127.0.0.1"),
    );
    const second = res.headers.get("set-cookie")?.split(";")[0] ?? "";
    expect(second).not.toBe(first.cookie);
    expect((await asAdmin(app, first.cookie)("GET", "/api/admin/session")).status).toBe(401);
    expect((await asAdmin(app, second)("GET", "/api/admin/session")).status).toBe(200);
  });

  it("says an over-long username or password is too long, not missing, and records nothing of it", async () => {
    const { app, store } = await setup();
    const audited = await countOf(store, "audit_log");
    const res = await signIn(app, "u".repeat(65), "p".repeat(257));
    expect(res.res.status).toBe(400);
    expect((await errorOf(res.res)).fields).toEqual({
      username: "No username is longer than 64 characters",
      password: "No password is longer than 256 characters",
    });
    expect(await countOf(store, "audit_log")).toBe(audited);
  });

  it("refuses a disabled account with the same message", async () => {
    const { app, deps } = await setup();
    await seedAdmin(deps, "victor", "viewer");
    const { cookie } = await signIn(app, "olivia");
    const victor = (await jsonOf<{ items: { id: string; username: string }[] }>(await asAdmin(app, cookie)("GET", "/api/admin/users"))).items.find(
      (user) => user.username === "victor",
    );
    await asAdmin(app, cookie)("PATCH", `/api/admin/users/${victor?.id}`, { status: "disabled" });
    const attempt = await signIn(app, "victor");
    expect(attempt.res.status).toBe(401);
    expect((await errorOf(attempt.res)).message).toBe("Wrong username or password");
  });
});

describe("session lifetime", () => {
  it("ends after 30 idle minutes", async () => {
    const { app, clock } = await setup();
    const { cookie } = await signIn(app, "olivia");
    clock.advance(SESSION_IDLE_MS - MINUTE);
    expect((await asAdmin(app, cookie)("GET", "/api/admin/session")).status).toBe(200);
    clock.advance(SESSION_IDLE_MS - MINUTE);
    expect((await asAdmin(app, cookie)("GET", "/api/admin/session")).status).toBe(200);
    clock.advance(SESSION_IDLE_MS + 1);
    const res = await asAdmin(app, cookie)("GET", "/api/admin/session");
    expect(res.status).toBe(401);
    expect(res.headers.get("set-cookie")).toMatch(/gatehouse_session=;/);
  });

  it("ends after 12 hours however active", async () => {
    const { app, clock } = await setup();
    const { cookie } = await signIn(app, "olivia");
    for (let spent = 0; spent < SESSION_ABSOLUTE_MS - 20 * MINUTE; spent += 20 * MINUTE) {
      clock.advance(20 * MINUTE);
      expect((await asAdmin(app, cookie)("GET", "/api/admin/session")).status).toBe(200);
    }
    clock.advance(40 * MINUTE);
    expect((await asAdmin(app, cookie)("GET", "/api/admin/session")).status).toBe(401);
  });

  it("signing out revokes the session on the server", async () => {
    const { app } = await setup();
    const { cookie } = await signIn(app, "olivia");
    const out = await asAdmin(app, cookie)("DELETE", "/api/admin/session");
    expect(out.status).toBe(204);
    expect((await asAdmin(app, cookie)("GET", "/api/admin/session")).status).toBe(401);
  });
});

describe("changing your own password", () => {
  const NEW_PASSWORD = "a-new-horse-battery";

  it("needs the current one: a wrong one is a 400 on its field (not a 401) and changes nothing", async () => {
    const { app, store } = await setup();
    const { cookie } = await signIn(app, "olivia");
    const audited = await countOf(store, "audit_log");
    const res = await asAdmin(app, cookie)("PUT", "/api/admin/session/password", { currentPassword: "not-the-password", password: NEW_PASSWORD });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).fields).toEqual({ currentPassword: "This is not your current password" });
    expect((await asAdmin(app, cookie)("GET", "/api/admin/session")).status).toBe(200);
    expect((await signIn(app, "olivia", PASSWORD)).res.status).toBe(200);
    // Only the failed check, as a failed sign-in is: no change to the account.
    expect(await countOf(store, "audit_log", "action = 'user.update'")).toBe(0);
    expect(await countOf(store, "audit_log")).toBeGreaterThan(audited);
  });

  it("is checked with the sign-in limits: guessing the current one is throttled", async () => {
    const { app } = await setup();
    const { cookie } = await signIn(app, "olivia");
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      statuses.push((await asAdmin(app, cookie)("PUT", "/api/admin/session/password", { currentPassword: `guess-${attempt}`, password: NEW_PASSWORD })).status);
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
  });

  // A review's find (with Redis): every refusal refunded a hit the limiter had not counted, so
  // every second guess past the limit got a real check, and the right password then got in.
  it("keeps refusing once the limit is spent: guesses and then the right password all get 429", async () => {
    const { app } = await setup();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt += 1) statuses.push((await signIn(app, "olivia", `guess-${attempt}`)).res.status);
    statuses.push((await signIn(app, "olivia")).res.status);
    expect(statuses).toEqual([...Array<number>(5).fill(401), ...Array<number>(8).fill(429)]);
  });

  it("with the right one: ends the account's other sessions, keeps this browser signed in, and audits it without the password", async () => {
    const { app, store } = await setup();
    const elsewhere = await signIn(app, "olivia");
    const { cookie } = await signIn(app, "olivia");
    const res = await asAdmin(app, cookie)("PUT", "/api/admin/session/password", { currentPassword: PASSWORD, password: NEW_PASSWORD });
    expect(res.status).toBe(204);
    const renewed = res.headers.get("set-cookie")?.split(";")[0] ?? "";
    expect(renewed).toMatch(/^gatehouse_session=/);
    expect((await asAdmin(app, renewed)("GET", "/api/admin/session")).status).toBe(200);
    expect((await asAdmin(app, cookie)("GET", "/api/admin/session")).status).toBe(401);
    expect((await asAdmin(app, elsewhere.cookie)("GET", "/api/admin/session")).status).toBe(401);
    expect((await signIn(app, "olivia", PASSWORD)).res.status).toBe(401);
    expect((await signIn(app, "olivia", NEW_PASSWORD)).res.status).toBe(200);
    const audit = JSON.stringify(await rowsOf(store, "select * from audit_log where action = 'user.update'"));
    expect(audit).toContain("(changed)");
    expect(audit).not.toContain(NEW_PASSWORD);
    expect(audit).not.toContain(PASSWORD);
  });

  it("lets one of several changes sent at once through, and refuses the others", async () => {
    const { app } = await setup();
    const { cookie } = await signIn(app, "olivia");
    // Five: the sign-in limits let five checks of one account from one address run at once.
    const passwords = Array.from({ length: 5 }, (_, n) => `${NEW_PASSWORD}-${n}`);
    const answers = await Promise.all(
      passwords.map((password) => asAdmin(app, cookie)("PUT", "/api/admin/session/password", { currentPassword: PASSWORD, password })),
    );
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((status) => status === 204)).toHaveLength(1);
    // Refused as changed meanwhile, or, when it came after the change ended the session, as signed out.
    expect(statuses.filter((status) => status !== 204).every((status) => status === 409 || status === 401)).toBe(true);
    const kept = passwords[statuses.indexOf(204)] ?? "";
    const signIns = await Promise.all(passwords.map(async (password) => (await signIn(app, "olivia", password)).res.status));
    expect(signIns).toEqual(passwords.map((password) => (password === kept ? 200 : 401)));
  });

  it("refuses a new password that breaks the rules, and anything but the two fields", async () => {
    const { app } = await setup();
    const { cookie } = await signIn(app, "olivia");
    const short = await asAdmin(app, cookie)("PUT", "/api/admin/session/password", { currentPassword: PASSWORD, password: "short" });
    expect((await errorOf(short)).fields).toEqual({ password: "Password must be at least 12 characters" });
    const extra = await asAdmin(app, cookie)("PUT", "/api/admin/session/password", { currentPassword: PASSWORD, password: NEW_PASSWORD, role: "owner" });
    expect(extra.status).toBe(400);
    expect((await signIn(app, "olivia", PASSWORD)).res.status).toBe(200);
  });
});

describe("CSRF", () => {
  it.each([
    ["a cross-site Fetch Metadata header", { "Sec-Fetch-Site": "cross-site" }, 403],
    ["a foreign Origin", { Origin: "https://evil.example" }, 403],
    ["a form body", { ...sameOrigin, "Content-Type": "application/x-www-form-urlencoded" }, 415],
    ["a text/plain body", { ...sameOrigin, "Content-Type": "text/plain" }, 415],
  ])("refuses a state change with %s and changes nothing", async (_name, headers, status) => {
    const { app, deps } = await setup();
    const { cookie } = await signIn(app, "olivia");
    const res = await app.request(
      "/api/admin/users",
      { method: "POST", headers: { Cookie: cookie, ...headers }, body: JSON.stringify({ username: "mallory", role: "owner", password: PASSWORD }) },
      fromIp("127.0.0.1"),
    );
    expect(res.status).toBe(status);
    expect(await countOf(deps.store, "admin_users", "username = 'mallory'")).toBe(0);
  });
});

describe("sign-in throttling", () => {
  it("answers 429 with Retry-After after 5 failures from one address, without blocking other addresses", async () => {
    const { app, clock } = await setup();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await signIn(app, "olivia", "wrong-password", "203.0.113.9")).res.status).toBe(401);
    }
    const blocked = await signIn(app, "olivia", PASSWORD, "203.0.113.9");
    expect(blocked.res.status).toBe(429);
    expect(Number(blocked.res.headers.get("retry-after"))).toBeGreaterThan(800);
    expect((await signIn(app, "olivia", PASSWORD, "198.51.100.7")).res.status).toBe(200);
    // The throttles count on the app's clock, in a window of 60 slots: the failures leave it a
    // quarter of an hour later, and at most one slot (15 s) more.
    clock.advance(15 * MINUTE + 15_000);
    expect((await signIn(app, "olivia", PASSWORD, "203.0.113.9")).res.status).toBe(200);
  });

  it("a successful sign-in clears the failures", async () => {
    const { app } = await setup();
    for (let attempt = 0; attempt < 4; attempt += 1) await signIn(app, "olivia", "wrong-password");
    expect((await signIn(app, "olivia")).res.status).toBe(200);
    for (let attempt = 0; attempt < 4; attempt += 1) await signIn(app, "olivia", "wrong-password");
    expect((await signIn(app, "olivia")).res.status).toBe(200);
  });
});

describe("housekeeping", () => {
  it("prunes sessions that ended without being used again, and keeps live ones", async () => {
    const { app, deps, clock } = await setup();
    await signIn(app, "olivia");
    clock.advance(SESSION_IDLE_MS + 1);
    const live = await signIn(app, "olivia");
    expect(await pruneEndedSessions(deps.store.repos, clock())).toBe(1);
    expect((await asAdmin(app, live.cookie)("GET", "/api/admin/session")).status).toBe(200);
  });
});
