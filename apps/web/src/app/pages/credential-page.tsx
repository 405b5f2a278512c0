import { zodResolver } from "@hookform/resolvers/zod";
import type { Credential } from "@gatehouse/shared";
import * as Tabs from "@radix-ui/react-tabs";
import { useState } from "react";
import { Controller, useForm, type FieldErrors } from "react-hook-form";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { Loading } from "@/components/ui/loading.tsx";
import { toast } from "@/components/ui/toaster.tsx";
import { useCreateCredential } from "@/features/credentials/api/create-credential.ts";
import { useCredential } from "@/features/credentials/api/get-credential.ts";
import { useUpdateCredential } from "@/features/credentials/api/update-credential.ts";
import {
  credentialFormSchema,
  credentialFormValues,
  emptyCredentialForm,
  toCreateInput,
  toUpdateInput,
  type CredentialFormValues,
} from "@/features/credentials/components/credential-form.ts";
import { DeleteCredentialButton } from "@/features/credentials/components/delete-credential-button.tsx";
import { GeneralTab } from "@/features/credentials/components/general-tab.tsx";
import { KeyDialog } from "@/features/credentials/components/key-dialog.tsx";
import { StatusBadge } from "@/features/credentials/components/status-badge.tsx";
import { HistoryPanel } from "@/features/history/components/history-panel.tsx";
import { IpRulesTab } from "@/features/ip-rules/components/ip-rules-tab.tsx";
import { RequestError } from "@/lib/api-client.ts";
import { paths } from "@/lib/paths.ts";
import { useCan, useSession } from "@/lib/session.ts";
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

const ipErrors = (errors: FieldErrors<CredentialFormValues>) =>
  Object.fromEntries((errors.allowedIps ?? []).flatMap?.((row, index) => (row?.entry?.message ? [[index, row.entry.message]] : [])) ?? []);

function CredentialEditor({ credential }: { credential: Credential | null }) {
  const canWrite = useCan("credentials.write");
  const { currentIp } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = (params.get("tab") as TabName | null) ?? "general";
  const setTab = (next: string) => setParams(next === "general" ? {} : { tab: next }, { replace: true });
  const form = useForm<CredentialFormValues>({
    resolver: zodResolver(credentialFormSchema),
    defaultValues: credential ? credentialFormValues(credential) : emptyCredentialForm,
  });
  // Read during render: react-hook-form only tracks the formState it sees being read.
  const { dirtyFields } = form.formState;
  const create = useCreateCredential();
  const update = useUpdateCredential();
  const [issued, setIssued] = useState<{ id: string; username: string; key: string } | null>(null);

  const showServerErrors = (error: Error) => {
    if (!(error instanceof RequestError) || Object.keys(error.fields).length === 0) return toast.error(error.message);
    for (const [name, message] of Object.entries(error.fields)) form.setError(name as keyof CredentialFormValues, { message });
    if (Object.keys(error.fields).some((name) => name.startsWith("allowedIps"))) setTab("ip");
  };
  const save = form.handleSubmit(
    (values) => {
      if (!credential) {
        return create.mutate(toCreateInput(values), {
          onSuccess: (result) => setIssued({ id: result.credential.id, username: result.credential.username, key: result.key }),
          onError: showServerErrors,
        });
      }
      const changes = toUpdateInput(values, dirtyFields);
      if (Object.keys(changes).length === 0) return toast.info("Nothing to save");
      update.mutate(
        { id: credential.id, ...changes },
        {
          onSuccess: (saved) => {
            form.reset(credentialFormValues(saved));
            toast.success(`Saved ${saved.username}`);
          },
          onError: showServerErrors,
        },
      );
    },
    (errors) => setTab(errors.allowedIps && !errors.username && !errors.rateLimit && !errors.expiresAt ? "ip" : "general"),
  );
  const readOnly = !canWrite;
  const ipErrorCount = Object.keys(ipErrors(form.formState.errors)).length;

  return (
    <form onSubmit={save} noValidate>
      <div className="page-header">
        <div>
          <div className="breadcrumbs">
            <Link to={paths.apis}>APIs</Link> / {credential ? credential.username : "Add New"}
          </div>
          <h1>
            {credential ? credential.username : "Add API"} {credential ? <StatusBadge status={credential.status} expiresAt={credential.expiresAt} /> : null}
          </h1>
        </div>
        <div className="header-actions">
          {credential ? <DeleteCredentialButton credential={credential} /> : null}
          <Link className="button" to={paths.apis}>
            {readOnly ? "Back" : "Cancel"}
          </Link>
          {readOnly ? null : (
            <button type="submit" className="button primary" disabled={create.isPending || update.isPending}>
              {create.isPending || update.isPending ? "Saving…" : "Save"}
            </button>
          )}
        </div>
      </div>
      <div className="card">
        <div className="card-body">
          <Tabs.Root value={tab} onValueChange={setTab}>
            <Tabs.List className="tabs" aria-label="API sections">
              <Tabs.Trigger value="general">General</Tabs.Trigger>
              <Tabs.Trigger value="ip">IP Addresses {ipErrorCount > 0 ? <span className="badge danger">{ipErrorCount}</span> : null}</Tabs.Trigger>
              <Tabs.Trigger value="history" disabled={!credential}>
                History
              </Tabs.Trigger>
            </Tabs.List>
            <Tabs.Content value="general" forceMount hidden={tab !== "general"}>
              <GeneralTab form={form} credential={credential} readOnly={readOnly} />
            </Tabs.Content>
            <Tabs.Content value="ip" forceMount hidden={tab !== "ip"}>
              <Controller
                control={form.control}
                name="allowedIps"
                render={({ field }) => (
                  <IpRulesTab
                    value={field.value}
                    onChange={field.onChange}
                    errors={ipErrors(form.formState.errors)}
                    currentIp={currentIp}
                    readOnly={readOnly}
                  />
                )}
              />
            </Tabs.Content>
            {credential && tab === "history" ? (
              <Tabs.Content value="history">
                <HistoryPanel credentialId={credential.id} canAllow={canWrite} />
              </Tabs.Content>
            ) : null}
          </Tabs.Root>
        </div>
      </div>
      <KeyDialog
        username={issued?.username ?? ""}
        apiKey={issued?.key ?? null}
        onClose={() => {
          if (issued) navigate(paths.api(issued.id), { replace: true });
          setIssued(null);
        }}
      />
    </form>
  );
}
