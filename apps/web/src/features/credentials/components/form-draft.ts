import { credentialStatusSchema, scopeSchema } from "@gatehouse/shared";
import { useCallback, useEffect, useState } from "react";
import type { UseFormReturn } from "react-hook-form";
import { z } from "zod";
import type { CredentialFormValues } from "./credential-form.ts";
import { mergedList } from "./merged-list.ts";

/**
 * Only the fields the admin changed are kept, never the whole form: restoring an untouched field
 * from an old draft would undo someone else's change made meanwhile. The form holds no secret.
 */
const fieldsSchema = z
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
  .partial();

/**
 * `bases` holds what the changed fields were saved as when the draft was made: a field saved
 * differently since (another admin, the CLI) is named when the draft comes back, so Save does not
 * overwrite that change without a word.
 */
const draftSchema = z.object({ savedAt: z.number(), changes: fieldsSchema, bases: fieldsSchema.default({}) });
type Draft = z.infer<typeof draftSchema>;
type Fields = Draft["changes"];

const storageKey = (adminId: string, credentialId: string | null) => `gatehouse:draft:${adminId}:${credentialId ?? "new"}`;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields that differ from the saved values, and what those were saved as. */
function draftOf(values: CredentialFormValues, defaults: Partial<CredentialFormValues> | undefined): Pick<Draft, "changes" | "bases"> {
  const changes: Record<string, unknown> = {};
  const bases: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const saved = defaults?.[name as keyof CredentialFormValues];
    if (same(value, saved)) continue;
    changes[name] = value;
    bases[name] = saved;
  }
  return { changes: changes as Fields, bases: bases as Fields };
}

/**
 * The draft's changes as they come back: an edited IP list is laid over the list saved since
 * (`mergedList`), so an address someone removed meanwhile is not put back, nor one they added
 * taken away.
 */
function restoredChanges(draft: Draft, defaults: Partial<CredentialFormValues> | undefined): Fields {
  const { allowedIps: mine } = draft.changes;
  const base = draft.bases.allowedIps;
  if (!mine || !base || !defaults?.allowedIps) return draft.changes;
  return { ...draft.changes, allowedIps: mergedList(base, mine, defaults.allowedIps).list };
}

/** The draft's fields whose saved value changed since the draft was made. */
const changedSince = (draft: Draft, defaults: Partial<CredentialFormValues> | undefined) =>
  Object.keys(draft.bases).filter((name) => !same(draft.bases[name as keyof Fields], defaults?.[name as keyof CredentialFormValues]));

const pick = (fields: Fields, names: string[]) => Object.fromEntries(Object.entries(fields).filter(([name]) => names.includes(name))) as Fields;

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
  const [changedOnServer] = useState(() => (restored ? changedSince(restored, form.formState.defaultValues as Partial<CredentialFormValues>) : []));

  useEffect(() => {
    if (!enabled) return;
    if (restored) {
      const changes = restoredChanges(restored, form.formState.defaultValues as Partial<CredentialFormValues>);
      form.reset({ ...form.getValues(), ...changes }, { keepDefaultValues: true });
    }
    const subscription = form.watch((values) => {
      const draft = draftOf(values as CredentialFormValues, form.formState.defaultValues as Partial<CredentialFormValues>);
      if (Object.keys(draft.changes).length === 0) sessionStorage.removeItem(key);
      else {
        // A field the draft already held keeps the base it was first changed from.
        const bases = { ...draft.bases, ...pick(restored?.bases ?? {}, Object.keys(draft.changes)) };
        sessionStorage.setItem(key, JSON.stringify({ savedAt: Date.now(), changes: draft.changes, bases } satisfies Draft));
      }
    });
    return () => subscription.unsubscribe();
  }, [form, key, enabled, restored]);

  /** After a save, or when the admin chooses to leave or discard the changes. */
  const clear = useCallback(() => {
    sessionStorage.removeItem(key);
    setRestored(null);
  }, [key]);

  return { restoredAt: restored?.savedAt ?? null, changedOnServer: restored ? changedOnServer : [], clear };
}
