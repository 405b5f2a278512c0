import { credentialStatusSchema, scopeSchema } from "@gatehouse/shared";
import { useCallback, useEffect, useState } from "react";
import type { UseFormReturn } from "react-hook-form";
import { z } from "zod";
import type { CredentialFormValues } from "./credential-form.ts";

/**
 * Only the fields the admin changed are kept, never the whole form: restoring an untouched field
 * from an old draft would undo someone else's change made meanwhile. The form holds no secret.
 */
const draftSchema = z.object({
  savedAt: z.number(),
  changes: z
    .object({
      username: z.string(),
      description: z.string(),
      status: credentialStatusSchema,
      scopes: z.array(scopeSchema),
      expiresAt: z.string(),
      rateLimit: z.string(),
      keyLength: z.string(),
      allowedIps: z.array(z.object({ entry: z.string(), note: z.string() })),
    })
    .partial(),
});
type Draft = z.infer<typeof draftSchema>;

const storageKey = (adminId: string, credentialId: string | null) => `gatehouse:draft:${adminId}:${credentialId ?? "new"}`;

function changesFrom(values: CredentialFormValues, defaults: Partial<CredentialFormValues> | undefined): Draft["changes"] {
  const changes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    if (JSON.stringify(value) !== JSON.stringify(defaults?.[name as keyof CredentialFormValues])) changes[name] = value;
  }
  return changes as Draft["changes"];
}

function readDraft(key: string): Draft | null {
  try {
    const parsed = draftSchema.safeParse(JSON.parse(sessionStorage.getItem(key) ?? "null"));
    return parsed.success && Object.keys(parsed.data.changes).length > 0 ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Keeps the unsaved changes of the form in this browser tab (sessionStorage) as they are made, so
 * a form left open past the admin session's timeout comes back as it was after signing in again
 * (the sign-in page returns here). Kept per admin: another admin signing in on this tab sees none.
 */
export function useFormDraft(form: UseFormReturn<CredentialFormValues>, adminId: string, credentialId: string | null, enabled: boolean) {
  const key = storageKey(adminId, credentialId);
  // Read once, when the form opens: the draft it finds is the one to bring back.
  const [restored, setRestored] = useState(() => (enabled ? readDraft(key) : null));

  useEffect(() => {
    if (!enabled) return;
    if (restored) form.reset({ ...form.getValues(), ...restored.changes }, { keepDefaultValues: true });
    const subscription = form.watch((values) => {
      const changes = changesFrom(values as CredentialFormValues, form.formState.defaultValues as Partial<CredentialFormValues>);
      if (Object.keys(changes).length === 0) sessionStorage.removeItem(key);
      else sessionStorage.setItem(key, JSON.stringify({ savedAt: Date.now(), changes } satisfies Draft));
    });
    return () => subscription.unsubscribe();
  }, [form, key, enabled, restored]);

  /** After a save, or when the admin chooses to leave or discard the changes. */
  const clear = useCallback(() => {
    sessionStorage.removeItem(key);
    setRestored(null);
  }, [key]);

  return { restoredAt: restored?.savedAt ?? null, clear };
}
