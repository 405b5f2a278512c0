import { useId, useState } from "react";
import { parsePastedList } from "./pasted-list.ts";

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
        <span className="hint">Commas or semicolons also separate entries. Anything after an address becomes its note. Problems are shown on each entry.</span>
      </div>
    </div>
  );
}
