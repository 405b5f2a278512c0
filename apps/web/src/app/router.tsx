import { createBrowserRouter, Navigate } from "react-router";
import { paths } from "../lib/paths.ts";
import { AppShell } from "./app-shell.tsx";
import { ErrorPage } from "./error-page.tsx";
import { NotFoundPage } from "./not-found-page.tsx";
import { PlaceholderPage } from "./placeholder-page.tsx";

export const router = createBrowserRouter([
  {
    element: <AppShell />,
    errorElement: <ErrorPage />,
    children: [
      { path: paths.home, element: <Navigate to={paths.apis} replace /> },
      { path: paths.apis, element: <PlaceholderPage title="APIs" /> },
      { path: "/apis/:id", element: <PlaceholderPage title="API" /> },
      { path: paths.activity, element: <PlaceholderPage title="Activity" /> },
      { path: paths.users, element: <PlaceholderPage title="Users" /> },
      { path: paths.auditLog, element: <PlaceholderPage title="Audit log" /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);
