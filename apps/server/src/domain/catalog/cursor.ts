import { invalid } from "../../lib/api-error.ts";

/** Opaque cursors: the last key of the page, base64url-encoded. */
export const encodeCursor = (key: string | number) => Buffer.from(String(key), "utf8").toString("base64url");

export function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, "base64url").toString("utf8");
  if (key === "" || encodeCursor(key) !== cursor) throw invalid({ cursor: "cursor is not valid; use next_cursor from the previous page" });
  return key;
}

// What a cursor encodes: a SKU (1–64 of these characters) or an order id (digits).
const cursorKey = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * True for a cursor this API could have issued. A 32-character SKU's cursor has the shape of a
 * token (43 base64url characters), but a token or key decodes to random bytes, never to a SKU.
 */
export function isCatalogCursor(value: string): boolean {
  if (value === "" || value.length > 88) return false;
  const key = Buffer.from(value, "base64url").toString("utf8");
  return cursorKey.test(key) && encodeCursor(key) === value;
}
