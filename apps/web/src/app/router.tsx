import type { Permission } from "@gatehouse/shared";
import type { ComponentType } from "react";
import { createBrowserRouter, Navigate } from "react-router";
import { CredentialsPage } from "../features/credentials/components/credentials-page.tsx";
import { RequireSession } from "../features/auth/components/require-session.tsx";
import { SignInPage } from "../features/auth/components/sign-in-page.tsx";
import { paths } from "../lib/paths.ts";
import { AppShell } from "./app-shell.tsx";
import { ErrorPage } from "./error-page.tsx";
import { NotFoundPage } from "./not-found-page.tsx";
import { RequirePermission } from "./require-permission.tsx";

/**
 * A page loaded on first visit, so the first screen (sign-in, the APIs list) downloads only
 * what it shows; `permission` guards it like the server does.
 */
const page = (load: () => Promise<ComponentType>, permission?: Permission) => ({
  lazy: async () => {
    const Page = await load();
    return {
      Component: () =>
        permission ? (
          <RequirePermission permission={permission}>
            <Page />
          </RequirePermission>
        ) : (
          <Page />
        ),
    };
  },
});

export const router = createBrowserRouter([
  { path: paths.signIn, element: <SignInPage />, errorElement: <ErrorPage /> },
  {
    element: (
      <RequireSession>
        <AppShell />
      </RequireSession>
    ),
    errorElement: <ErrorPage />,
    children: [
      { path: paths.home, element: <Navigate to={paths.apis} replace /> },
      { path: paths.apis, element: <CredentialsPage /> },
      { path: paths.newApi, ...page(() => import("./credential-page.tsx").then((module) => module.CredentialPage), "credentials.write") },
      { path: "/apis/:id", ...page(() => import("./credential-page.tsx").then((module) => module.CredentialPage)) },
      { path: paths.activity, ...page(() => import("../features/history/components/activity-page.tsx").then((module) => module.ActivityPage), "history.read") },
      { path: paths.users, ...page(() => import("../features/users/components/users-page.tsx").then((module) => module.UsersPage), "users.manage") },
      { path: paths.auditLog, ...page(() => import("../features/audit-log/components/audit-log-page.tsx").then((module) => module.AuditLogPage), "audit.read") },
      { path: paths.apiReference, ...page(() => import("../features/api-reference/components/api-reference-page.tsx").then((module) => module.ApiReferencePage)) },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);
