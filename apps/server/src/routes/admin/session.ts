import { can, permissions, signInSchema, type CurrentAdmin, type Permission } from "@gatehouse/shared";
import { Hono } from "hono";
import { recordAudit } from "../../domain/audit.ts";
import { decoyPasswordHash, verifyPassword } from "../../domain/admin/passwords.ts";
import { createSession, revokeSession } from "../../domain/admin/sessions.ts";
import { findAdminByUsername } from "../../domain/admin/users.ts";
import type { AppDeps, AppEnv } from "../../env.ts";
import { ApiError } from "../../lib/api-error.ts";
import { retryAfterSeconds } from "../../lib/limiter.ts";
import { validate } from "../../lib/validate.ts";
import { clearSessionCookie, requireAdmin, sessionToken, setSessionCookie } from "../../middleware/admin-auth.ts";

const wrongCredentials = () => new ApiError("unauthorized", "Wrong username or password");

/** Sign in, who am I, sign out. */
export const sessionRoutes = (deps: AppDeps) =>
  new Hono<AppEnv>()
    .post("/", validate("json", signInSchema), async (c) => {
      const { username, password } = c.req.valid("json");
      const ip = c.get("clientIp");
      const throttleKey = `${username.toLowerCase()}|${ip}`;
      const attempt = (action: "sign_in" | "sign_in_failed", actorId: string | null, reason?: string) =>
        recordAudit(deps.store.db, deps.clock(), { id: actorId, name: username, ip }, {
          action,
          targetType: "session",
          targetName: username,
          after: reason ? { reason } : null,
        });

      const throttle = await deps.limits.adminSignIn.peek(throttleKey);
      if (!throttle.allowed) {
        attempt("sign_in_failed", null, "throttled");
        throw new ApiError("rate_limited", "Too many failed sign-ins. Try again later.", {
          headers: { "Retry-After": String(retryAfterSeconds(throttle)) },
        });
      }
      const user = findAdminByUsername(deps.store.db, username);
      const passwordOk = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password);
      if (!user || !passwordOk || user.status !== "enabled") {
        await deps.limits.adminSignIn.hit(throttleKey);
        attempt("sign_in_failed", user?.id ?? null, !user ? "unknown username" : !passwordOk ? "wrong password" : "account disabled");
        throw wrongCredentials();
      }
      await deps.limits.adminSignIn.reset(throttleKey);
      const previous = sessionToken(c);
      if (previous) revokeSession(deps.store.db, previous);
      const token = createSession(deps.store.db, deps.clock(), user.id, ip, c.req.header("user-agent") ?? "");
      setSessionCookie(c, token);
      attempt("sign_in", user.id);
      return c.json(currentAdmin({ id: user.id, username: user.username, role: user.role }, ip), 200);
    })
    .get("/", requireAdmin(deps), (c) => {
      const admin = c.get("admin");
      if (!admin) throw new ApiError("unauthorized", "Sign in to continue");
      c.header("Cache-Control", "no-store");
      return c.json(currentAdmin(admin, c.get("clientIp")), 200);
    })
    .delete("/", requireAdmin(deps), (c) => {
      const token = sessionToken(c);
      if (token) revokeSession(deps.store.db, token);
      clearSessionCookie(c);
      const admin = c.get("admin");
      recordAudit(deps.store.db, deps.clock(), { id: admin?.id ?? null, name: admin?.username ?? "unknown", ip: c.get("clientIp") }, {
        action: "sign_out",
        targetType: "session",
        targetName: admin?.username ?? null,
      });
      return c.body(null, 204);
    });

function currentAdmin(user: CurrentAdmin["user"], currentIp: string): CurrentAdmin {
  const granted = (Object.keys(permissions) as Permission[]).filter((permission) => can(user.role, permission));
  return { user, permissions: granted, currentIp };
}
