import { zodResolver } from "@hookform/resolvers/zod";
import type { Credential, IssuedKey } from "@gatehouse/shared";
import * as Tabs from "@radix-ui/react-tabs";
import { useEffect, useRef, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { Loading } from "@/components/ui/loading.tsx";
import { useCredential } from "@/features/credentials/api/get-credential.ts";
import {
  credentialFormResolverSchema,
  credentialFormValues,
  emptyCredentialForm,
  type CredentialFormValues,
} from "@/features/credentials/components/credential-form.ts";
import { DeleteCredentialButton } from "@/features/credentials/components/delete-credential-button.tsx";
import { DisableNowButton } from "@/features/credentials/components/disable-now-button.tsx";
import { ChangedMeanwhile } from "@/features/credentials/components/changed-meanwhile.tsx";
import { DraftRestored } from "@/features/credentials/components/draft-restored.tsx";
import { EnableButton } from "@/features/credentials/components/enable-button.tsx";
import { useFormDraft } from "@/features/credentials/components/form-draft.ts";
import { GeneralTab } from "@/features/credentials/components/general-tab.tsx";
import { KeyDialog } from "@/features/credentials/components/key-dialog.tsx";
import { LeaveDialog, unsavedChanges, useLeaveGuard } from "@/features/credentials/components/leave-guard.tsx";
import { SaveProblems } from "@/features/credentials/components/save-problems-banner.tsx";
import { problemsOf } from "@/features/credentials/components/save-problems.ts";
import { StatusBadge } from "@/features/credentials/components/status-badge.tsx";
import { UnusableKeyDialog } from "@/features/credentials/components/unusable-key-dialog.tsx";
import { useCredentialSave } from "@/features/credentials/components/use-credential-save.ts";
import { useGoToField } from "@/features/credentials/components/use-go-to-field.ts";
import { useServerChanges } from "@/features/credentials/components/use-server-changes.ts";
import { listAddress } from "@/features/credentials/list-params.ts";
import { HistoryPanel } from "@/features/history/components/history-panel.tsx";
import { IpRulesTab } from "@/features/ip-rules/components/ip-rules-tab.tsx";
import { RequestError } from "@/lib/api-client.ts";
import { paths } from "@/lib/paths.ts";
import { useCan, useSession } from "@/lib/session.ts";
import { useReportUnsavedWork } from "@/lib/unsaved-work.ts";
import { NotFoundPage } from "./not-found-page.tsx";

type TabName = "general" | "ip" | "history";

/** Add New and Edit: one form across the General and IP Addresses tabs, saved together. */
export function CredentialPage() {
  const { id } = useParams();
  const credential = useCredential(id ?? "");
  if (!id) return <CredentialEditor credential={null} />;
  if (credential.isPending) return <Loading />;
  if (credential.error instanceof RequestError && credential.error.status === 404) return <NotFoundPage />;
  if (credential.isError) throw credential.error;
  return <CredentialEditor key={credential.data.id} credential={credential.data} />;
}

const ipErrors = (problems: ReturnType<typeof problemsOf>) =>
  Object.fromEntries(
    problems.flatMap((problem) => (/^allowedIps\.\d+\.entry$/.test(problem.field) ? [[Number(problem.field.split(".")[1]), problem.message]] : [])),
  );

const countBadge = (count: number) =>
  count > 0 ? (
    <span className="badge danger" aria-label={count === 1 ? "1 problem" : `${count} problems`}>
      {count}
    </span>
  ) : null;

function CredentialEditor({ credential }: { credential: Credential | null }) {
  const canWrite = useCan("credentials.write");
  const readOnly = !canWrite;
  const { currentIp, user } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = (params.get("tab") as TabName | null) ?? "general";
  const setTab = (next: string) => setParams(next === "general" ? {} : { tab: next }, { replace: true });
  const form = useForm<CredentialFormValues>({
    resolver: zodResolver(credentialFormResolverSchema),
    defaultValues: credential ? credentialFormValues(credential) : emptyCredentialForm,
    // Our own focus: the first problem may sit on a hidden tab, which would swallow it.
    shouldFocusError: false,
  });
  const { isDirty, dirtyFields, errors } = form.formState;
  const serverChanges = useServerChanges(form, credential);
  // The role changed to one that cannot save (a refused Save re-checked it): the locked form
  // shows the key as saved, not edits that will not be. The tab's draft keeps them.
  useEffect(() => {
    if (readOnly && form.formState.isDirty) form.reset();
  }, [readOnly, form]);
  const draft = useFormDraft(form, user.id, credential?.id ?? null, !readOnly);
  const guard = useLeaveGuard(isDirty && !readOnly);
  const ipPanel = useRef<HTMLDivElement>(null);
  const goTo = useGoToField(form, tab, setTab, ipPanel);
  const [issued, setIssued] = useState<IssuedKey | null>(null);
  const saving = useCredentialSave({
    form,
    credential,
    goTo,
    onCreated: (result) => (draft.clear(), setIssued(result)),
    onSaved: () => (draft.clear(), serverChanges.dismiss()),
  });
  const unsaved = unsavedChanges(dirtyFields, form.getValues("status"), credential);
  useReportUnsavedWork(isDirty && !readOnly ? unsaved : null);
  const problems = problemsOf(errors);
  const count = (which: "general" | "ip") => problems.filter((problem) => problem.tab === which).length;

  return (
    <form onSubmit={saving.save} noValidate>
      <div className="page-header">
        <div>
          <div className="breadcrumbs">
            <Link to={listAddress()}>APIs</Link> / {credential ? credential.username : "Add New"}
          </div>
          <h1>
            {credential ? credential.username : "Add API"} {credential ? <StatusBadge status={credential.status} expiresAt={credential.expiresAt} /> : null}
          </h1>
        </div>
        <div className="header-actions">
          {credential && canWrite && credential.status === "enabled" ? (
            <DisableNowButton credential={credential} formOpen onDisabled={() => form.resetField("status", { defaultValue: "disabled" })} />
          ) : null}
          {credential && canWrite && credential.status === "disabled" ? (
            <EnableButton credential={credential} onEnabled={() => form.resetField("status", { defaultValue: "enabled" })} />
          ) : null}
          {credential ? <DeleteCredentialButton credential={credential} onDeleted={guard.leaveOnPurpose} /> : null}
          <Link className="button" to={listAddress()}>
            {readOnly ? "Back" : "Cancel"}
          </Link>
          {readOnly ? null : (
            <button type="submit" className="button primary" disabled={saving.pending}>
              {saving.pending ? "Saving…" : "Save"}
            </button>
          )}
        </div>
      </div>
      {draft.restoredAt ? (
        <DraftRestored at={draft.restoredAt} changedOnServer={draft.changedOnServer} onDiscard={() => (form.reset(), draft.clear())} />
      ) : null}
      {serverChanges.meanwhile ? <ChangedMeanwhile changes={serverChanges.meanwhile} onDismiss={serverChanges.dismiss} /> : null}
      {saving.failed ? <SaveProblems problems={problems} message={saving.message} onGoTo={goTo} /> : null}
      <div className="card">
        <div className="card-body">
          <Tabs.Root value={tab} onValueChange={setTab}>
            <Tabs.List className="tabs" aria-label="API sections">
              <Tabs.Trigger value="general">General {countBadge(count("general"))}</Tabs.Trigger>
              <Tabs.Trigger value="ip">IP Addresses {countBadge(count("ip"))}</Tabs.Trigger>
              <Tabs.Trigger value="history">History</Tabs.Trigger>
            </Tabs.List>
            <Tabs.Content value="general" forceMount hidden={tab !== "general"}>
              <GeneralTab form={form} credential={credential} readOnly={readOnly} />
            </Tabs.Content>
            <Tabs.Content value="ip" forceMount hidden={tab !== "ip"} ref={ipPanel}>
              <Controller
                control={form.control}
                name="allowedIps"
                render={({ field }) => (
                  <IpRulesTab
                    value={field.value}
                    onChange={field.onChange}
                    errors={ipErrors(problems)}
                    currentIp={currentIp}
                    readOnly={readOnly}
                    credential={credential}
                  />
                )}
              />
            </Tabs.Content>
            {tab === "history" ? (
              <Tabs.Content value="history">
                {credential ? (
                  <HistoryPanel credentialId={credential.id} canAllow={canWrite} />
                ) : (
                  <p className="empty-tab">
                    History starts once this API is saved: every call made with its key, allowed or refused, is listed here with its address and time.
                  </p>
                )}
              </Tabs.Content>
            ) : null}
          </Tabs.Root>
        </div>
      </div>
      <UnusableKeyDialog
        problem={saving.unusable}
        onClose={saving.closeUnusable}
        onSaveAnyway={saving.saveAnyway}
        onFix={(choice) => goTo(choice === "address" ? { tab: "ip", field: "allowedIps" } : { tab: "general", field: "scopes" })}
      />
      <LeaveDialog blocker={guard.blocker} {...unsaved} onLeave={draft.clear} />
      <KeyDialog
        username={issued?.credential.username ?? ""}
        apiKey={issued?.key ?? null}
        signingSecret={issued?.signingSecret ?? null}
        credential={issued?.credential ?? null}
        onClose={() => {
          if (issued) navigate(paths.api(issued.credential.id), { replace: true });
          setIssued(null);
        }}
      />
    </form>
  );
}
