import type { AuditAction, AuditValues } from "@gatehouse/shared";
import { formatDateTime } from "@/lib/format.ts";

/** The audit log in the screens' words, not the code's: "Allowed IPs changed", not allowed_ips.replace. */
export const actionLabels: Record<AuditAction, string> = {
  sign_in: "Signed in",
  sign_in_failed: "Sign-in failed",
  sign_out: "Signed out",
  "user.create": "Admin user added",
  "user.update": "Admin user changed",
  "user.delete": "Admin user deleted",
  "user.lock": "Admin user locked",
  "user.unlock": "Admin user unlocked",
  "credential.create": "API added",
  "credential.update": "API changed",
  "credential.enable": "API enabled",
  "credential.disable": "API disabled",
  "credential.regenerate": "API Key regenerated",
  "credential.end_grace": "Grace period ended",
  "credential.delete": "API deleted",
  "allowed_ips.replace": "Allowed IPs changed",
  "webhook.create": "Webhook endpoint added",
  "webhook.delete": "Webhook endpoint removed",
  "webhook.test": "Webhook test event sent",
  "webhook.resend": "Webhook delivery resent",
};

/** "expiresAt" → "Expires at", "key_length" → "Key length": for anything added before it has words here. */
const humanize = (code: string) => {
  const words = code
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/[._]+/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export const actionLabel = (action: string) => actionLabels[action as AuditAction] ?? humanize(action);

// The credential form's labels (SPEC's screen words) and the Users screen's.
const credentialFields: Record<string, string> = {
  username: "API Username",
  status: "Status",
  scopes: "Permissions",
  expiresAt: "Expires",
  rateLimit: "Rate limit",
  keyPrefix: "API Key",
  allowedIps: "Allowed IPs",
  description: "Used by",
  ipEnforcement: "IP enforcement",
  signingMode: "Request signing",
  signingAlg: "Signing algorithm",
  signingPublicKey: "Public key",
  signingSecretPrefix: "Signing secret",
  keyLength: "Key length",
  grace: "Grace period",
  oldKeyWorksUntil: "Old key works until",
};
const adminFields: Record<string, string> = {
  username: "Username",
  role: "Role",
  status: "Status",
  password: "Password",
  lockedUntil: "Locked until",
  reason: "Reason",
};

export const fieldLabel = (targetType: string, field: string) =>
  (targetType === "credential" ? credentialFields[field] : adminFields[field]) ?? credentialFields[field] ?? adminFields[field] ?? humanize(field);

const graceLabels: Record<string, string> = { none: "None", "1h": "1 hour", "24h": "24 hours", "7d": "7 days" };
const ipEnforcementLabels: Record<string, string> = { enforce: "Enforce", report: "Report only" };
const signingModeLabels: Record<string, string> = { off: "Off", optional: "Optional", required: "Required" };
const whenNull: Record<string, string> = { expiresAt: "Never", rateLimit: "No limit", description: "(empty)" };
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function publicKeyText(jwk: string) {
  try {
    return `Ed25519 ${String((JSON.parse(jwk) as { x?: unknown }).x ?? jwk)}`;
  } catch {
    return jwk;
  }
}

/** A value as the screens show it: dates in local time, "60 per minute", a key as its prefix and "…". */
export function valueText(field: string, value: AuditValues[string] | undefined): string {
  if (value === undefined) return "—";
  if (value === null || value === "") return whenNull[field] ?? "—";
  if (Array.isArray(value)) return value.join(", ") || "(none)";
  if (field === "keyPrefix") return `${String(value)}…`;
  if (field === "rateLimit" && typeof value === "number") return `${value.toLocaleString()} per minute`;
  if (field === "grace") return graceLabels[String(value)] ?? String(value);
  if (field === "ipEnforcement") return ipEnforcementLabels[String(value)] ?? String(value);
  if (field === "signingMode") return signingModeLabels[String(value)] ?? String(value);
  // A secret's first characters, like a key's; a public key as the JWK's x, which tells keys apart.
  if (field === "signingSecretPrefix") return `${String(value)}…`;
  if (field === "signingPublicKey") return publicKeyText(String(value));
  if (field === "role") return String(value).charAt(0).toUpperCase() + String(value).slice(1);
  if (typeof value === "string" && isoDateTime.test(value)) return formatDateTime(value);
  if (value === "enabled" || value === "disabled") return value === "enabled" ? "Enabled" : "Disabled";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  return String(value);
}
