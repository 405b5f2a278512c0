import { z } from "zod";

/** What a webhook endpoint can ask for (SPEC "Operations"); `webhook.test` is sent by **Send test event** only. */
export const webhookEvents = [
  "credential.created",
  "credential.updated",
  "credential.disabled",
  "credential.deleted",
  "credential.key_regenerated",
  "credential.expiring",
  "credential.new_address",
  "calls.denied_spike",
] as const;
export type WebhookEvent = (typeof webhookEvents)[number];
export type WebhookEventType = WebhookEvent | "webhook.test";

export const MAX_WEBHOOK_URL_LENGTH = 2000;

/**
 * http(s) only, with a host and no user:password (it would be sent in every delivery and shown in
 * every list), and nothing the URL parser would silently drop or rewrite (spaces, tabs, line
 * breaks, a fragment, one slash after the scheme, an IPv4 address in another notation).
 */
export const webhookUrlSchema = z
  .string({ message: "Enter the endpoint URL" })
  .trim()
  .min(1, { message: "Enter the endpoint URL" })
  .max(MAX_WEBHOOK_URL_LENGTH, { message: `The URL must be at most ${MAX_WEBHOOK_URL_LENGTH} characters` })
  .superRefine((value, ctx) => {
    // The URL parser drops tabs and line breaks, so the endpoint listed would not be the one called.
    if (/[\s\p{Cc}]/u.test(value)) return void ctx.addIssue({ code: "custom", message: "The URL cannot contain spaces, tabs or line breaks" });
    const url = URL.canParse(value) ? new URL(value) : null;
    if (!url || !url.hostname) return void ctx.addIssue({ code: "custom", message: "Enter a full URL such as https://example.com/hooks/gatehouse" });
    // The parser also takes http:/host and http:host: the URL listed must be the one called.
    if ((url.protocol !== "https:" && url.protocol !== "http:") || !/^https?:\/\//i.test(value))
      return void ctx.addIssue({ code: "custom", message: "The URL must start with https:// or http://" });
    if (url.username || url.password) ctx.addIssue({ code: "custom", message: "Leave the user name and password out of the URL" });
    if (value.includes("#")) ctx.addIssue({ code: "custom", message: "Leave the #… part out: it is never sent" });
    if (url.port === "0") ctx.addIssue({ code: "custom", message: "Port 0 cannot be called" });
    if (ipv4WrittenOtherwise(value, url.hostname))
      ctx.addIssue({ code: "custom", message: `Write the address as four decimal numbers (${url.hostname}), as it will be called` });
  });

/**
 * Whether the URL names an IPv4 address in a form the parser rewrites (0x7f000001, 2130706433,
 * 127.1, 0177.0.0.1): the endpoint listed would not show the address called.
 */
function ipv4WrittenOtherwise(text: string, hostname: string) {
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(hostname)) return false;
  const authority = text.slice(text.indexOf("//") + 2).split(/[/?#]/, 1)[0] ?? "";
  return authority.split(":", 1)[0]?.toLowerCase() !== hostname;
}

export const createWebhookSchema = z
  .object({
    url: webhookUrlSchema,
    events: z
      .array(z.enum(webhookEvents, { message: "Unknown event" }), { message: "Choose the events to send" })
      .min(1, { message: "Choose at least one event" })
      .max(webhookEvents.length)
      .refine((events) => new Set(events).size === events.length, { message: "Each event once" }),
    /** Denied calls per key and hour that raise `calls.denied_spike`; needed when that event is chosen. */
    deniedThreshold: z
      .number({ message: "Enter a whole number" })
      .int({ message: "Enter a whole number" })
      .min(1, { message: "The threshold must be 1–1,000,000" })
      .max(1_000_000, { message: "The threshold must be 1–1,000,000" })
      .nullable()
      .default(null),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.events.includes("calls.denied_spike") && input.deniedThreshold === null)
      ctx.addIssue({ code: "custom", path: ["deniedThreshold"], message: "Enter how many denied calls per key and hour raise the alert" });
  });
export type CreateWebhookInput = z.input<typeof createWebhookSchema>;

export type WebhookEndpoint = {
  id: string;
  url: string;
  events: WebhookEvent[];
  deniedThreshold: number | null;
  createdAt: string;
};

/** The endpoint and its signing secret, which is in this answer and never again. */
export type CreatedWebhook = { endpoint: WebhookEndpoint; secret: string };

export const webhookDeliveryStates = ["pending", "delivered", "failed"] as const;
export type WebhookDeliveryState = (typeof webhookDeliveryStates)[number];

export type WebhookDelivery = {
  id: number;
  eventId: string;
  eventType: WebhookEventType;
  state: WebhookDeliveryState;
  attempts: number;
  /** HTTP status of the last attempt; null when it got no answer (see `lastError`). */
  lastStatus: number | null;
  lastError: string | null;
  /** How long the last attempt took, in milliseconds. */
  lastDurationMs: number | null;
  createdAt: string;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
};
