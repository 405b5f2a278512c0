import { isAllowListDiff, type AllowListDiff, type AuditValues } from "@gatehouse/shared";
import { fieldLabel, valueText } from "./audit-words.ts";

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

type ChangeProps = { targetType: string; before: AuditValues | null; after: AuditValues | null };

/** before → after, one line per changed field, in the screens' words; without a before, the values as they are. */
export function AuditChange({ targetType, before, after }: ChangeProps) {
  if (before === null && isAllowListDiff(after)) return <AllowListChange diff={after} />;
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  if (keys.length === 0) return <span className="hint">—</span>;
  return (
    <ul className="change-list">
      {keys.map((key) => (
        <li key={key}>
          <span className="change-key">{fieldLabel(targetType, key)}</span>{" "}
          {before ? (
            <>
              <span className="change-before">{valueText(key, before[key])}</span> →{" "}
              <span className="change-after">{after ? valueText(key, after[key]) : "(deleted)"}</span>
            </>
          ) : (
            // Nothing before it: what was created, or a fact of the event (a failed sign-in's
            // reason), not a change to colour as one.
            <span className="change-value">{after ? valueText(key, after[key]) : "—"}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
