/** A `postgres://` or `postgresql://` URL (DATABASE_URL, `db copy --to`). */
export const isPostgresUrl = (value: string | undefined): value is string =>
  value !== undefined && URL.canParse(value) && /^postgres(ql)?:$/.test(new URL(value).protocol);

/**
 * The URL as it may be printed or put in a command line: without its password, in the URL or as
 * `?password=` (PostgreSQL's tools read it from PGPASSWORD or ~/.pgpass).
 */
export function withoutPassword(url: string) {
  if (!URL.canParse(url)) return "(not a URL)";
  const parsed = new URL(url);
  parsed.password = "";
  parsed.searchParams.delete("password");
  return parsed.toString();
}
