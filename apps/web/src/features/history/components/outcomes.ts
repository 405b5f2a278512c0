import type { ApiOutcome } from "@gatehouse/shared";

export const outcomeLabels: Record<ApiOutcome, string> = {
  ok: "OK",
  unauthorized: "Unauthorized",
  disabled: "Disabled key",
  expired: "Expired key",
  ip_not_allowed: "IP not allowed",
  insufficient_scope: "Missing permission",
  rate_limited: "Rate limited",
  invalid_token: "Invalid token",
  error: "Bad request",
};

/** Chart colours: green for allowed, warm colours for refusals. */
export const outcomeColors: Record<ApiOutcome, string> = {
  ok: "#1f9254",
  unauthorized: "#c0392b",
  disabled: "#7f8c8d",
  expired: "#95a5a6",
  ip_not_allowed: "#e67e22",
  insufficient_scope: "#8e44ad",
  rate_limited: "#f1c40f",
  invalid_token: "#d35400",
  error: "#5d6475",
};
