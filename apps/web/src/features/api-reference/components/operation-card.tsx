import type { JsonSchema, Operation } from "../api/get-openapi.ts";
import { SchemaTable } from "./schema-table.tsx";

type OperationProps = { method: string; path: string; operation: Operation; schemas: Record<string, JsonSchema> };

export function OperationCard({ method, path, operation, schemas }: OperationProps) {
  const body = operation.requestBody?.content["application/json"]?.schema;
  const ok = Object.entries(operation.responses).find(([status]) => status.startsWith("2"));
  const okSchema = ok?.[1].content?.["application/json"]?.schema;
  return (
    <section className="card operation" aria-labelledby={`op-${operation.operationId}`}>
      <div className="card-body">
        <h2 id={`op-${operation.operationId}`}>
          <span className={`method method-${method}`}>{method.toUpperCase()}</span> <code>/api/v1{path}</code>
        </h2>
        <p>{operation.summary}</p>
        <p className="hint">
          History call <code>{operation.operationId}</code>
          {operation["x-required-scope"] ? (
            <>
              {" "}
              · needs permission <code>{operation["x-required-scope"]}</code>
            </>
          ) : null}
        </p>
        {operation.parameters?.length ? (
          <>
            <h3>Parameters</h3>
            <ul>
              {operation.parameters.map((parameter) => (
                <li key={parameter.name}>
                  <code>{parameter.name}</code> ({parameter.in}
                  {parameter.required ? ", required" : ""}){parameter.description ? ` — ${parameter.description}` : ""}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {body ? (
          <>
            <h3>Request body</h3>
            <SchemaTable schema={body} schemas={schemas} />
          </>
        ) : null}
        {okSchema ? (
          <>
            <h3>Response {ok?.[0]}</h3>
            <SchemaTable schema={okSchema} schemas={schemas} />
          </>
        ) : null}
        <h3>Errors</h3>
        <ul className="hint">
          {Object.entries(operation.responses)
            .filter(([status]) => !status.startsWith("2"))
            .map(([status, response]) => (
              <li key={status}>
                <strong>{status}</strong> {response.description}
              </li>
            ))}
        </ul>
      </div>
    </section>
  );
}
