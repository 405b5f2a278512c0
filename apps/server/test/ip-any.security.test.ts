import type { CredentialList, HistoryPage } from "@gatehouse/shared";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { keyCommand } from "../src/cli/keys.ts";
import { ConfigError, loadConfig } from "../src/config.ts";
import { credentialsSetup, fromIp, jsonOf, listen, rowsOf, seedCredential, testApp } from "./helpers.ts";

const proxiesError = (value: string) => {
  try {
    loadConfig({ TRUSTED_PROXIES: value });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  return null;
};

describe("TRUSTED_PROXIES that trust a whole address family", () => {
  it.each([
    ["0.0.0.0/1,128.0.0.0/1", /every IPv4 address/],
    ["10.0.0.1, 0.0.0.0/2, 64.0.0.0/2, 128.0.0.0/1", /every IPv4 address/],
    // ::/64 holds ::ffff:0:0/96, so it trusts every IPv4 client as well.
    ["::/64", /every IPv4 address/],
    ["::/1,8000::/1", /every IPv4 and IPv6 address/],
    ["0.0.0.0/1, 128.0.0.0/1, ::/1, 8000::/1", /every IPv4 and IPv6 address/],
    ["0.0.0.0/0", /cannot be 0\.0\.0\.0\/0/],
    ["::ffff:0:0/96", /cannot be 0\.0\.0\.0\/0/],
    ["::/0", /cannot be ::\/0/],
  ])("%s is refused with one clear line", (value, says) => {
    const message = proxiesError(value);
    expect(message).toMatch(says);
    expect(message).toMatch(/^Invalid configuration: TRUSTED_PROXIES .*would let any client choose its own address/);
    expect(message).not.toContain("\n");
  });

  it("still accepts proxy networks that leave addresses out", () => {
    expect(proxiesError("10.0.0.0/8, 0.0.0.0/1, 2001:db8::/32")).toBeNull();
    expect(proxiesError("::/96, 2000::/3")).toBeNull();
  });
});

describe("link-local clients with a zone id", () => {
  it("match fe80::/10 when the socket reports fe80::1%eth0", async () => {
    const t = await testApp();
    const issued = await seedCredential(t.deps, { username: "lan-sync", scopes: [], allowedIps: ["fe80::/10"] });
    const login = (ip: string) =>
      t.app.request(
        "/api/v1/login",
        { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username: "lan-sync", key: issued.key }) },
        fromIp(ip),
      );
    expect((await login("fe80::1%eth0")).status).toBe(200);
    expect((await login("fe80::1%12")).status).toBe(200);
    expect((await login("2001:db8::1")).status).toBe(403);
  });

  describe("over real HTTP behind a trusted proxy", () => {
    let t: Awaited<ReturnType<typeof testApp>>;
    let lan: Awaited<ReturnType<typeof seedCredential>>;
    let office: Awaited<ReturnType<typeof seedCredential>>;
    let server: Awaited<ReturnType<typeof listen>>;
    beforeAll(async () => {
      t = await testApp({ TRUSTED_PROXIES: "127.0.0.1" });
      lan = await seedCredential(t.deps, { username: "lan-sync", scopes: [], allowedIps: ["fe80::/10"] });
      office = await seedCredential(t.deps, { username: "office-sync", scopes: [], allowedIps: ["203.0.113.10"] });
      server = await listen(t.deps);
    });
    afterAll(() => server.close());

    const login = (username: string, key: string, forwardedFor: string) =>
      fetch(`${server.baseUrl}/api/v1/login`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Forwarded-For": forwardedFor },
        body: JSON.stringify({ username, key }),
      });

    it.each(["fe80::1%eth0", "[fe80::1%eth0]:443", "FE80::1%en0"])("X-Forwarded-For: %s logs in and is recorded as fe80::1", async (forwardedFor) => {
      const res = await login("lan-sync", lan.key, forwardedFor);
      expect(res.status).toBe(200);
      await t.deps.history.flush();
      const rows = await rowsOf(t.store, "select ip from api_history where credential_id = ?", [lan.credential.id]);
      expect(rows.map((row) => row.ip)).toEqual(["fe80::1"]);
    });

    it("a zone id does not get a client past a list that leaves it out", async () => {
      const res = await login("office-sync", office.key, "fe80::1%eth0");
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain("The address fe80::1 is not allowed");
    });
  });

  it("an allowed-IP entry typed with a zone id is stored without it", async () => {
    const t = await credentialsSetup();
    const { credential } = await t.create({ username: "lan-sync", allowedIps: [{ entry: "fe80::1%eth0" }, { entry: "fe80::%eth0/64" }] });
    expect(credential.allowedIps.map((ip) => ip.entry)).toEqual(["fe80::1", "fe80::/64"]);
    const refused = await t.call("POST", "/api/admin/credentials", { username: "bad-zone", allowedIps: [{ entry: "192.0.2.1%eth0" }] });
    expect(refused.status).toBe(400);
  });
});

describe("lists that allow every address, however written", () => {
  const everyone = [["::/0"], ["0.0.0.0/0", "::/0"], ["0.0.0.0/1", "128.0.0.0/1", "::/0"], ["::/1", "8000::/1"]];

  it("are flagged in the admin list like *", async () => {
    const t = await credentialsSetup();
    for (const [n, entries] of everyone.entries()) await t.create({ username: `open-${n}`, allowedIps: entries.map((entry) => ({ entry })) });
    await t.create({ username: "ipv4-only", allowedIps: [{ entry: "0.0.0.0/0" }] });
    await t.create({ username: "star", allowedIps: [{ entry: "*" }] });
    await t.create({ username: "office", allowedIps: [{ entry: "0.0.0.0/1" }, { entry: "2001:db8::/32" }] });
    const list = await jsonOf<CredentialList>(await t.call("GET", "/api/admin/credentials?sort=username&order=asc"));
    const flags = Object.fromEntries(list.items.map((item) => [item.username, item.allowsAnyIp]));
    // Every IPv4 address is the whole IPv4 internet: flagged too.
    expect(flags).toEqual({ "ipv4-only": true, office: false, "open-0": true, "open-1": true, "open-2": true, "open-3": true, star: true });
  });

  it("are shown as any by the CLI's key list, and warned about by key create", async () => {
    const t = await testApp();
    const printed: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      await keyCommand(t.deps, ["create", "--username", "open-api", "--ip", "0.0.0.0/1", "--ip", "128.0.0.0/1", "--ip", "::/0"]);
      await keyCommand(t.deps, ["create", "--username", "office", "--ip", "203.0.113.0/24"]);
      expect(printed.join("")).toMatch(
        /Allowed IPs: 0\.0\.0\.0\/1, 128\.0\.0\.0\/1, ::\/0\nWarning: together these entries let any address on the internet use this key/,
      );
      expect(printed.join("").match(/Warning/g)).toHaveLength(1);
      printed.length = 0;
      await keyCommand(t.deps, ["list"]);
    } finally {
      spy.mockRestore();
    }
    const rows = printed.join("").split("\n");
    expect(rows.find((row) => row.startsWith("open-api"))).toMatch(/\sany\s/);
    expect(rows.find((row) => row.startsWith("office"))).toMatch(/\s1\s/);
  });
});

describe("history rows from link-local clients", () => {
  it("can be found by the address with or without its zone id", async () => {
    const t = await credentialsSetup();
    const issued = await seedCredential(t.deps, { username: "lan-sync", scopes: [], allowedIps: ["fe80::/10"] });
    await t.app.request(
      "/api/v1/login",
      { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username: "lan-sync", key: issued.key }) },
      fromIp("fe80::1%eth0"),
    );
    const history = async (ip: string) => jsonOf<HistoryPage>(await t.call("GET", `/api/admin/history?ip=${encodeURIComponent(ip)}`));
    expect((await history("fe80::1")).items).toHaveLength(1);
    expect((await history("fe80::1%eth0")).items).toHaveLength(1);
  });
});
