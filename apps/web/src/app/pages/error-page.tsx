import { isRouteErrorResponse, useRouteError } from "react-router";
import { NotFoundPage } from "./not-found-page.tsx";

/** Shown when a page throws while rendering: says so plainly and offers a way back. */
export function ErrorPage() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  return (
    <div className="centered-page" role="alert">
      <div>
        <h1>Something went wrong</h1>
        <p>This page could not be shown. Reload to try again; your data is safe.</p>
        <button type="button" className="button primary" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    </div>
  );
}
