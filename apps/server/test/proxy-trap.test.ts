import type { CurrentAdmin } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { fromIp, jsonOf, PASSWORD, sameOrigin, seedAdmin, testApp } from "./helpers.ts";

/**
 * Behind a reverse proxy that TRUSTED_PROXIES does not name, every request comes from the
 * proxy's address: the IP tab must say so instead of offering to allow the proxy (and so
 * every client behind it), and the operator's log must say what to set.
 */
async function signedIn(env: Record<string, string> = {}) {
  const t = await testApp(env);
  await seedAdmin(t.deps, "olivia", "owner");
  const request = (peer: string, headers: Record<string, string> = {}, init: RequestInit = {}) =>
    t.app.request("/api/admin/session", { ...init, headers: { ...sameOrigin, ...headers, ...init.headers } }, fromIp(peer));
  const signIn = await request(
    "127.0.0.1",
    { "Content-Type": "application/json" },
    { method: "POST", body: JSON.stringify({ username: "olivia", password: PASSWORD }) },
  );
  const cookie = signIn.headers.get("set-cookie")?.split(";")[0] ?? "";
  const me = async (peer: string, headers: Record<string, string> = {}) => jsonOf<CurrentAdmin>(await request(peer, { Cookie: cookie, ...headers }));
  const warnings = () => t.lines.map((line) => JSON.parse(line) as { level: string; message: string; peer?: string }).filter((line) => line.level === "warn");
  return { ...t, me, warnings };
}

describe("the proxy trap", () => {
  it.each(["127.0.0.1", "::1", "10.0.0.5", "172.17.0.1", "192.168.1.2", "fd00::7"])(
    "flags the current IP when %s forwards for a client without being trusted",
    async (proxy) => {
      const t = await signedIn();
      expect(await t.me(proxy, { "X-Forwarded-For": "198.51.100.23" })).toMatchObject({ currentIp: proxy, currentIpIsProxy: true });
    },
  );

  it("logs the condition once, naming the address and the setting", async () => {
    const t = await signedIn();
    for (let n = 0; n < 3; n += 1) await t.me("127.0.0.1", { "X-Forwarded-For": "198.51.100.23" });
    await t.me("10.0.0.5", { "X-Forwarded-For": "198.51.100.23" });
    const warnings = t.warnings().filter((line) => line.message.includes("TRUSTED_PROXIES"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ peer: "127.0.0.1", message: expect.stringContaining("set TRUSTED_PROXIES=127.0.0.1") });
  });

  it("says nothing without X-Forwarded-For, from a public peer, or once the proxy is trusted", async () => {
    const t = await signedIn();
    expect((await t.me("127.0.0.1")).currentIpIsProxy).toBe(false);
    // A public peer that sends the header is a client writing its own: the peer is the client.
    expect(await t.me("203.0.113.9", { "X-Forwarded-For": "198.51.100.23" })).toMatchObject({ currentIp: "203.0.113.9", currentIpIsProxy: false });
    expect(t.warnings()).toEqual([]);

    const trusted = await signedIn({ TRUSTED_PROXIES: "127.0.0.1" });
    expect(await trusted.me("127.0.0.1", { "X-Forwarded-For": "198.51.100.23" })).toMatchObject({ currentIp: "198.51.100.23", currentIpIsProxy: false });
    expect(trusted.warnings()).toEqual([]);
  });

  it("flags the proxy in the sign-in answer too", async () => {
    const t = await testApp();
    await seedAdmin(t.deps, "olivia", "owner");
    const res = await t.app.request(
      "/api/admin/session",
      {
        method: "POST",
        headers: { ...sameOrigin, "Content-Type": "application/json", "X-Forwarded-For": "198.51.100.23" },
        body: JSON.stringify({ username: "olivia", password: PASSWORD }),
      },
      fromIp("127.0.0.1"),
    );
    expect(await jsonOf<CurrentAdmin>(res)).toMatchObject({ currentIp: "127.0.0.1", currentIpIsProxy: true });
  });
});
