import { Link } from "react-router";
import { paths } from "@/lib/paths.ts";

export function NotFoundPage() {
  return (
    <div className="centered-page">
      <div>
        <div className="code">404</div>
        <h1>Page not found</h1>
        <p>There is nothing at this address. It may have been a credential that was deleted.</p>
        <Link className="button primary" to={paths.apis}>
          Back to APIs
        </Link>
      </div>
    </div>
  );
}
