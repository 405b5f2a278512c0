/** postgres.js puts the SQLSTATE on `code`; drizzle wraps it in `cause`. */
export function sqlStateOf(error: unknown): string {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return "";
}
