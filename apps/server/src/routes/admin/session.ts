import { can, changeOwnPasswordSchema, permissions, signInSchema, type CurrentAdmin, type Permission } from "@gatehouse/shared";
import { Hono } from "hono";
import { createSession, revokeSession } from "../../domain/admin/sessions.ts";
import { changeOwnPassword } from "../../domain/admin/own-password.ts";
import { verifySignIn, wrongCredentials } from "../../domain/admin/sign-in.ts";
import { ApiError } from "../../lib/api-error.ts";
import { headerText } from "../../lib/header-text.ts";
import type { AppEnv } from "../../env.ts";
import type { AppDeps } from "../../deps.ts";
import { validate } from "../../lib/validate.ts";
import { actorOf, clearSessionCookie, requireAdmin, sessionToken, setSessionCookie } from "../../middleware/admin-auth.ts";

/** Sign in, who am I, change my password, sign out. */
export const sessionRoutes = (deps: AppDeps) =>
  new Hono<AppEnv>()
    .post("/", validate("json", signInSchema), async (c) => {
      const ip = c.get("clientIp");
      const checked = await verifySignIn(deps.store.repos, deps.clock(), deps.signIn, { ...c.req.valid("json"), ip });
      const { user } = checked;
      const previous = sessionToken(c);
      // One commit: the browser's old session ends as the new one starts and the sign-in is audited.
      const token = await deps.store.repos.transaction(async (tx) => {
        const started = await createSession(tx, deps.clock(), checked, ip, headerText(c.req.header("user-agent") ?? ""));
        // The account was deleted, disabled or given a new password during the check.
        if (started === null) throw wrongCredentials();
        if (previous) await revokeSession(tx, previous);
        await tx.audit.record(deps.clock(), { id: user.id, name: user.username, ip }, { action: "sign_in", targetType: "session", targetName: user.username });
        return started;
      });
      setSessionCookie(c, token);
      return c.json(currentAdmin(user, ip, c.get("untrustedProxy") === true), 200);
    })
    .get("/", requireAdmin(deps), (c) => {
      const admin = c.get("admin");
      c.header("Cache-Control", "no-store");
      return c.json(currentAdmin(admin, c.get("clientIp"), c.get("untrustedProxy") === true), 200);
    })
    .put("/password", requireAdmin(deps), validate("json", changeOwnPasswordSchema), async (c) => {
      const admin = c.get("admin");
      const ip = c.get("clientIp");
      const changed = await changeOwnPassword(deps.store.repos, deps.clock(), deps.signIn, admin, ip, c.req.valid("json"));
      // The change ended every session of the account, this one too: this browser goes on in a
      // new one, unless an owner changed the account again meanwhile.
      const token = await deps.store.repos.transaction((tx) => createSession(tx, deps.clock(), changed, ip, headerText(c.req.header("user-agent") ?? "")));
      if (token === null) throw new ApiError("unauthorized", "Your account was changed meanwhile. Sign in again.");
      setSessionCookie(c, token);
      return c.body(null, 204);
    })
    .delete("/", requireAdmin(deps), async (c) => {
      const token = sessionToken(c);
      const admin = c.get("admin");
      await deps.store.repos.transaction(async (tx) => {
        if (token) await revokeSession(tx, token);
        await tx.audit.record(deps.clock(), actorOf(c), { action: "sign_out", targetType: "session", targetName: admin.username });
      });
      clearSessionCookie(c);
      return c.body(null, 204);
    });

function currentAdmin(user: CurrentAdmin["user"], currentIp: string, currentIpIsProxy: boolean): CurrentAdmin {
  const granted = (Object.keys(permissions) as Permission[]).filter((permission) => can(user.role, permission));
  return { user, permissions: granted, currentIp, currentIpIsProxy };
}
