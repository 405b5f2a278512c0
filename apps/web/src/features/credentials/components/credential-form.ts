import {
  allowedIpInputSchema,
  allowedIpNoteSchema,
  apiUsernameSchema,
  credentialStatusSchema,
  descriptionSchema,
  KEY_DEFAULT_LENGTH,
  KEY_MAX_LENGTH,
  KEY_MIN_LENGTH,
  MAX_RATE_LIMIT,
  parseIpRule,
  repeatedEntries,
  scopeSchema,
  type Credential,
  type CreateCredentialInput,
  type UpdateCredentialInput,
  signingAlgSchema,
  signingModeSchema,
} from "@gatehouse/shared";
import { publicKeyProblem } from "./public-key-shape.ts";
import { z } from "zod";

/**
 * A number typed (or pasted) in a text field, spaces around it allowed: null when the field is
 * empty, NaN when it is not a whole number.
 */
const wholeNumber = (typed: string): number | null => {
  const text = typed.trim();
  return text === "" ? null : /^\d+$/.test(text) ? Number(text) : Number.NaN;
};
const isBetween = (value: number | null, lowest: number, highest: number) => value !== null && value >= lowest && value <= highest;

/** The form as the browser holds it: text inputs are strings until saved. */
export const credentialFormSchema = z.object({
  username: apiUsernameSchema,
  description: descriptionSchema,
  status: credentialStatusSchema,
  scopes: z.array(scopeSchema),
  expiresAt: z.string().refine((value) => value === "" || new Date(value).getTime() > Date.now(), { message: "Expires must be in the future" }),
  rateLimit: z.string().refine((typed) => wholeNumber(typed) === null || isBetween(wholeNumber(typed), 1, MAX_RATE_LIMIT), {
    message: `Rate limit must be a whole number from 1 to ${MAX_RATE_LIMIT.toLocaleString("en")}`,
  }),
  /** Only sent when the key is made (Add New); Regenerate key asks again. */
  keyLength: z.string().refine((typed) => isBetween(wholeNumber(typed), KEY_MIN_LENGTH, KEY_MAX_LENGTH), {
    message: `Key length must be a whole number from ${KEY_MIN_LENGTH} to ${KEY_MAX_LENGTH}`,
  }),
  /** Request signing, set with the key on Add New (the General tab's own section changes it later). */
  signingMode: signingModeSchema,
  signingAlg: signingAlgSchema,
  signingPublicKey: z.string(),
  allowedIps: z.array(
    allowedIpInputSchema.extend({
      entry: z.string().superRefine((entry, ctx) => {
        const parsed = parseIpRule(entry);
        if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.error });
      }),
      note: allowedIpNoteSchema,
    }),
  ),
});
export type CredentialFormValues = z.infer<typeof credentialFormSchema>;

/**
 * The whole-form checks: an entry the list already has (the server refuses it), and an ed25519
 * key needs a public key that looks like one. They run beside the fields' own checks, so one
 * Save names an invalid entry and a repeated one together.
 */
export const credentialFormResolverSchema = credentialFormSchema.superRefine((values, ctx) => {
  for (const [index, message] of repeatedEntries(values.allowedIps.map((ip) => ip.entry))) {
    ctx.addIssue({ code: "custom", path: ["allowedIps", index, "entry"], message });
  }
  if (values.signingMode === "off" || values.signingAlg !== "ed25519") return;
  const problem = publicKeyProblem(values.signingPublicKey);
  if (problem) ctx.addIssue({ code: "custom", path: ["signingPublicKey"], message: problem });
});

const pad = (n: number) => String(n).padStart(2, "0");
/** ISO → the value a datetime-local input shows, in the browser's time zone. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export const emptyCredentialForm: CredentialFormValues = {
  username: "",
  description: "",
  status: "enabled",
  scopes: [],
  expiresAt: "",
  rateLimit: "",
  keyLength: String(KEY_DEFAULT_LENGTH),
  signingMode: "off",
  signingAlg: "ed25519",
  signingPublicKey: "",
  allowedIps: [],
};

export const credentialFormValues = (credential: Credential): CredentialFormValues => ({
  username: credential.username,
  description: credential.description,
  status: credential.status,
  scopes: credential.scopes,
  expiresAt: toLocalInput(credential.expiresAt),
  rateLimit: credential.rateLimit === null ? "" : String(credential.rateLimit),
  keyLength: String(KEY_DEFAULT_LENGTH),
  signingMode: credential.signing.mode,
  signingAlg: credential.signing.alg ?? "ed25519",
  signingPublicKey: "",
  allowedIps: credential.allowedIps.map((ip) => ({ entry: ip.entry, note: ip.note })),
});

export function toCreateInput(values: CredentialFormValues): CreateCredentialInput {
  return {
    username: values.username.trim(),
    description: values.description.trim(),
    status: values.status,
    scopes: values.scopes,
    expiresAt: values.expiresAt ? new Date(values.expiresAt).toISOString() : null,
    rateLimit: wholeNumber(values.rateLimit),
    allowedIps: values.allowedIps.map((ip) => ({ entry: ip.entry.trim(), note: ip.note.trim() })),
    keyLength: Number(values.keyLength.trim()),
    ...(values.signingMode === "off"
      ? {}
      : {
          signing: {
            mode: values.signingMode,
            alg: values.signingAlg,
            ...(values.signingAlg === "ed25519" ? { publicKey: values.signingPublicKey } : {}),
          },
        }),
  };
}

/**
 * Only what the admin changed, so an untouched past expiry does not block saving other fields. An
 * edited list goes with the list it was edited from (`saved`): the server refuses it (409) if
 * someone changed the list meanwhile, rather than undo their change.
 */
export function toUpdateInput(
  values: CredentialFormValues,
  dirty: Partial<Record<keyof CredentialFormValues, unknown>>,
  saved: Pick<CredentialFormValues, "allowedIps">,
): UpdateCredentialInput {
  const all = toCreateInput(values);
  const changed: UpdateCredentialInput = {};
  if (dirty.username) changed.username = all.username;
  if (dirty.description) changed.description = all.description ?? "";
  if (dirty.status) changed.status = all.status;
  if (dirty.scopes) changed.scopes = all.scopes;
  if (dirty.expiresAt) changed.expiresAt = all.expiresAt ?? null;
  if (dirty.rateLimit) changed.rateLimit = all.rateLimit ?? null;
  if (dirty.allowedIps) {
    changed.allowedIps = all.allowedIps;
    changed.allowedIpsBase = saved.allowedIps;
  }
  return changed;
}
