import { Loading } from "@/components/ui/loading.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { useOpenApi } from "@/features/api-reference/api/get-openapi.ts";
import { OperationCard } from "@/features/api-reference/components/operation-card.tsx";
import { SignedRequestsGuide } from "@/features/api-reference/components/signed-requests-guide.tsx";

const origin = typeof window === "undefined" ? "http://127.0.0.1:3000" : window.location.origin;

/** For integration developers: how to authenticate, and every call, generated from the OpenAPI document. */
export function ApiReferencePage() {
  const doc = useOpenApi();
  return (
    <>
      <PageHeader
        title="API reference"
        description={
          <>
            The integration API under <code>/api/v1</code>. Machine-readable: <a href="/api/v1/openapi.json">openapi.json</a> (OpenAPI 3.1).
          </>
        }
      />
      <section className="card">
        <div className="card-body prose">
          <h2>Authenticate</h2>
          <p>
            Log in with the API Username and API Key to get a token, then send it as <code>Authorization: Bearer &lt;token&gt;</code>. The token only works from
            the address that logged in, and ends after an idle hour, at logout, or when an admin disables or deletes the key, regenerates it (at the end of the
            grace period, when one is given) or removes the address. Integrations that keep no session can send{" "}
            <code>Authorization: Basic base64(username:key)</code> on every call instead.
          </p>
          <pre className="code-block">{`curl -s ${origin}/api/v1/login -H 'Content-Type: application/json' \\
  -d '{"username": "inventory-sync", "key": "gk_…"}'
curl -s ${origin}/api/v1/session -H "Authorization: Bearer $TOKEN"`}</pre>
          <p>
            Never put a key or token in the URL: such requests are refused. Errors are always <code>{'{"error": {"code", "message", "request_id"}}'}</code>;
            wrong credentials of any kind answer <code>401 unauthorized</code> with the message <code>Unauthorized</code>, a refused address answers{" "}
            <code>403 ip_not_allowed</code> naming the address Gatehouse saw, and <code>429</code> comes with <code>Retry-After</code>.
          </p>
        </div>
      </section>
      <SignedRequestsGuide />
      {doc.isPending ? (
        <Loading />
      ) : doc.isError ? (
        <div className="banner danger">The API description could not be loaded: {doc.error.message}</div>
      ) : (
        Object.entries(doc.data.paths).flatMap(([path, methods]) =>
          Object.entries(methods).map(([method, operation]) => (
            <OperationCard key={`${method} ${path}`} method={method} path={path} operation={operation} schemas={doc.data.components.schemas} />
          )),
        )
      )}
    </>
  );
}
