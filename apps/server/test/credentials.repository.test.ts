import type { ApiOutcome, Scope } from "@gatehouse/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Repositories } from "../src/db/repositories.ts";
import { bulkAction } from "../src/domain/credentials/bulk.ts";
import type { CredentialContext } from "../src/domain/credentials/context.ts";
import { ipSuggestions } from "../src/domain/credentials/ip-suggestions.ts";
import { listCredentials } from "../src/domain/credentials/list.ts";
import { endGracePeriod, regenerateKey } from "../src/domain/credentials/regenerate.ts";
import { getCredential } from "../src/domain/credentials/views.ts";
import { allowAddress, createCredential, deleteCredential, updateCredential } from "../src/domain/credentials/write.ts";
import { allowFromHistory } from "../src/domain/history/allow-address.ts";
import { DAY, HOUR, MINUTE } from "../src/lib/time.ts";
import { backends, type OpenedRepositories } from "./backends.ts";

// Now, not a fixed day: PostgreSQL holds history partitions from this month on.
const NOW = Date.now() - (Date.now() % MINUTE);

const list = (repos: Repositories, query: Partial<Parameters<typeof listCredentials>[1]> = {}) =>
  listCredentials(repos, { sort: "username", order: "asc", page: 1, pageSize: 50, ...query });

describe.each(backends)("credentials on $name", (backend) => {
  let opened: OpenedRepositories;
  const changed: string[] = [];
  const ctx = (): CredentialContext => ({ repos: opened.repos, now: NOW, actor: { id: null, name: "test", ip: "local" }, changed: (id) => changed.push(id) });
  const create = (username: string, allowedIps: string[] = [], scopes: Scope[] = []) =>
    createCredential(ctx(), {
      username,
      status: "enabled",
      scopes,
      expiresAt: null,
      rateLimit: null,
      allowedIps: allowedIps.map((entry) => ({ entry, note: "" })),
    });
  const postgres = backend.name === "PostgreSQL";
  /** One api_history row, written as each database keeps it (PostgreSQL: timestamptz and the row's minute). */
  const historyRow = (id: number, credentialId: string, ip: string, outcome: ApiOutcome, count: number, at: number) => {
    const time = (ms: number) => (postgres ? `to_timestamp(${ms} / 1000.0)` : String(ms));
    const extra = postgres ? { columns: ", window_start", values: `, ${time(at - (at % MINUTE))}` } : { columns: "", values: "" };
    return opened.run(
      `insert into api_history (id, credential_id, username, call, ip, outcome, status, user_agent, count, created_at, updated_at${extra.columns})
       values (${id}, '${credentialId}', null, 'GET /api/v1/products', '${ip}', '${outcome}', 200, 'test', ${count}, ${time(at)}, ${time(at)}${extra.values})`,
    );
  };

  beforeAll(async () => {
    opened = await backend.open();
    // The store makes partitions from this month on; these rows go up to 40 days back.
    if (postgres) await opened.run("create table api_history_before partition of api_history default");
  });
  afterAll(() => opened.close());

  it("creates a credential with its allowed IPs in order, finds it by username in any case, and tells the cache after", async () => {
    const issued = await create("erp-sync", ["203.0.113.10", "198.51.100.0/24"], ["orders:read"]);
    expect(issued.key).toMatch(/^gk_/);
    expect(changed).toContain(issued.credential.id);
    const row = await opened.repos.credentials.row(issued.credential.id);
    expect(row).toMatchObject({ username: "erp-sync", scopes: ["orders:read"], status: "enabled", createdAt: NOW, deletedAt: null, lastUsedAt: null });
    expect(await opened.repos.credentials.allowedIps(issued.credential.id)).toEqual([
      { entry: "203.0.113.10", note: "" },
      { entry: "198.51.100.0/24", note: "" },
    ]);
    expect(await opened.repos.credentials.liveByUsername("ERP-Sync")).toEqual({ id: issued.credential.id, username: "erp-sync" });
    expect(await opened.repos.credentials.liveByUsername("erp")).toBeUndefined();
    expect(await getCredential(opened.repos, issued.credential.id)).toEqual(issued.credential);
  });

  it("lets exactly one of 20 parallel creates of one username through; the others are told it is taken", async () => {
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, n) => create(n % 2 ? "Race-Name" : "race-name")));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results.filter((r) => r.status === "rejected"))
      expect(result.reason).toMatchObject({ status: 400, fields: { username: "This API Username is already taken" } });
    expect((await list(opened.repos, { search: "race" })).total).toBe(1);
  });

  it("refuses a rename to a taken name, also when two renames race, and the repository itself refuses one", async () => {
    const first = await create("rename-a");
    const second = await create("rename-b");
    await expect(updateCredential(ctx(), second.credential.id, { username: "ERP-SYNC" })).rejects.toMatchObject({ status: 400 });
    const renames = await Promise.allSettled([first, second].map((issued) => updateCredential(ctx(), issued.credential.id, { username: "renamed" })));
    expect(renames.map((result) => result.status).toSorted()).toEqual(["fulfilled", "rejected"]);
    // Past the domain's check: the unique index answers the same 400, not a 500.
    const other = renames[0]?.status === "fulfilled" ? second : first;
    await expect(opened.repos.transaction((tx) => tx.credentials.update(other.credential.id, { username: "Renamed" }))).rejects.toMatchObject({
      status: 400,
      fields: { username: "This API Username is already taken" },
    });
  });

  it("lists with search (any case, % and _ literal), status filter, sorts, pages and the allow-list count", async () => {
    const names = ["list_one", "list-two", "LIST%three"];
    const ids: string[] = [];
    for (const [n, name] of names.entries()) ids.push((await create(name, n === 0 ? ["10.0.0.1", "10.0.0.2"] : [])).credential.id);
    await opened.repos.transaction((tx) => tx.credentials.update(ids[1] ?? "", { status: "disabled", lastUsedAt: NOW - HOUR }));
    await opened.repos.transaction((tx) => tx.credentials.update(ids[2] ?? "", { lastUsedAt: NOW - MINUTE }));

    const found = await list(opened.repos, { search: "LIST" });
    expect(found.items.map((item) => item.username)).toEqual(["LIST%three", "list-two", "list_one"]);
    expect(found.items.map((item) => item.allowedIpCount)).toEqual([0, 0, 2]);
    expect((await list(opened.repos, { search: "list_" })).items.map((item) => item.username)).toEqual(["list_one"]);
    expect((await list(opened.repos, { search: "t%t" })).items.map((item) => item.username)).toEqual(["LIST%three"]);
    expect((await list(opened.repos, { search: "list", status: "disabled" })).items.map((item) => item.username)).toEqual(["list-two"]);
    expect((await list(opened.repos, { search: "list", order: "desc" })).items.map((item) => item.username)).toEqual(["list_one", "list-two", "LIST%three"]);
    // Never used sorts last whichever way.
    for (const order of ["asc", "desc"] as const)
      expect((await list(opened.repos, { search: "list", sort: "lastUsedAt", order })).items.at(-1)?.username).toBe("list_one");

    const everything = await list(opened.repos, { pageSize: 2, sort: "createdAt" });
    const pages = [everything];
    for (let page = 2; page <= Math.ceil(everything.total / 2); page += 1) pages.push(await list(opened.repos, { pageSize: 2, page, sort: "createdAt" }));
    const seen = pages.flatMap((page) => page.items.map((item) => item.id));
    expect(new Set(seen).size).toBe(everything.total);
  });

  it("finds the lists that let in every address of a family, reading only the wide ones", async () => {
    const open = await create("open-wide", ["0.0.0.0/1", "128.0.0.0/1"]);
    const v6 = await create("open-v6", ["::/0"]);
    const narrow = await create("narrow", ["10.0.0.0/8", "192.0.2.1"]);
    const ids = [open, v6, narrow].map((issued) => issued.credential.id);
    expect((await opened.repos.credentials.wideAllowLists(ids)).filter((row) => row.id === narrow.credential.id).map((row) => row.entry)).toEqual([
      "10.0.0.0/8",
      "192.0.2.1",
    ]);
    expect(await opened.repos.credentials.wideAllowLists([])).toEqual([]);
    const items = (await list(opened.repos, { search: "o" })).items;
    expect(items.filter((item) => item.allowsAnyIp).map((item) => item.username)).toEqual(["open-v6", "open-wide"]);
  });

  it("bulk-disables and deletes the live ones among the ids, skipping unknown ones, and frees a deleted name", async () => {
    const ids = [(await create("bulk-a")).credential.id, (await create("bulk-b")).credential.id];
    expect((await opened.repos.credentials.liveAmong([...ids, "cred_missing"])).map((row) => row.id).toSorted()).toEqual(ids.toSorted());
    expect(await bulkAction(ctx(), "disable", [...ids, "cred_missing"])).toEqual({ affected: 2 });
    expect(await bulkAction(ctx(), "disable", ids)).toEqual({ affected: 0 });
    expect(await bulkAction(ctx(), "delete", ids)).toEqual({ affected: 2 });
    expect(await opened.repos.credentials.liveAmong(ids)).toEqual([]);
    expect(await opened.repos.credentials.row(ids[0] ?? "")).toMatchObject({ deletedAt: NOW, keyHash: null, status: "disabled" });
    expect(await opened.repos.credentials.allowedIps(ids[0] ?? "")).toEqual([]);
    await expect(getCredential(opened.repos, ids[0] ?? "")).rejects.toMatchObject({ status: 404 });
    expect((await create("bulk-a")).credential.username).toBe("bulk-a");
  });

  it("regenerates with a grace period and ends it, keeping the old hash only until then", async () => {
    const issued = await create("rotating");
    const renewed = await regenerateKey(ctx(), issued.credential.id, "1h");
    const row = await opened.repos.credentials.row(issued.credential.id);
    expect(row?.previousKeyExpiresAt).toBe(NOW + HOUR);
    expect(row?.keyPrefix).toBe(renewed.credential.keyPrefix);
    expect((await endGracePeriod(ctx(), issued.credential.id)).previousKeyExpiresAt).toBeNull();
    await expect(endGracePeriod(ctx(), issued.credential.id)).rejects.toMatchObject({ status: 409 });
    await deleteCredential(ctx(), issued.credential.id);
    await expect(regenerateKey(ctx(), issued.credential.id, "none")).rejects.toMatchObject({ status: 404 });
  });

  it("adds one address once when 20 presses of Allow this IP arrive together", async () => {
    const issued = await create("allow-race", ["203.0.113.10"]);
    const presses = await Promise.allSettled(Array.from({ length: 20 }, () => allowAddress(ctx(), issued.credential.id, "198.51.100.7", "from a test")));
    expect(presses.filter((press) => press.status === "fulfilled")).toHaveLength(1);
    for (const press of presses.filter((p) => p.status === "rejected"))
      expect(press.reason).toMatchObject({ status: 400, message: "198.51.100.7 is already allowed" });
    expect((await getCredential(opened.repos, issued.credential.id)).allowedIps.map((ip) => ip.entry)).toEqual(["203.0.113.10", "198.51.100.7"]);
  });

  it("reads a refused history row and allows its address once under 20 parallel presses", async () => {
    const issued = await create("history-allow", ["203.0.113.10"]);
    const id = issued.credential.id;
    await historyRow(9001, id, "198.51.100.9", "ip_not_allowed", 3, NOW - MINUTE);
    await historyRow(9002, id, "203.0.113.10", "ok", 5, NOW - MINUTE);
    expect(await opened.repos.credentials.historyCall(9001)).toEqual({
      credentialId: id,
      ip: "198.51.100.9",
      outcome: "ip_not_allowed",
      username: "history-allow",
      deletedAt: null,
    });
    expect(await opened.repos.credentials.historyCall(424242)).toBeUndefined();

    const presses = await Promise.all(Array.from({ length: 20 }, () => allowFromHistory(ctx(), 9001)));
    expect(presses.filter((press) => press.result === "added")).toHaveLength(1);
    expect(presses.filter((press) => press.result === "already_allowed").every((press) => press.coveredBy === "198.51.100.9")).toBe(true);
    expect((await getCredential(opened.repos, id)).allowedIps).toEqual([
      { entry: "203.0.113.10", note: "" },
      { entry: "198.51.100.9", note: "Added from history" },
    ]);
    await expect(allowFromHistory(ctx(), 9002)).rejects.toMatchObject({ status: 400 });
    await expect(allowFromHistory(ctx(), 424242)).rejects.toMatchObject({ status: 404 });
    await deleteCredential(ctx(), id);
    expect(await opened.repos.credentials.historyCall(9001)).toMatchObject({ username: "history-allow", deletedAt: NOW });
    await expect(allowFromHistory(ctx(), 9001)).rejects.toMatchObject({ status: 400 });
  });

  it("suggests addresses from the key's served calls of 30 days, counting the last 7 apart", async () => {
    const id = (await create("suggest", ["203.0.113.10"])).credential.id;
    await historyRow(9101, id, "203.0.113.10", "ok", 4, NOW - HOUR);
    await historyRow(9102, id, "203.0.113.10", "ok", 6, NOW - 10 * DAY);
    await historyRow(9103, id, "198.51.100.20", "ip_not_listed", 7, NOW - 2 * DAY);
    await historyRow(9104, id, "192.0.2.5", "ip_not_allowed", 50, NOW - HOUR); // refused: not used
    await historyRow(9105, id, "192.0.2.6", "ok", 50, NOW - 40 * DAY); // too old
    const traffic = await opened.repos.credentials.trafficByAddress(id, NOW - 30 * DAY, NOW - 7 * DAY, 1000);
    expect(traffic).toEqual([
      { ip: "203.0.113.10", calls: 10, calls7d: 4, last: NOW - HOUR },
      { ip: "198.51.100.20", calls: 7, calls7d: 7, last: NOW - 2 * DAY },
    ]);
    expect(await opened.repos.credentials.trafficByAddress(id, NOW - 30 * DAY, NOW - 7 * DAY, 1)).toHaveLength(1);
    const suggestions = await ipSuggestions(opened.repos, id, NOW);
    expect(suggestions.wouldBeRefused7d).toBe(7);
    expect(suggestions.traffic[0]).toEqual({ ip: "203.0.113.10", calls: 10, calls7d: 4, lastUsedAt: new Date(NOW - HOUR).toISOString() });
  });
});
