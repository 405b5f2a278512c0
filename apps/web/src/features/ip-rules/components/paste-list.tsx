import { useId, useState } from "react";

/** One entry per line; text after the address (after a space or #) becomes its note. */
export function parsePastedList(text: string) {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => {
      const match = /^(\S+)\s*(?:#\s*)?(.*)$/.exec(line);
      return { entry: match?.[1] ?? line, note: (match?.[2] ?? "").trim() };
    });
}

export function PasteList({ onAdd }: { onAdd: (rows: { entry: string; note: string }[]) => void }) {
  const [text, setText] = useState("");
  const id = useId();
  const rows = parsePastedList(text);
  return (
    <div className="field paste-list">
      <label htmlFor={id}>Paste IP addresses, one per line</label>
      <textarea
        id={id}
        className="input mono"
        rows={6}
        value={text}
        placeholder={"203.0.113.10 warehouse\n198.51.100.0/24 # office\n2001:db8::1"}
        onChange={(event) => setText(event.target.value)}
      />
      <div className="button-row">
        <button type="button" className="button primary" disabled={rows.length === 0} onClick={() => onAdd(rows)}>
          {rows.length === 1 ? "Add 1 entry" : `Add ${rows.length} entries`}
        </button>
        <span className="hint">Anything after the address on a line becomes its note. Problems are shown on each entry.</span>
      </div>
    </div>
  );
}
