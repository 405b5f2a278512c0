import type { Credential } from "@gatehouse/shared";
import { useEffect, useRef } from "react";
import type { UseFormReturn } from "react-hook-form";
import { credentialFormValues, type CredentialFormValues } from "./credential-form.ts";

/**
 * Keeps an open Edit form in step with changes saved meanwhile (Allow this IP on the History
 * tab, another admin): the fields the admin has not touched take the saved values, and an IP list
 * they have edited keeps their edits and gains the entries saved since the form was opened. Save
 * sends an edited list whole, so without this it took such an address away again, silently.
 */
export function useServerChanges(form: UseFormReturn<CredentialFormValues>, credential: Credential | null) {
  const base = useRef(credential);
  useEffect(() => {
    const before = base.current;
    if (!credential || !before || credential.updatedAt === before.updatedAt) return;
    base.current = credential;
    const listEdited = form.getFieldState("allowedIps").isDirty;
    const edited = form.getValues("allowedIps");
    form.reset(credentialFormValues(credential), { keepDirtyValues: true });
    if (!listEdited) return;
    const known = new Set([...before.allowedIps.map((ip) => ip.entry), ...edited.map((ip) => ip.entry.trim())]);
    const added = credential.allowedIps.filter((ip) => !known.has(ip.entry)).map((ip) => ({ entry: ip.entry, note: ip.note }));
    if (added.length > 0) form.setValue("allowedIps", [...edited, ...added], { shouldDirty: true });
  }, [credential, form]);
}
