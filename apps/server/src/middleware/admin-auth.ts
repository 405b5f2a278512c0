import { permissionDenied, can, type Permission } from "@gatehouse/shared";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { resolveSession, SESSION_ABSOLUTE_MS } from "../domain/admin/sessions.ts";
import type { AppDeps, AppEnv } from "../env.ts";
import { ApiError } from "../lib/api-error.ts";

const isHttps = (c: Context<AppEnv>) => c.get("secure");

/** Behind HTTPS the cookie takes the `__Host-` prefix: Secure, host-only, Path=/. */
const cookieName = (c: Context<AppEnv>) => (isHttps(c) ? "__Host-gatehouse_session" : "gatehouse_session");

export function setSessionCookie(c: Context<AppEnv>, token: string) {
  setCookie(c, cookieName(c), token, {
    httpOnly: true,
    sameSite: "Strict",
    secure: isHttps(c),
    path: "/",
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  });
}

export function clearSessionCookie(c: Context<AppEnv>) {
  deleteCookie(c, cookieName(c), { path: "/", secure: isHttps(c) });
}

export const sessionToken = (c: Context<AppEnv>) => getCookie(c, cookieName(c));

/** Resolves the session cookie to the signed-in admin; 401 when there is none. */
export const requireAdmin = (deps: AppDeps) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const token = sessionToken(c);
    const admin = token ? resolveSession(deps.store.db, deps.clock(), token) : null;
    if (!admin) {
      if (token) clearSessionCookie(c);
      throw new ApiError("unauthorized", "Sign in to continue");
    }
    c.set("admin", admin);
    await next();
  });

/** 403 with a sentence naming what the role may not do. */
export const requirePermission = (permission: Permission) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const admin = c.get("admin");
    if (!admin || !can(admin.role, permission)) throw new ApiError("forbidden", permissionDenied[permission]);
    await next();
  });

export const actorOf = (c: Context<AppEnv>) => {
  const admin = c.get("admin");
  return { id: admin?.id ?? null, name: admin?.username ?? "anonymous", ip: c.get("clientIp") };
};
