import { encodeCursor } from "../../lib/keyset.ts";

// What a catalog cursor holds: a SKU (1–64 of these characters) or an order id (digits).
const cursorKey = /^[A-Za-z0-9._-]{1,64}$/;
export const isSku = (key: string) => cursorKey.test(key);
export const isOrderId = (key: string) => /^[1-9]\d{0,15}$/.test(key);

/**
 * True for a cursor this API could have issued. A 32-character SKU's cursor has the shape of a
 * token (43 base64url characters), but a token or key decodes to random bytes, never to a SKU.
 */
export function isCatalogCursor(value: string): boolean {
  if (value === "" || value.length > 88) return false;
  const key = Buffer.from(value, "base64url").toString("utf8");
  return cursorKey.test(key) && encodeCursor(key) === value;
}
