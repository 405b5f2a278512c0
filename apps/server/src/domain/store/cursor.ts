import { invalid } from "../../lib/api-error.ts";

/** Opaque cursors: the last key of the page, base64url-encoded. */
export const encodeCursor = (key: string | number) => Buffer.from(String(key), "utf8").toString("base64url");

export function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, "base64url").toString("utf8");
  if (key === "" || encodeCursor(key) !== cursor) throw invalid({ cursor: "cursor is not valid; use next_cursor from the previous page" });
  return key;
}
