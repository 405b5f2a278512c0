import { useId, type ReactNode } from "react";
import { createPortal } from "react-dom";

/**
 * A "?" button that shows a short explanation next to it (a column header's meaning, say).
 * A native popover: it sits above tables that scroll sideways instead of being cut off by them,
 * and closes on Escape or a click elsewhere. Browsers without anchor positioning centre it.
 * The text lives at the end of the page, not in the header, so it is not part of the table's
 * header row (to screen readers and to searches for a row by its text).
 */
export function HelpTip({ label, wide = false, children }: { label: string; wide?: boolean; children: ReactNode }) {
  const id = `help-${useId().replace(/[^A-Za-z0-9-]/g, "")}`;
  return (
    <>
      <button type="button" className="help-tip" aria-label={label} popoverTarget={id} style={{ anchorName: `--${id}` }}>
        <span aria-hidden="true">?</span>
      </button>
      {createPortal(
        <div id={id} popover="auto" className={wide ? "help-pop wide" : "help-pop"} style={{ positionAnchor: `--${id}` }}>
          {children}
        </div>,
        document.body,
      )}
    </>
  );
}
