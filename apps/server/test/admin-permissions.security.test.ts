import type { AdminRole } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { SESSION_IDLE_MS } from "../src/domain/admin/sessions.ts";
import { asAdmin, errorOf, fromIp, seedAdmin, signIn, testApp } from "./helpers.ts";

/**
 * Every admin endpoint and the roles allowed to call it. The first test fails when an endpoint
 * is added without an entry here, so no endpoint ships without a decided permission.
 */
const everyone: AdminRole[] = ["owner", "editor", "viewer"];
const permissionTable: Record<string, AdminRole[] | "public"> = {
  "POST /api/admin/session": "public",
  "GET /api/admin/session": everyone,
  "DELETE /api/admin/session": everyone,
  "PUT /api/admin/session/password": everyone,
  "GET /api/admin/credentials": everyone,
  "POST /api/admin/credentials": ["owner", "editor"],
  "POST /api/admin/credentials/bulk": ["owner", "editor"],
  "GET /api/admin/credentials/:id": everyone,
  "GET /api/admin/credentials/:id/ip-suggestions": everyone,
  "PATCH /api/admin/credentials/:id": ["owner", "editor"],
  "POST /api/admin/credentials/:id/regenerate": ["owner", "editor"],
  "POST /api/admin/credentials/:id/end-grace": ["owner", "editor"],
  "PUT /api/admin/credentials/:id/signing": ["owner", "editor"],
  "POST /api/admin/credentials/:id/signing-secret": ["owner", "editor"],
  "POST /api/admin/credentials/:id/allowed-ips": ["owner", "editor"],
  "DELETE /api/admin/credentials/:id": ["owner"],
  "GET /api/admin/history": everyone,
  "GET /api/admin/history/chart": everyone,
  "GET /api/admin/history/summary": everyone,
  "GET /api/admin/history/export.csv": everyone,
  "POST /api/admin/history/:id/allow-ip": ["owner", "editor"],
  "GET /api/admin/users": ["owner"],
  "POST /api/admin/users": ["owner"],
  "PATCH /api/admin/users/:id": ["owner"],
  "DELETE /api/admin/users/:id": ["owner"],
  "GET /api/admin/audit-log": ["owner"],
  "GET /api/admin/webhooks": ["owner"],
  "POST /api/admin/webhooks": ["owner"],
  "DELETE /api/admin/webhooks/:id": ["owner"],
  "POST /api/admin/webhooks/:id/test": ["owner"],
  "GET /api/admin/webhooks/:id/deliveries": ["owner"],
  "POST /api/admin/webhooks/:id/deliveries/:deliveryId/resend": ["owner"],
};

function adminEndpoints(app: Awaited<ReturnType<typeof testApp>>["app"]) {
  const seen = new Set<string>();
  for (const route of app.routes) {
    if (route.method === "ALL" || !route.path.startsWith("/api/admin")) continue;
    seen.add(`${route.method} ${route.path}`);
  }
  return [...seen].toSorted();
}

const concrete = (path: string) => path.replace(/:(\w+)/g, "missing-$1");

describe("admin permissions", () => {
  it("every admin endpoint has a decided permission", async () => {
    const { app } = await testApp();
    expect(adminEndpoints(app)).toEqual(Object.keys(permissionTable).toSorted());
  });

  const roles: AdminRole[] = ["owner", "editor", "viewer"];
  it.each(Object.entries(permissionTable))("%s answers each role as the table says", async (endpoint, allowed) => {
    const { app, deps, clock } = await testApp();
    const [method = "GET", path = "/"] = endpoint.split(" ");
    for (const role of roles) await seedAdmin(deps, `${role}-user`, role);
    // A decoy owner keeps "last owner" rules out of the way.
    await seedAdmin(deps, "spare-owner", "owner");

    const anonymous = await asAdmin(app, "")(method, concrete(path), method === "GET" || method === "DELETE" ? undefined : {});
    if (allowed === "public") {
      expect(anonymous.status).not.toBe(401);
      return;
    }
    expect(anonymous.status).toBe(401);
    expect((await errorOf(anonymous)).code).toBe("unauthorized");

    // An owner's session that has gone idle is no session at all.
    const stale = await signIn(app, "spare-owner");
    clock.advance(SESSION_IDLE_MS + 1);
    expect((await asAdmin(app, stale.cookie)(method, concrete(path), method === "GET" || method === "DELETE" ? undefined : {})).status).toBe(401);

    // A cross-site request with a live owner session changes nothing.
    if (method !== "GET") {
      const owner = await signIn(app, "spare-owner");
      const crossSite = await app.request(
        concrete(path),
        { method, headers: { Cookie: owner.cookie, "Sec-Fetch-Site": "cross-site", "Content-Type": "application/json" }, body: "{}" },
        fromIp("127.0.0.1"),
      );
      expect(crossSite.status, `cross-site ${endpoint}`).toBe(403);
    }

    for (const role of roles) {
      const { cookie } = await signIn(app, `${role}-user`);
      const res = await asAdmin(app, cookie)(method, concrete(path), method === "GET" || method === "DELETE" ? undefined : {});
      if (allowed.includes(role)) {
        expect(res.status, `${role} on ${endpoint}`).not.toBe(403);
      } else {
        expect(res.status, `${role} on ${endpoint}`).toBe(403);
        expect((await errorOf(res)).message).toMatch(/^You do not have permission to /);
      }
    }
  });
});
