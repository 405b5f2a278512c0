import type { Scope } from "@gatehouse/shared";

export function ScopeList({ scopes }: { scopes: Scope[] }) {
  if (scopes.length === 0) return <span className="hint">Session only</span>;
  return (
    <span className="chips">
      {scopes.map((scope) => (
        <code key={scope} className="chip">
          {scope}
        </code>
      ))}
    </span>
  );
}
