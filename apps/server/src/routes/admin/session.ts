import { can, permissions, signInSchema, type CurrentAdmin, type Permission } from "@gatehouse/shared";
import { Hono } from "hono";
import { recordAuditSync } from "../../domain/audit.ts";
import { createSession, revokeSession } from "../../domain/admin/sessions.ts";
import { verifySignIn } from "../../domain/admin/sign-in.ts";
import type { AppEnv } from "../../env.ts";
import type { AppDeps } from "../../deps.ts";
import { validate } from "../../lib/validate.ts";
import { actorOf, clearSessionCookie, requireAdmin, sessionToken, setSessionCookie } from "../../middleware/admin-auth.ts";

/** Sign in, who am I, sign out. */
export const sessionRoutes = (deps: AppDeps) =>
  new Hono<AppEnv>()
    .post("/", validate("json", signInSchema), async (c) => {
      const ip = c.get("clientIp");
      const user = await verifySignIn(deps.store.db, deps.clock(), deps.signIn, { ...c.req.valid("json"), ip });
      const previous = sessionToken(c);
      if (previous) revokeSession(deps.store.db, previous);
      const token = createSession(deps.store.db, deps.clock(), user.id, ip, c.req.header("user-agent") ?? "");
      setSessionCookie(c, token);
      recordAuditSync(
        deps.store.db,
        deps.clock(),
        { id: user.id, name: user.username, ip },
        { action: "sign_in", targetType: "session", targetName: user.username },
      );
      return c.json(currentAdmin(user, ip, c.get("untrustedProxy") === true), 200);
    })
    .get("/", requireAdmin(deps), (c) => {
      const admin = c.get("admin");
      c.header("Cache-Control", "no-store");
      return c.json(currentAdmin(admin, c.get("clientIp"), c.get("untrustedProxy") === true), 200);
    })
    .delete("/", requireAdmin(deps), (c) => {
      const token = sessionToken(c);
      if (token) revokeSession(deps.store.db, token);
      clearSessionCookie(c);
      const admin = c.get("admin");
      recordAuditSync(deps.store.db, deps.clock(), actorOf(c), {
        action: "sign_out",
        targetType: "session",
        targetName: admin.username,
      });
      return c.body(null, 204);
    });

function currentAdmin(user: CurrentAdmin["user"], currentIp: string, currentIpIsProxy: boolean): CurrentAdmin {
  const granted = (Object.keys(permissions) as Permission[]).filter((permission) => can(user.role, permission));
  return { user, permissions: granted, currentIp, currentIpIsProxy };
}
