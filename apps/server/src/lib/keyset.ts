import { invalid } from "./api-error.ts";

/**
 * Keyset pagination, one way for every list (products, orders, history, the audit log): fetch
 * `limit + 1` rows after the cursor's key, show `limit`, and hand out the last row's key as the
 * next cursor. Cursors are opaque (base64url of the key), so no client builds or parses one.
 */
export const encodeCursor = (key: string | number) => Buffer.from(String(key), "utf8").toString("base64url");

/** The key inside a cursor this API issued; anything else is a 400 naming the cursor. */
export function decodeCursor(cursor: string, isKey: (key: string) => boolean): string {
  const key = Buffer.from(cursor, "base64url").toString("utf8");
  if (key === "" || encodeCursor(key) !== cursor || !isKey(key)) throw invalid({ cursor: "cursor is not valid; use the next cursor from the previous page" });
  return key;
}

/** The page of rows fetched with `limit + 1`, and the cursor after its last row when more follow. */
export function keysetPage<Row>(rows: Row[], limit: number, keyOf: (row: Row) => string | number): { rows: Row[]; next: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, next: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
