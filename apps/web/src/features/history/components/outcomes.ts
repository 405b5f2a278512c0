import type { ApiOutcome } from "@gatehouse/shared";

export const outcomeLabels: Record<ApiOutcome, string> = {
  ok: "OK",
  unauthorized: "Unauthorized",
  disabled: "Disabled key",
  expired: "Expired key",
  ip_not_allowed: "IP not allowed",
  ip_not_listed: "Would have been refused",
  insufficient_scope: "Missing permission",
  rate_limited: "Rate limited",
  invalid_token: "Invalid token",
  signature_missing: "Signature missing",
  signature_invalid: "Bad signature",
  signature_expired: "Signature too old",
  nonce_reused: "Replayed (nonce reused)",
  digest_mismatch: "Body changed (digest)",
  // Not "Bad request": it is also a 404 for a product that does not exist, a 413 or a 415.
  error: "Request error",
};

/**
 * Chart colours: green for allowed, warm colours for refusals. Each keeps 3:1 against the white
 * chart (WCAG's bar for graphics): the old yellow for Rate limited had 1.7:1. Legend text is
 * never in these colours; it uses the text colour.
 */
export const outcomeColors: Record<ApiOutcome, string> = {
  ok: "#1f9254",
  unauthorized: "#c0392b",
  disabled: "#7f8c8d",
  expired: "#839192",
  ip_not_allowed: "#d9731a",
  ip_not_listed: "#2874a6",
  insufficient_scope: "#8e44ad",
  rate_limited: "#b08a0c",
  invalid_token: "#d35400",
  signature_missing: "#a93226",
  signature_invalid: "#922b21",
  signature_expired: "#9c640c",
  nonce_reused: "#6c3483",
  digest_mismatch: "#b03a2e",
  error: "#5d6475",
};

/** What each outcome means and what to do about it: the Outcome column's help and a row's detail. */
export const outcomeHelp: Record<ApiOutcome, string> = {
  ok: "The call was allowed and answered.",
  unauthorized: "Unknown API Username or wrong key. Check what the integration sends; the key is case-sensitive.",
  disabled: "The right key, but the API is disabled. Enable it on the General tab if this integration should work.",
  expired: "The right key, but past its Expires date. Set a later date or create a new key.",
  ip_not_allowed:
    "The right key, from an address that is not on the allowed list. Allow it only if it is one of your integration's servers; otherwise someone else may have the key.",
  ip_not_listed:
    "Served, because this key is in Report only, but from an address not on the allowed list: in Enforce it would have been refused. Allow it if it is one of your integration's servers.",
  insufficient_scope: "The key lacks the permission this call needs. Add it under Permissions if the integration should make this call.",
  rate_limited: "More calls in a minute than the key's rate limit allows. The integration should wait as its Retry-After header says.",
  invalid_token: "A session token that is unknown, expired after an idle hour, logged out, or sent from another address. The integration should log in again.",
  signature_missing:
    "This key requires signed requests (Request signing: Required on its General tab) and the call had no signature. The integration must sign every call, login and Basic included.",
  signature_invalid:
    "The signature did not verify: wrong private key or signing secret, a keyid that is not this key's API Username, or a signature base built differently. The error message says which; the API reference shows the exact signature base.",
  signature_expired:
    "The signature's created time was more than 300 seconds from the server's clock. Check the integration's clock (NTP) and sign each request just before sending it.",
  nonce_reused:
    "A nonce this key already used in the last 10 minutes: a replayed request, or an integration that reuses nonces. Each request needs a new random nonce.",
  digest_mismatch:
    "The body did not match its signed Content-Digest: it was changed after signing, or the digest was computed over other bytes than were sent.",
  error:
    "The key was fine, the request was not: bad JSON, a missing field or a secret in the URL (400), something that does not exist (404), a body too large (413) or not JSON (415). The HTTP status says which, and the error the integration received says what. Identical calls fold into one row with the last one's status.",
};
