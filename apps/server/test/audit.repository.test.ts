import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Repositories } from "../src/db/repositories.ts";
import { listAudit, pruneAuditLog } from "../src/domain/audit.ts";
import { DAY, MINUTE } from "../src/lib/time.ts";
import { backends, type OpenedRepositories } from "./backends.ts";

const NOW = Date.UTC(2026, 10, 25, 12);

describe.each(backends)("the audit log on $name", (backend) => {
  let opened: OpenedRepositories;
  let repos: Repositories;
  beforeAll(async () => {
    opened = await backend.open();
    repos = opened.repos;
    // Ten days of entries, one a day, oldest first (as they are written), alternating actors and actions.
    for (let day = 9; day >= 0; day -= 1) {
      await repos.audit.record(
        NOW - day * DAY,
        { id: null, name: day % 2 ? "Olivia" : "cli", ip: `192.0.2.${day}` },
        {
          action: day % 2 ? "user.update" : "credential.create",
          targetType: day % 2 ? "admin_user" : "credential",
          targetId: `id-${day}`,
          targetName: `name-${day}`,
          before: day % 2 ? { role: "editor" } : null,
          after: { role: "viewer", ips: ["192.0.2.1", "2001:db8::/64"] },
        },
      );
    }
  });
  afterAll(() => opened.close());

  it("lists newest first with before → after as written", async () => {
    const rows = await repos.audit.list({}, 3);
    expect(rows.map((row) => row.targetName)).toEqual(["name-0", "name-1", "name-2"]);
    expect(rows[1]).toMatchObject({
      at: NOW - DAY,
      actorId: null,
      actorName: "Olivia",
      ip: "192.0.2.1",
      action: "user.update",
      targetType: "admin_user",
      targetId: "id-1",
      before: { role: "editor" },
      after: { role: "viewer", ips: ["192.0.2.1", "2001:db8::/64"] },
      count: 1,
      lastAt: null,
    });
    expect(rows[0]?.before).toBeNull();
  });

  it("filters by actor (ignoring case), action, time and id", async () => {
    const names = async (filter: Parameters<Repositories["audit"]["list"]>[0]) => (await repos.audit.list(filter, 100)).map((row) => row.targetName);
    expect(await names({ actor: "OLIVIA" })).toEqual(["name-1", "name-3", "name-5", "name-7", "name-9"]);
    expect(await names({ action: "credential.create", from: NOW - 4 * DAY })).toEqual(["name-0", "name-2", "name-4"]);
    expect(await names({ from: NOW - 3 * DAY, to: NOW - DAY })).toEqual(["name-1", "name-2", "name-3"]);
    const [third] = await repos.audit.list({}, 3).then((rows) => rows.slice(2));
    expect(await names({ before: third?.id ?? 0, actor: "cli" })).toEqual(["name-4", "name-6", "name-8"]);
  });

  it("pages through the domain's cursor and refuses a made-up one", async () => {
    const first = await listAudit(repos, { actor: "olivia", limit: 2 });
    expect(first.items.map((entry) => entry.targetName)).toEqual(["name-1", "name-3"]);
    const second = await listAudit(repos, { actor: "olivia", limit: 2, cursor: first.nextCursor ?? "" });
    expect(second.items.map((entry) => entry.targetName)).toEqual(["name-5", "name-7"]);
    expect(first.items[0]).toMatchObject({ at: new Date(NOW - DAY).toISOString(), actor: "Olivia", lastAt: null });
    await expect(listAudit(repos, { limit: 2, cursor: "bm90LWEtbnVtYmVy" })).rejects.toMatchObject({ status: 400 });
  });

  it("prunes in batches, only what is past the cutoff", async () => {
    expect(await repos.audit.pruneBatch(NOW - 7 * DAY + MINUTE, 2)).toBe(2);
    expect(await repos.audit.list({ to: NOW - 7 * DAY + MINUTE }, 100)).toHaveLength(1);
    expect(await repos.audit.pruneBatch(NOW - 7 * DAY + MINUTE, 2)).toBe(1);
    expect(await pruneAuditLog(repos, NOW, 3)).toBe(3);
    expect((await repos.audit.list({}, 100)).map((row) => row.targetName)).toEqual(["name-0", "name-1", "name-2", "name-3"]);
    expect(await pruneAuditLog(repos, NOW, 3)).toBe(0);
  });
});
