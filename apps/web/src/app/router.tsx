import { createBrowserRouter, Navigate } from "react-router";
import { CredentialsPage } from "../features/credentials/components/credentials-page.tsx";
import { ApiReferencePage } from "../features/api-reference/components/api-reference-page.tsx";
import { ActivityPage } from "../features/history/components/activity-page.tsx";
import { AuditLogPage } from "../features/audit-log/components/audit-log-page.tsx";
import { RequireSession } from "../features/auth/components/require-session.tsx";
import { SignInPage } from "../features/auth/components/sign-in-page.tsx";
import { UsersPage } from "../features/users/components/users-page.tsx";
import { paths } from "../lib/paths.ts";
import { AppShell } from "./app-shell.tsx";
import { CredentialPage } from "./credential-page.tsx";
import { ErrorPage } from "./error-page.tsx";
import { NotFoundPage } from "./not-found-page.tsx";
import { RequirePermission } from "./require-permission.tsx";

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
      {
        path: paths.newApi,
        element: (
          <RequirePermission permission="credentials.write">
            <CredentialPage />
          </RequirePermission>
        ),
      },
      { path: "/apis/:id", element: <CredentialPage /> },
      {
        path: paths.activity,
        element: (
          <RequirePermission permission="history.read">
            <ActivityPage />
          </RequirePermission>
        ),
      },
      {
        path: paths.users,
        element: (
          <RequirePermission permission="users.manage">
            <UsersPage />
          </RequirePermission>
        ),
      },
      {
        path: paths.auditLog,
        element: (
          <RequirePermission permission="audit.read">
            <AuditLogPage />
          </RequirePermission>
        ),
      },
      { path: paths.apiReference, element: <ApiReferencePage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);
