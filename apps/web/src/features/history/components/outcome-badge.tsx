import type { ApiOutcome } from "@gatehouse/shared";
import { outcomeLabels } from "./outcomes.ts";

export function OutcomeBadge({ outcome }: { outcome: ApiOutcome }) {
  const tone =
    outcome === "ok"
      ? "ok"
      : outcome === "error"
        ? ""
        : outcome === "rate_limited" || outcome === "ip_not_allowed" || outcome === "ip_not_listed"
          ? "warn"
          : "danger";
  return <span className={`badge ${tone}`}>{outcomeLabels[outcome]}</span>;
}
