const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A header value as a person should read it. Node hands header bytes over one character per byte
 * (Latin-1), so a user agent sent in UTF-8 showed in History and its CSV as `Ã¼nÃ¯cÃ¸dÃ©`, and
 * `＝` brought the control character U+009D with it (a review's find). Bytes that are valid
 * UTF-8 are read as UTF-8; control characters become U+FFFD. Plain ASCII, nearly every value,
 * is returned as it is after one test.
 */
export function headerText(value: string): string {
  if (!/[^\x20-\x7e]/.test(value)) return value;
  let text = value;
  try {
    text = utf8.decode(Buffer.from(value, "latin1"));
  } catch {
    // Not UTF-8: kept as the Latin-1 it was read as.
  }
  return text.replace(/\p{Cc}/gu, "\uFFFD");
}

/**
 * At most `max` characters, a longer text cut to `max - 1` and "…" so a reader knows it goes on
 * (never between the two halves of a surrogate pair).
 */
export function clipped(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\ud800-\udbff]/.test(text.charAt(max - 2)) ? max - 2 : max - 1;
  return `${text.slice(0, end)}…`;
}
