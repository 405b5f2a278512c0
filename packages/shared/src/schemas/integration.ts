import { z } from "zod";
import { wholeNumberParam } from "./query.ts";
import { scopeSchema } from "./credential.ts";

/** The integration API's calls, as history names them. */
export const apiCalls = [
  "login",
  "logout",
  "session",
  "products.list",
  "products.get",
  "products.update",
  "orders.list",
  "orders.get",
  "orders.update",
] as const;
export type ApiCall = (typeof apiCalls)[number];

/** How a call ended, as history records it. */
export const apiOutcomes = [
  "ok",
  "unauthorized",
  "disabled",
  "expired",
  "ip_not_allowed",
  /** Served: the address is not on the list, but the key is in Report only ("would have been refused"). */
  "ip_not_listed",
  "insufficient_scope",
  "rate_limited",
  "invalid_token",
  /** Refused with 401 invalid_signature (signed requests): no signature where one is required… */
  "signature_missing",
  /** …a signature that does not verify, names another credential or breaks the gatehouse-v1 profile… */
  "signature_invalid",
  /** …`created` more than 300 s from the server's clock, or past its `expires`… */
  "signature_expired",
  /** …a nonce this key already used within 600 s… */
  "nonce_reused",
  /** …or a body that does not match its signed Content-Digest. */
  "digest_mismatch",
  "error",
] as const;
export type ApiOutcome = (typeof apiOutcomes)[number];

export const loginSchema = z.object({
  username: z.string({ message: "Send the API username" }).min(1, { message: "Send the API username" }).max(64, { message: "The username is too long" }),
  key: z.string({ message: "Send the API key" }).min(1, { message: "Send the API key" }).max(512, { message: "The key is too long" }),
});

export const loginResponseSchema = z.object({
  token: z.string().describe("gt_, 43 random base62 characters and a 6-character checksum (52 in all); send it as Authorization: Bearer"),
  expires_at: z.string(),
  scopes: z.array(scopeSchema),
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const sessionResponseSchema = z.object({
  username: z.string(),
  scopes: z.array(scopeSchema),
  ip: z.string(),
  expires_at: z.string().nullable(),
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

const limitSchema = wholeNumberParam(1, 100, "limit must be a whole number from 1 to 100").default(25);
/** An opaque page cursor from a previous answer (base64url; the server checks what is inside). */
export const cursorSchema = z
  .string()
  .max(200, { message: "cursor is not valid" })
  .regex(/^[A-Za-z0-9_-]+$/, { message: "cursor is not valid" });

export const skuSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, { message: "A SKU is 1–64 letters, digits, . _ or -" });
export const productStatusSchema = z.enum(["enabled", "disabled"], { message: "status is enabled or disabled" });

export const productSchema = z.object({
  sku: z.string(),
  name: z.string(),
  price: z.number(),
  quantity: z.number().int(),
  status: productStatusSchema,
  updated_at: z.string(),
});
export type Product = z.infer<typeof productSchema>;

export const listProductsQuerySchema = z.object({ limit: limitSchema, cursor: cursorSchema.optional() });

export const MAX_PRICE = 10_000_000;
const onlyThese = (fields: string) => ({
  error: (issue: { code?: string }) => (issue.code === "unrecognized_keys" ? `Only ${fields} can be changed` : undefined),
});

/**
 * Whether a price is a whole number of cents, give or take the float error of a client's own
 * arithmetic (19.99 * 100 is 1998.9999999999998): a few units in the last place, relative to the
 * amount. A fixed tolerance let 1e-9 through, to be stored as 0.00.
 */
export const hasCents = (price: number) => {
  const cents = price * 100;
  return Math.abs(cents - Math.round(cents)) <= 4 * Number.EPSILON * Math.abs(cents);
};

const productChanges = {
  quantity: z
    .number({ message: "quantity must be a whole number" })
    .int({ message: "quantity must be a whole number" })
    .min(0, { message: "quantity cannot be negative" })
    .max(1_000_000_000, { message: "quantity is too large" })
    .optional(),
  price: z
    .number({ message: "price must be a number" })
    .min(0, { message: "price cannot be negative" })
    .max(MAX_PRICE, { message: `price can be at most ${MAX_PRICE}` })
    .refine(hasCents, { message: "price has at most two decimals" })
    .optional(),
  status: productStatusSchema.optional(),
};

export const updateProductSchema = z
  .strictObject(productChanges, onlyThese("quantity, price and status"))
  .refine((value) => Object.keys(value).length > 0, { message: "Send at least one of quantity, price, status" });

export const orderStatuses = ["pending", "processing", "shipped", "complete", "canceled"] as const;
export const orderStatusSchema = z.enum(orderStatuses, { message: `status is one of ${orderStatuses.join(", ")}` });

export const orderSchema = z.object({
  id: z.number().int(),
  status: orderStatusSchema,
  customer: z.object({ name: z.string(), email: z.string() }),
  items: z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.number().int(), price: z.number() })),
  total: z.number(),
  currency: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Order = z.infer<typeof orderSchema>;

export const orderIdSchema = z.string().regex(/^[1-9]\d{0,15}$/, { message: "An order id is a positive whole number" });
export const listOrdersQuerySchema = z.object({ status: orderStatusSchema.optional(), limit: limitSchema, cursor: cursorSchema.optional() });
export const updateOrderSchema = z.strictObject({ status: orderStatusSchema }, onlyThese("status"));

export const pageSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next_cursor: z.string().nullable() });
export type ApiPage<T> = { items: T[]; next_cursor: string | null };
