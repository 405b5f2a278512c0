import { useEffect, useRef, useState, type RefObject } from "react";
import type { Path, UseFormReturn } from "react-hook-form";
import type { CredentialFormValues } from "./credential-form.ts";
import type { FormTab, SaveProblem } from "./save-problems.ts";

export type FieldTarget = Pick<SaveProblem, "field" | "tab">;

/** The input on the IP Addresses tab a target names; the tab's rows are labelled "IP address 3". */
function ipInput(panel: HTMLElement, field: string): HTMLElement | null {
  const row = /^allowedIps\.(\d+)\.(entry|note)$/.exec(field);
  if (row) {
    const label = `${row[2] === "note" ? "Note for " : ""}IP address ${Number(row[1]) + 1}`;
    return panel.querySelector<HTMLElement>(`[aria-label="${label}"]`);
  }
  // The whole list ("allowedIps"): its first control, "Add current IP" unless that is disabled.
  // The IP enforcement switch above it is about the mode, not the list, so it is passed over.
  return panel.querySelector<HTMLElement>("button:not(:disabled):not(.ip-enforcement *), input:not(.ip-enforcement *)");
}

/**
 * Opens the tab that holds a field and puts the cursor in it. The focus waits for the tab to be
 * shown: a field in a hidden tab cannot take it.
 */
export function useGoToField(form: UseFormReturn<CredentialFormValues>, tab: string, setTab: (tab: FormTab) => void, ipPanel: RefObject<HTMLElement | null>) {
  // A new object per request, so asking again for the same field focuses it again.
  const [target, setTarget] = useState<FieldTarget | null>(null);
  const handled = useRef<FieldTarget | null>(null);
  useEffect(() => {
    if (!target || target === handled.current || target.tab !== tab) return;
    handled.current = target;
    if (target.tab === "general") form.setFocus(target.field as Path<CredentialFormValues>, { shouldSelect: false });
    else if (ipPanel.current) ipInput(ipPanel.current, target.field)?.focus();
  }, [target, tab, form, ipPanel]);
  return (next: FieldTarget) => {
    setTarget({ ...next });
    if (next.tab !== tab) setTab(next.tab);
  };
}
