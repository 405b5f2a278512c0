import type { Permission } from "@gatehouse/shared";
import type { ComponentType } from "react";
import type { FetchQueryOptions, QueryKey } from "@tanstack/react-query";
import { createBrowserRouter, type LoaderFunctionArgs, Navigate } from "react-router";
import { auditLogQuery } from "@/features/audit-log/api/get-audit-log.ts";
import { credentialQuery } from "@/features/credentials/api/get-credential.ts";
import { credentialsQuery } from "@/features/credentials/api/get-credentials.ts";
import { listQuery, readListView } from "@/features/credentials/list-params.ts";
import { summaryQuery } from "@/features/history/api/get-summary.ts";
import { usersQuery } from "@/features/users/api/get-users.ts";
import { webhooksQuery } from "@/features/notifications/api/get-webhooks.ts";
import { Loading } from "@/components/ui/loading.tsx";
import { queryClient } from "@/lib/query-client.ts";
import { sessionQuery } from "@/lib/session.ts";
import { CredentialsPage } from "./pages/credentials-page.tsx";
import { RequireSession } from "@/features/auth/components/require-session.tsx";
import { SignInPage } from "./pages/sign-in-page.tsx";
import { paths } from "@/lib/paths.ts";
import { AppShell } from "./app-shell.tsx";
import { ErrorPage } from "./pages/error-page.tsx";
import { NotFoundPage } from "./pages/not-found-page.tsx";
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

/**
 * A route loader that starts the page's first query while its code loads (react-router runs a
 * route's static loader in parallel with its `lazy`), instead of after the code has run. It does
 * not wait for the data: the page shows its own loading state and errors, as before. A page
 * behind a `permission` asks only once the session says the role has it: otherwise the server
 * answers 403 to a request the page was never going to show.
 */
const prefetch =
  <Data, Key extends QueryKey>(query: (args: LoaderFunctionArgs) => FetchQueryOptions<Data, Error, Data, Key>, permission?: Permission) =>
  (args: LoaderFunctionArgs) => {
    const fetchData = () => queryClient.ensureQueryData(query(args));
    const fetched = permission
      ? queryClient.ensureQueryData(sessionQuery).then((session) => (session.permissions.includes(permission) ? fetchData() : undefined))
      : fetchData();
    fetched.catch(() => undefined);
    return null;
  };

export const router = createBrowserRouter([
  { path: paths.signIn, element: <SignInPage />, errorElement: <ErrorPage /> },
  {
    element: (
      <RequireSession>
        <AppShell />
      </RequireSession>
    ),
    errorElement: <ErrorPage />,
    // Shown for the moment the first page's loader and code take, instead of a blank page.
    hydrateFallbackElement: <Loading />,
    loader: prefetch(() => sessionQuery),
    children: [
      { path: paths.home, element: <Navigate to={paths.apis} replace /> },
      {
        path: paths.apis,
        element: <CredentialsPage />,
        loader: prefetch(({ request }) => credentialsQuery(listQuery(readListView(new URL(request.url).searchParams)))),
      },
      { path: paths.newApi, ...page(() => import("./pages/credential-page.tsx").then((module) => module.CredentialPage), "credentials.write") },
      {
        path: "/apis/:id",
        loader: prefetch(({ params }) => credentialQuery(params.id ?? "")),
        ...page(() => import("./pages/credential-page.tsx").then((module) => module.CredentialPage)),
      },
      {
        path: paths.activity,
        loader: prefetch(() => summaryQuery, "history.read"),
        ...page(() => import("./pages/activity-page.tsx").then((module) => module.ActivityPage), "history.read"),
      },
      {
        path: paths.users,
        loader: prefetch(() => usersQuery, "users.manage"),
        ...page(() => import("./pages/users-page.tsx").then((module) => module.UsersPage), "users.manage"),
      },
      {
        path: paths.auditLog,
        loader: prefetch(() => auditLogQuery({}), "audit.read"),
        ...page(() => import("./pages/audit-log-page.tsx").then((module) => module.AuditLogPage), "audit.read"),
      },
      { path: "/settings", element: <Navigate to={paths.notifications} replace /> },
      {
        path: paths.notifications,
        loader: prefetch(() => webhooksQuery, "webhooks.manage"),
        ...page(() => import("./pages/notifications-page.tsx").then((module) => module.NotificationsPage), "webhooks.manage"),
      },
      { path: paths.apiReference, ...page(() => import("./pages/api-reference-page.tsx").then((module) => module.ApiReferencePage)) },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);
