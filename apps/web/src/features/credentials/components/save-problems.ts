import type { FieldErrors } from "react-hook-form";
import type { CredentialFormValues } from "./credential-form.ts";

export type FormTab = "general" | "ip";
export type SaveProblem = { field: string; label: string; message: string; tab: FormTab };

/** The General tab's fields in the order they appear, so "the first problem" is the first one seen. */
const generalFields: [keyof CredentialFormValues, string][] = [
  ["username", "API Username"],
  ["description", "Used by"],
  ["keyLength", "Key length"],
  ["status", "Status"],
  ["scopes", "Permissions"],
  ["expiresAt", "Expires"],
  ["rateLimit", "Rate limit"],
  ["signingMode", "Request signing"],
  ["signingAlg", "Signing algorithm"],
  ["signingPublicKey", "Public key"],
];

const formFields = new Set<string>([...generalFields.map(([name]) => name), "allowedIps", "signing"]);

/** The server names the signing input's fields signing.mode, signing.alg, signing.publicKey. */
const signingFields: Record<string, keyof CredentialFormValues> = { mode: "signingMode", alg: "signingAlg", publicKey: "signingPublicKey" };

/** Whether a field named by the server (e.g. "allowedIps.3.entry", "scopes.0") is one the form shows. */
export const isFormField = (name: string) => formFields.has(name.split(".")[0] ?? "");

/** The server names a list item ("scopes.0"); the form shows the list as one field. */
export const formFieldOf = (name: string) =>
  name.startsWith("allowedIps") ? name : name.startsWith("signing") ? (signingFields[name.split(".")[1] ?? ""] ?? "signingMode") : (name.split(".")[0] ?? name);

type Message = { message?: string | undefined } | undefined;

/** Field errors named by path ("allowedIps.3.entry") in react-hook-form's nested shape, for problemsOf. */
export function errorsOf(fields: [string, string][]): FieldErrors<CredentialFormValues> {
  const errors: Record<string, unknown> = {};
  for (const [path, message] of fields) {
    const parts = path.split(".");
    let node: Record<string, unknown> = errors;
    parts.forEach((part, index) => {
      if (index === parts.length - 1) node[part] = { ...(node[part] as object), message };
      else node = (node[part] ??= /^\d+$/.test(parts[index + 1] ?? "") ? [] : {}) as Record<string, unknown>;
    });
  }
  return errors as FieldErrors<CredentialFormValues>;
}
type IpRowErrors = { entry?: Message; note?: Message } | undefined;

/** Every problem in the form, General's first and then the IP rows', each with the tab that shows it. */
export function problemsOf(errors: FieldErrors<CredentialFormValues>): SaveProblem[] {
  const problems: SaveProblem[] = [];
  for (const [name, label] of generalFields) {
    const message = (errors[name] as Message)?.message;
    if (message) problems.push({ field: name, label, message, tab: "general" });
  }
  const ips = errors.allowedIps as (IpRowErrors[] & { message?: string; root?: Message }) | undefined;
  const listMessage = ips?.message ?? ips?.root?.message;
  if (listMessage) problems.push({ field: "allowedIps", label: "IP Addresses", message: listMessage, tab: "ip" });
  (Array.isArray(ips) ? ips : []).forEach((row: IpRowErrors, index) => {
    if (row?.entry?.message) problems.push({ field: `allowedIps.${index}.entry`, label: `IP address ${index + 1}`, message: row.entry.message, tab: "ip" });
    if (row?.note?.message)
      problems.push({ field: `allowedIps.${index}.note`, label: `Note for IP address ${index + 1}`, message: row.note.message, tab: "ip" });
  });
  return problems;
}

export const problemCount = (count: number) => (count === 1 ? "1 problem" : `${count} problems`);
