import { MAX_IP_NOTE_LENGTH, parseIpRule } from "@gatehouse/shared";
import { cutNote, noteLength } from "./pasted-list.ts";

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

/** What saving will do to an entry that the admin may not expect: drop an IPv6 zone id. */
function entryNote(entry: string, parsed: ReturnType<typeof parseIpRule> | null) {
  const zone = entry.indexOf("%");
  if (!parsed?.ok || zone === -1) return undefined;
  return `Saved as ${parsed.rule.text}: the zone id (${entry.trim().slice(zone)}) names one machine's network interface, which an allow-list cannot match`;
}

export function IpRuleRow({ index, row, readOnly, error, hint: overlap, onChange, onRemove }: RowProps) {
  const parsed = row.entry.trim() === "" ? null : parseIpRule(row.entry);
  const problem = error ?? (parsed && !parsed.ok ? parsed.error : undefined);
  // A repeated entry's error (from Save) says what its hint would.
  const hint = [error ? undefined : overlap, entryNote(row.entry, parsed)].filter(Boolean).join(" ") || undefined;
  const noteFull = noteLength(row.note) >= MAX_IP_NOTE_LENGTH;
  const noteHintId = `ip-${index}-note-hint`;
  const errorId = `ip-${index}-error`;
  const hintId = `ip-${index}-hint`;
  return (
    <tr>
      <td>
        <input
          className={readOnly ? "input mono locked" : "input mono"}
          aria-label={`IP address ${index + 1}`}
          value={row.entry}
          readOnly={readOnly}
          aria-invalid={problem ? true : undefined}
          aria-describedby={[problem ? errorId : "", hint ? hintId : ""].join(" ").trim() || undefined}
          onChange={(event) => onChange({ ...row, entry: event.target.value })}
          placeholder={readOnly ? undefined : "203.0.113.10"}
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
          className={readOnly ? "input locked" : "input"}
          aria-label={`Note for IP address ${index + 1}`}
          value={row.note}
          readOnly={readOnly}
          aria-describedby={noteFull ? noteHintId : undefined}
          placeholder={readOnly ? undefined : "e.g. warehouse server"}
          onChange={(event) => onChange({ ...row, note: cutNote(event.target.value) })}
        />
        {noteFull && !readOnly ? (
          <div id={noteHintId} className="hint">
            Notes are at most {MAX_IP_NOTE_LENGTH} characters; the rest was not kept.
          </div>
        ) : null}
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
