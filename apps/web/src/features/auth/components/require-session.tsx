import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { Loading } from "@/components/ui/loading.tsx";
import { RequestError } from "@/lib/api-client.ts";
import { paths } from "@/lib/paths.ts";
import { sessionQuery } from "@/lib/session.ts";

/** Renders its children for a signed-in admin; otherwise sends them to the sign-in page. */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useQuery(sessionQuery);
  const location = useLocation();
  if (session.isPending) return <Loading label="Checking your session…" />;
  if (session.error instanceof RequestError && session.error.status === 401) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`${paths.signIn}?next=${next}`} replace />;
  }
  if (session.isError) throw session.error;
  return children;
}
