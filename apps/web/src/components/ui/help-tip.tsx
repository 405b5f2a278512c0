import { useId, type ReactNode } from "react";

/**
 * A "?" button that shows a short explanation next to it (a column header's meaning, say).
 * A native popover: it sits above tables that scroll sideways instead of being cut off by them,
 * and closes on Escape or a click elsewhere. Browsers without anchor positioning centre it.
 */
export function HelpTip({ label, wide = false, children }: { label: string; wide?: boolean; children: ReactNode }) {
  const id = `help-${useId().replace(/[^A-Za-z0-9-]/g, "")}`;
  return (
    <>
      <button type="button" className="help-tip" aria-label={label} popoverTarget={id} style={{ anchorName: `--${id}` }}>
        <span aria-hidden="true">?</span>
      </button>
      <div id={id} popover="auto" className={wide ? "help-pop wide" : "help-pop"} style={{ positionAnchor: `--${id}` }}>
        {children}
      </div>
    </>
  );
}
