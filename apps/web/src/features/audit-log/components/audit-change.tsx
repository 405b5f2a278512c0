import { isAllowListDiff, type AllowListDiff, type AuditValues } from "@gatehouse/shared";

const show = (value: AuditValues[string] | undefined) =>
  value === undefined || value === null ? "—" : Array.isArray(value) ? value.join(", ") || "(none)" : String(value);

/** An allow-list change: one line per entry added or removed. */
function AllowListChange({ diff }: { diff: AllowListDiff }) {
  return (
    <ul className="change-list">
      {diff.added.map((entry) => (
        <li key={`added ${entry}`}>
          <span className="change-key">Added</span> <span className="change-after">{entry}</span>
        </li>
      ))}
      {diff.removed.map((entry) => (
        <li key={`removed ${entry}`}>
          <span className="change-key">Removed</span> <span className="change-before">{entry}</span>
        </li>
      ))}
    </ul>
  );
}

/** before → after, one line per changed field. */
export function AuditChange({ before, after }: { before: AuditValues | null; after: AuditValues | null }) {
  if (before === null && isAllowListDiff(after)) return <AllowListChange diff={after} />;
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
