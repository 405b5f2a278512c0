import type { Credential, IssuedKey } from "@gatehouse/shared";
import { useEffect, useState } from "react";
import type { FieldErrors, Path, UseFormReturn } from "react-hook-form";
import { toast } from "@/components/ui/toaster.tsx";
import { isConflict, RequestError } from "@/lib/api-client.ts";
import { useQueryClient } from "@tanstack/react-query";
import { useCreateCredential } from "../api/create-credential.ts";
import { credentialKeys } from "../api/keys.ts";
import { useUpdateCredential } from "../api/update-credential.ts";
import { credentialFormValues, toCreateInput, toUpdateInput, type CredentialFormValues } from "./credential-form.ts";
import { errorsOf, formFieldOf, isFormField, problemCount, problemsOf } from "./save-problems.ts";
import { unusableKey, type UnusableKey } from "./unusable-key-dialog.tsx";
import type { FieldTarget } from "./use-go-to-field.ts";

// One "Not saved" toast at a time, gone once a save goes out again: never beside "Saved".
const SAVE_PROBLEM_TOAST = "credential-save-problem";
// The problems that toast names (a signature); null when none is up. One toast, one value.
let toastSaid: string | null = null;

function sayNotSaved(problems: ReturnType<typeof problemsOf>, serverMessage: string | null) {
  const first = problems[0];
  toastSaid = signatureOf(problems);
  toast.error(first ? `Not saved: ${problemCount(problems.length)}. ${first.label}: ${first.message}` : `Not saved: ${serverMessage ?? "try again"}`, {
    id: SAVE_PROBLEM_TOAST,
  });
}

/** Withdraws the toast, or (given the form's problems now) only once they are not the ones it names. */
function withdrawNotSaved(problemsNow?: string) {
  if (toastSaid === null || toastSaid === problemsNow) return;
  toastSaid = null;
  toast.dismiss(SAVE_PROBLEM_TOAST);
}

const signatureOf = (problems: ReturnType<typeof problemsOf>) =>
  problems
    .map((problem) => `${problem.field}\n${problem.message}`)
    .toSorted()
    .join("\n");

type SaveOptions = {
  form: UseFormReturn<CredentialFormValues>;
  credential: Credential | null;
  goTo: (target: FieldTarget) => void;
  onCreated: (issued: IssuedKey) => void;
  onSaved: () => void;
};

/**
 * Save for Add New and Edit. A failed save, whether the browser or the server found the problem,
 * is never silent: the problems are listed above the tabs, a toast says so wherever the admin is
 * looking, and the first problem's tab opens with the cursor in its field.
 */
export function useCredentialSave({ form, credential, goTo, onCreated, onSaved }: SaveOptions) {
  const create = useCreateCredential();
  const update = useUpdateCredential();
  const queryClient = useQueryClient();
  const [failed, setFailed] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [unusable, setUnusable] = useState<{ problem: UnusableKey; values: CredentialFormValues } | null>(null);
  // Read during render: react-hook-form only tracks the formState it sees being read.
  const { dirtyFields, errors: errorsNow } = form.formState;
  // The "Not saved" toast names the problems of that Save: once the admin fixes or removes one,
  // it would speak of a row that may be gone, so it goes (the banner above the tabs stays current).
  const problemsNow = signatureOf(problemsOf(errorsNow));
  useEffect(() => withdrawNotSaved(problemsNow), [problemsNow]);

  // The errors are passed in: form.formState is the last render's, without the ones just found.
  const fail = (errors: FieldErrors<CredentialFormValues>, serverMessage: string | null) => {
    const problems = problemsOf(errors);
    setFailed(true);
    setMessage(problems.length > 0 ? null : serverMessage);
    sayNotSaved(problems, serverMessage);
    const first = problems[0];
    if (first) goTo(first);
  };

  const onServerError = (error: Error) => {
    // The session ended: the app sends the admin to sign in, and the draft brings the form back.
    if (error instanceof RequestError && error.status === 401)
      return toast.info("Your session has ended. Sign in again: your unsaved changes are kept and come back.");
    // The list was changed meanwhile: the key is read again, and the form lays the admin's
    // edits over it and says what changed (useServerChanges).
    if (isConflict(error) && credential) {
      void queryClient.invalidateQueries({ queryKey: credentialKeys.detail(credential.id) });
      return fail({}, error.message);
    }
    const fields = (error instanceof RequestError ? Object.entries(error.fields) : [])
      .filter(([name]) => isFormField(name))
      .map(([name, fieldMessage]): [string, string] => [formFieldOf(name), fieldMessage]);
    for (const [name, fieldMessage] of fields) form.setError(name as Path<CredentialFormValues>, { type: "server", message: fieldMessage });
    fail(errorsOf(fields), error.message);
  };

  const persist = (values: CredentialFormValues) => {
    setFailed(false);
    setMessage(null);
    withdrawNotSaved();
    if (!credential) {
      return create.mutate(toCreateInput(values), {
        onSuccess: (issued) => {
          form.reset(credentialFormValues(issued.credential));
          onCreated(issued);
        },
        onError: onServerError,
      });
    }
    // What the form was loaded with, or last took from the server (useServerChanges).
    const opened = form.formState.defaultValues as CredentialFormValues;
    const changes = toUpdateInput(values, dirtyFields, opened);
    if (Object.keys(changes).length === 0) return toast.info("Nothing to save");
    update.mutate(
      { id: credential.id, ...changes },
      {
        onSuccess: (saved) => {
          form.reset(credentialFormValues(saved));
          onSaved();
          toast.success(`Saved ${saved.username}`);
        },
        onError: onServerError,
      },
    );
  };

  const save = form.handleSubmit(
    (values) => {
      const problem = unusableKey(values, credential?.ipEnforcement === "report");
      // On Edit, asked only when this save is what leaves the key unusable (or keeps it so on purpose).
      const touches = !credential || dirtyFields.allowedIps || dirtyFields.scopes || dirtyFields.status;
      if (problem && touches) return setUnusable({ problem, values });
      persist(values);
    },
    (errors) => fail(errors, null),
  );

  return {
    save,
    pending: create.isPending || update.isPending,
    failed,
    message,
    unusable: unusable?.problem ?? null,
    closeUnusable: () => setUnusable(null),
    saveAnyway: () => {
      if (unusable) persist(unusable.values);
      setUnusable(null);
    },
  };
}
