// What JSON.stringify would escape in a string: quotes, backslashes, control characters and
// surrogates (a lone one is written as \uXXXX). Most values (ids, addresses, paths) have none.
function needsEscape(text: string) {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 32 || code === 34 || code === 92 || (code >= 0xd800 && code <= 0xdfff)) return true;
  }
  return false;
}

/** `JSON.stringify(text)`, without the serialiser's setup when nothing needs escaping: for JSON built from a template on a hot path. */
export const jsonString = (text: string) => (needsEscape(text) ? JSON.stringify(text) : `"${text}"`);
