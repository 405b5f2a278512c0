import { apiOutcomes } from "@gatehouse/shared";
import { HelpTip } from "@/components/ui/help-tip.tsx";
import { outcomeHelp, outcomeLabels } from "./outcomes.ts";

/** Identical calls fold into one row; these say so where the admin wonders about it. */
export function DateModifiedHelp() {
  return (
    <HelpTip label="About Date Modified">
      <p>
        When the row last changed: the time of its <strong>last</strong> call. Identical calls (same key, call, IP address and outcome), each less than a minute
        after the one before, are folded into one row. Date Added is the first of them.
      </p>
    </HelpTip>
  );
}

export function CountHelp() {
  return (
    <HelpTip label="About Count">
      <p>
        How many identical calls the row stands for: same key, call, IP address and outcome, each less than a minute after the one before. A steady integration
        shows as a few rows with high counts.
      </p>
    </HelpTip>
  );
}

export function OutcomeHelp() {
  return (
    <HelpTip label="About Outcome" wide>
      <dl className="outcome-help">
        {apiOutcomes.map((outcome) => (
          <div key={outcome}>
            <dt>{outcomeLabels[outcome]}</dt>
            <dd>{outcomeHelp[outcome]}</dd>
          </div>
        ))}
      </dl>
    </HelpTip>
  );
}
