import type { Credential } from "@gatehouse/shared";
import { useCallback, useEffect, useRef, useState } from "react";
import type { UseFormReturn } from "react-hook-form";
import { mergedList, type ListChangedMeanwhile } from "./merged-list.ts";
import { credentialFormValues, type CredentialFormValues } from "./credential-form.ts";

/** What was saved by someone else while the admin had unsaved changes, to say above the form. */
export type ChangedMeanwhile = {
  /** Fields the admin changed too, which Save would overwrite (form field names). */
  overwritten: string[];
  /** The allowed IPs someone else added or removed, now in the admin's list. */
  list: ListChangedMeanwhile;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Keeps an open Edit form in step with changes saved meanwhile (Allow this IP on the History
 * tab, another admin or tab, the CLI): the fields the admin has not touched take the saved
 * values, and an IP list they have edited keeps their edits over the list saved meanwhile
 * (`mergedList`). Save sends an edited list whole, so without this it put a removed address
 * back, or took an added one away, silently. Answers what changed while the admin was editing.
 */
export function useServerChanges(form: UseFormReturn<CredentialFormValues>, credential: Credential | null) {
  const base = useRef(credential);
  const [meanwhile, setMeanwhile] = useState<ChangedMeanwhile | null>(null);
  useEffect(() => {
    const before = base.current;
    if (!credential || !before || credential.updatedAt === before.updatedAt) return;
    base.current = credential;
    const saved = credentialFormValues(before);
    const now = credentialFormValues(credential);
    const mine = form.getValues();
    const edited = (name: keyof CredentialFormValues) => form.getFieldState(name).isDirty;
    const overwritten = (Object.keys(now) as (keyof CredentialFormValues)[]).filter(
      (name) => name !== "allowedIps" && edited(name) && !same(saved[name], now[name]) && !same(mine[name], now[name]),
    );
    const listEdited = edited("allowedIps");
    form.reset(now, { keepDirtyValues: true });
    let list: ListChangedMeanwhile = { added: [], removed: [] };
    if (listEdited) {
      const merged = mergedList(saved.allowedIps, mine.allowedIps, now.allowedIps);
      form.setValue("allowedIps", merged.list, { shouldDirty: true });
      list = merged.changed;
    }
    if (overwritten.length > 0 || list.added.length + list.removed.length > 0) setMeanwhile({ overwritten, list });
  }, [credential, form]);
  const dismiss = useCallback(() => setMeanwhile(null), []);
  return { meanwhile, dismiss };
}
