import { parseIpRule } from "@gatehouse/shared";

type Row = { entry: string; note: string };
type RowProps = {
  index: number;
  row: Row;
  readOnly: boolean;
  error: string | undefined;
  hint: string | undefined;
  onChange: (row: Row) => void;
  onRemove: () => void;
};

export function IpRuleRow({ index, row, readOnly, error, hint, onChange, onRemove }: RowProps) {
  const parsed = row.entry.trim() === "" ? null : parseIpRule(row.entry);
  const problem = error ?? (parsed && !parsed.ok ? parsed.error : undefined);
  const errorId = `ip-${index}-error`;
  const hintId = `ip-${index}-hint`;
  return (
    <tr>
      <td>
        <input
          className="input mono"
          aria-label={`IP address ${index + 1}`}
          value={row.entry}
          readOnly={readOnly}
          aria-invalid={problem ? true : undefined}
          aria-describedby={[problem ? errorId : "", hint ? hintId : ""].join(" ").trim() || undefined}
          onChange={(event) => onChange({ ...row, entry: event.target.value })}
          placeholder="203.0.113.10"
        />
        {problem ? (
          <div id={errorId} className="error" role="alert">
            {problem}
          </div>
        ) : null}
        {hint ? (
          <div id={hintId} className="hint">
            {hint}
          </div>
        ) : null}
      </td>
      <td>
        <input
          className="input"
          aria-label={`Note for IP address ${index + 1}`}
          value={row.note}
          readOnly={readOnly}
          maxLength={200}
          placeholder="e.g. warehouse server"
          onChange={(event) => onChange({ ...row, note: event.target.value })}
        />
      </td>
      <td className="num">
        {readOnly ? null : (
          <button type="button" className="button small ghost" aria-label={`Remove IP address ${index + 1}`} onClick={onRemove}>
            Remove
          </button>
        )}
      </td>
    </tr>
  );
}
