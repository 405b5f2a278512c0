import { z } from "zod";
import { wholeNumberParam } from "./query.ts";
import { KEY_MAX_LENGTH, KEY_MIN_LENGTH } from "../key.ts";
import type { AddressTraffic, IpSuggestion } from "../ip/suggest.ts";

export const scopes = ["products:read", "products:write", "orders:read", "orders:write"] as const;
export const scopeSchema = z.enum(scopes, { message: `Use one of ${scopes.join(", ")}` });
export type Scope = z.infer<typeof scopeSchema>;

export const scopeLabels: Record<Scope, string> = {
  "products:read": "Read products",
  "products:write": "Update products (stock, price, status)",
  "orders:read": "Read orders",
  "orders:write": "Update order status",
};

export const apiUsernameSchema = z
  .string({ message: "Enter an API Username" })
  .trim()
  .min(3, { message: "API Username must be 3–20 characters" })
  .max(20, { message: "API Username must be 3–20 characters" })
  .regex(/^[A-Za-z0-9._-]+$/, { message: "Use only letters, digits and . _ -" });

export const credentialStatusSchema = z.enum(["enabled", "disabled"], { message: "Choose Enabled or Disabled" });
export type CredentialStatus = z.infer<typeof credentialStatusSchema>;

/** Enforce refuses a call from an unlisted address; Report only serves it and records it as ip_not_listed. */
export const ipEnforcements = ["enforce", "report"] as const;
export const ipEnforcementSchema = z.enum(ipEnforcements, { message: "Choose enforce or report" });
export type IpEnforcement = z.infer<typeof ipEnforcementSchema>;

/** Request signing (RFC 9421, profile gatehouse-v1): Off, Optional (checked when present) or Required. */
export const signingModes = ["off", "optional", "required"] as const;
export const signingModeSchema = z.enum(signingModes, { message: "Choose off, optional or required" });
export type SigningMode = z.infer<typeof signingModeSchema>;
export const signingAlgs = ["ed25519", "hmac-sha256"] as const;
export const signingAlgSchema = z.enum(signingAlgs, { message: "Choose ed25519 or hmac-sha256" });
export type SigningAlg = z.infer<typeof signingAlgSchema>;
/** A PEM (SPKI) or JWK (OKP, Ed25519) public key as pasted; the server parses it. */
export const PUBLIC_KEY_MAX_LENGTH = 2000;
export const publicKeySchema = z
  .string({ message: "Paste the public key (PEM or JWK)" })
  .trim()
  .min(1, { message: "Paste the public key (PEM or JWK)" })
  .max(PUBLIC_KEY_MAX_LENGTH, { message: `A public key is at most ${PUBLIC_KEY_MAX_LENGTH} characters` });

/**
 * A key's signing settings. With ed25519 the public key may be left out to keep the one already
 * registered; with hmac-sha256 a signing secret is generated when the key has none yet. The
 * algorithm may be left out to keep the key's own (switching back on after Off); a key that has
 * none is told to choose one.
 */
export const signingInputSchema = z
  .object({
    mode: signingModeSchema,
    alg: signingAlgSchema.optional(),
    publicKey: publicKeySchema.optional(),
  })
  .strict()
  .refine((value) => value.publicKey === undefined || value.alg === "ed25519", { message: "A public key is for ed25519 only", path: ["publicKey"] });
export type SigningInput = z.input<typeof signingInputSchema>;

/** What the admin sees of a key's signing: never the secret, only its first characters. */
export type CredentialSigning = {
  mode: SigningMode;
  alg: SigningAlg | null;
  /** The registered ed25519 key as a JWK (`{"kty":"OKP","crv":"Ed25519","x":…}`). */
  publicKey: string | null;
  /** The first 8 characters of the hmac signing secret, or null when there is none. */
  secretPrefix: string | null;
};

export const MAX_RATE_LIMIT = 100_000;
export const rateLimitSchema = z
  .number({ message: "Rate limit must be a whole number" })
  .int({ message: "Rate limit must be a whole number" })
  .min(1, { message: "Rate limit must be at least 1 request per minute" })
  .max(MAX_RATE_LIMIT, { message: `Rate limit can be at most ${MAX_RATE_LIMIT.toLocaleString("en")} requests per minute` });

/** An ISO 8601 date-time; the server also refuses one in the past. */
export const expiresAtSchema = z.iso.datetime({ offset: true, message: "Expires must be a date and time" });

/**
 * Characters that change how the text around them reads without being seen: the ones Unicode
 * says to show as nothing (text-direction controls — the "Trojan Source" ones —, zero-width
 * spaces and joiners, soft hyphens, fillers, tag characters…), line and paragraph separators, a
 * blank braille cell, annotation marks and halves of a character (lone surrogates). A note or a
 * "Used by" with them could pass itself off as another in the list and the audit log. Inside an
 * emoji (a family, a flag, a skin tone) the joiners, selectors and tags that build it are fine.
 */
const disguising = /[\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}\u2800\uFFF9-\uFFFB\uD800-\uDFFF]/u;
// `v` (Unicode sets, for the emoji sequences) is built at run time: the compile target predates it.
const emoji = new RegExp("\\p{RGI_Emoji}", "gv");
const shownAsTyped = (text: string) => !disguising.test(text.replace(emoji, ""));
const invisibleCharacters = (field: string) => `${field} cannot hold invisible characters (text-direction marks, zero-width spaces)`;

/** An allowed IP's note. One line: a line break would split the entry in the one-per-line paste format. */
export const MAX_IP_NOTE_LENGTH = 200;
export const allowedIpNoteSchema = z
  .string()
  .trim()
  .max(MAX_IP_NOTE_LENGTH, { message: `Notes can be at most ${MAX_IP_NOTE_LENGTH} characters` })
  .regex(/^[^\p{Cc}]*$/u, { message: "A note must be one line of text" })
  .refine(shownAsTyped, { message: invisibleCharacters("A note") });

export const allowedIpInputSchema = z.object({
  entry: z.string({ message: "Enter an IP address, a range or *" }).max(100, { message: "Too long for an IP entry" }),
  note: allowedIpNoteSchema.default(""),
});
export type AllowedIpInput = z.input<typeof allowedIpInputSchema>;

/** Also enforced by the server on every write, whichever way the list grows. */
export const MAX_ALLOWED_IPS = 500;
export const tooManyAllowedIps = (count: number) =>
  `An API can have at most ${MAX_ALLOWED_IPS} allowed IPs (this list has ${count}): remove some, or cover several with a range`;
export const allowedIpsSchema = z
  .array(allowedIpInputSchema)
  .max(MAX_ALLOWED_IPS, { error: (issue) => tooManyAllowedIps(Array.isArray(issue.input) ? issue.input.length : MAX_ALLOWED_IPS + 1) });

export const keyLengthSchema = z
  .number({ message: "Key length must be a number" })
  .int({ message: "Key length must be a whole number" })
  .min(KEY_MIN_LENGTH, { message: `Key length must be ${KEY_MIN_LENGTH}–${KEY_MAX_LENGTH}` })
  .max(KEY_MAX_LENGTH, { message: `Key length must be ${KEY_MIN_LENGTH}–${KEY_MAX_LENGTH}` });

/**
 * "Used by": which system uses the key and whom to ask before rotating it (the guide's "maintain
 * a record of which API keys are used by which systems"). One line; it shows in the list.
 */
export const DESCRIPTION_MAX_LENGTH = 200;
export const descriptionSchema = z
  .string({ message: "Used by must be text" })
  .trim()
  .max(DESCRIPTION_MAX_LENGTH, { message: `Used by can be at most ${DESCRIPTION_MAX_LENGTH} characters` })
  .regex(/^[^\p{Cc}]*$/u, { message: "Used by must be one line of text" })
  .refine(shownAsTyped, { message: invisibleCharacters("Used by") });

const uniqueScopes = z
  .array(scopeSchema)
  .max(scopes.length)
  .refine((list) => new Set(list).size === list.length, { message: "Each permission can be listed once" });

export const createCredentialSchema = z.object({
  username: apiUsernameSchema,
  status: credentialStatusSchema.default("enabled"),
  scopes: uniqueScopes.default([]),
  expiresAt: expiresAtSchema.nullable().default(null),
  rateLimit: rateLimitSchema.nullable().default(null),
  allowedIps: allowedIpsSchema.default([]),
  description: descriptionSchema.default(""),
  ipEnforcement: ipEnforcementSchema.default("enforce"),
  keyLength: keyLengthSchema.optional(),
  signing: signingInputSchema.optional(),
});
export type CreateCredentialInput = z.input<typeof createCredentialSchema>;

export const updateCredentialSchema = z
  .object({
    username: apiUsernameSchema.optional(),
    status: credentialStatusSchema.optional(),
    scopes: uniqueScopes.optional(),
    expiresAt: expiresAtSchema.nullable().optional(),
    rateLimit: rateLimitSchema.nullable().optional(),
    allowedIps: allowedIpsSchema.optional(),
    /**
     * The list the new `allowedIps` was edited from (the admin app sends it): when the stored list
     * is no longer that one, someone changed it meanwhile and the save is refused (409) rather
     * than undoing their change. Left out, the list is replaced whatever it holds now.
     */
    allowedIpsBase: allowedIpsSchema.optional(),
    description: descriptionSchema.optional(),
    ipEnforcement: ipEnforcementSchema.optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, { message: "Nothing to change" })
  .refine((value) => value.allowedIpsBase === undefined || value.allowedIps !== undefined, {
    message: "allowedIpsBase goes with allowedIps",
    path: ["allowedIpsBase"],
  });
export type UpdateCredentialInput = z.input<typeof updateCredentialSchema>;

export const gracePeriods = { none: 0, "1h": 3600, "24h": 86_400, "7d": 604_800 } as const;
export type GracePeriod = keyof typeof gracePeriods;
export const regenerateKeySchema = z
  .object({
    grace: z.enum(Object.keys(gracePeriods) as [GracePeriod, ...GracePeriod[]], { message: "Choose none, 1h, 24h or 7d" }).default("none"),
    keyLength: keyLengthSchema.optional(),
  })
  .strict();
export type RegenerateKeyInput = z.input<typeof regenerateKeySchema>;

export const credentialSorts = ["username", "createdAt", "updatedAt", "lastUsedAt"] as const;
export const listCredentialsQuerySchema = z.object({
  search: z.string().trim().max(20, { message: "Search is at most 20 characters" }).optional(),
  status: credentialStatusSchema.optional(),
  sort: z.enum(credentialSorts, { message: "Unknown sort" }).default("username"),
  order: z.enum(["asc", "desc"], { message: "Order is asc or desc" }).default("asc"),
  page: wholeNumberParam(1, 100_000, "Page must be a whole number from 1 to 100,000").default(1),
  pageSize: wholeNumberParam(1, 200, "Page size must be a whole number from 1 to 200").default(25),
});
export type ListCredentialsQuery = z.input<typeof listCredentialsQuerySchema>;

export const bulkActionSchema = z.object({
  action: z.enum(["enable", "disable", "delete"], { message: "Choose enable, disable or delete" }),
  ids: z
    .array(z.string().min(1).max(64), { message: "Choose at least one API" })
    .min(1, { message: "Choose at least one API" })
    .max(500, { message: "At most 500 APIs at once" }),
});

export type AllowedIp = { entry: string; note: string };

export type Credential = {
  id: string;
  username: string;
  keyPrefix: string;
  status: CredentialStatus;
  scopes: Scope[];
  expiresAt: string | null;
  rateLimit: number | null;
  allowedIps: AllowedIp[];
  ipEnforcement: IpEnforcement;
  signing: CredentialSigning;
  /** "Used by": which system uses the key. */
  description: string;
  /** When the current key was made: at creation or the last regeneration. */
  keyIssuedAt: string;
  previousKeyExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
};

export type CredentialListItem = Omit<Credential, "allowedIps"> & { allowedIpCount: number; allowsAnyIp: boolean };

export type CredentialList = { items: CredentialListItem[]; total: number; page: number; pageSize: number };

/** The one response that carries a full key; it is never returned again. */
export type IssuedKey = { credential: Credential; key: string; signingSecret?: string };

/** The one response that carries a full signing secret (hmac-sha256); it is never returned again. */
export type IssuedSigningSecret = { credential: Credential; signingSecret: string };

/**
 * The IP Addresses tab's help for a key: where it was served from in the last 30 days (busiest
 * first), what to add, and how many of the last 7 days' calls the saved list would have refused.
 */
export type IpSuggestions = {
  ipEnforcement: IpEnforcement;
  traffic: AddressTraffic[];
  suggestions: IpSuggestion[];
  wouldBeRefused7d: number;
};
