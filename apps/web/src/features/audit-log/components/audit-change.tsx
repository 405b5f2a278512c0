import type { AuditValues } from "@gatehouse/shared";

const show = (value: AuditValues[string] | undefined) =>
  value === undefined || value === null ? "—" : Array.isArray(value) ? value.join(", ") || "(none)" : String(value);

/** before → after, one line per changed field. */
export function AuditChange({ before, after }: { before: AuditValues | null; after: AuditValues | null }) {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  if (keys.length === 0) return <span className="hint">—</span>;
  return (
    <ul className="change-list">
      {keys.map((key) => (
        <li key={key}>
          <span className="change-key">{key}</span>{" "}
          {before ? (
            <>
              <span className="change-before">{show(before[key])}</span> →{" "}
            </>
          ) : null}
          <span className="change-after">{after ? show(after[key]) : "(deleted)"}</span>
        </li>
      ))}
    </ul>
  );
}
