import { permissionDenied, can, type Permission } from "@gatehouse/shared";
import type { Context } from "hono";
import { generateCookie, getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { resolveSession, SESSION_ABSOLUTE_MS } from "../domain/admin/sessions.ts";
import type { SessionUser } from "../domain/admin/sessions.ts";
import type { AppEnv } from "../env.ts";
import type { AppDeps } from "../deps.ts";
import { ApiError } from "../lib/api-error.ts";

const isHttps = <E extends AppEnv>(c: Context<E>) => c.get("secure");

/** Behind HTTPS the cookie takes the `__Host-` prefix: Secure, host-only, Path=/. */
const cookieName = <E extends AppEnv>(c: Context<E>) => (isHttps(c) ? "__Host-gatehouse_session" : "gatehouse_session");

// In the request's reply headers, so a cookie cleared before a refusal travels with the error.
export function setSessionCookie<E extends AppEnv>(c: Context<E>, token: string) {
  c.get("replyHeaders")["set-cookie"] = generateCookie(cookieName(c), token, {
    httpOnly: true,
    sameSite: "Strict",
    secure: isHttps(c),
    path: "/",
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  });
}

export function clearSessionCookie<E extends AppEnv>(c: Context<E>) {
  c.get("replyHeaders")["set-cookie"] = generateCookie(cookieName(c), "", { path: "/", secure: isHttps(c), maxAge: 0 });
}

export const sessionToken = <E extends AppEnv>(c: Context<E>) => getCookie(c, cookieName(c));

/** A request from a signed-in admin: what `requireAdmin` provides. */
export type AdminEnv = AppEnv & { Variables: { admin: SessionUser } };

/** Resolves the session cookie to the signed-in admin; 401 when there is none. */
export const requireAdmin = (deps: AppDeps) =>
  createMiddleware<AdminEnv>(async (c, next) => {
    const token = sessionToken(c);
    const admin = token ? await resolveSession(deps.store.repos, deps.clock(), token) : null;
    if (!admin) {
      if (token) clearSessionCookie(c);
      throw new ApiError("unauthorized", "Sign in to continue");
    }
    c.set("admin", admin);
    await next();
  });

/** 403 with a sentence naming what the role may not do; the one check, from the shared permission map. */
export function assertCan(c: Context<AdminEnv>, permission: Permission) {
  if (!can(c.get("admin").role, permission)) throw new ApiError("forbidden", permissionDenied[permission]);
}

export const requirePermission = (permission: Permission) =>
  createMiddleware<AdminEnv>(async (c, next) => {
    assertCan(c, permission);
    await next();
  });

export const actorOf = (c: Context<AdminEnv>) => {
  const admin = c.get("admin");
  return { id: admin.id, name: admin.username, ip: c.get("clientIp") };
};
