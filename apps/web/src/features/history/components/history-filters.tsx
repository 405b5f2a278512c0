import { apiCalls, apiOutcomes } from "@gatehouse/shared";
import { cloneElement, useId, type ReactElement } from "react";
import { AddressInput } from "@/components/ui/address-input.tsx";
import type { FilterFields } from "../filter-fields.ts";
import { outcomeLabels } from "./outcomes.ts";

type FiltersProps = {
  value: FilterFields;
  /** What is wrong with a filter, by field, shown under it; the list is not asked for meanwhile. */
  problems: Partial<Record<keyof FilterFields, string>>;
  onChange: (next: Partial<FilterFields>, options?: { replace?: boolean }) => void;
  byUsername: boolean;
};

/** A filter with what is wrong with it underneath, wired for screen readers as a form field is. */
function Checked({ problem, children }: { problem: string | undefined; children: ReactElement<Record<string, unknown>> }) {
  const id = useId();
  return (
    <div className="filter-field">
      {cloneElement(children, { "aria-invalid": problem ? true : undefined, "aria-describedby": problem ? id : undefined })}
      {problem ? (
        <span id={id} className="error" role="alert">
          {problem}
        </span>
      ) : null}
    </div>
  );
}

/** Call, IP Address, Outcome and date range (and API Username on the Activity page). */
export function HistoryFiltersBar({ value, problems, onChange, byUsername }: FiltersProps) {
  // Typing replaces the address; a choice from a list is a step Back can undo.
  const type = (change: Partial<FilterFields>) => onChange(change, { replace: true });
  return (
    // Enter in a filter must not submit the credential form the History tab sits in.
    <div className="toolbar" role="search" aria-label="Filter history" onKeyDown={(event) => event.key === "Enter" && event.preventDefault()}>
      {byUsername ? (
        <Checked problem={problems.username}>
          {/* An exact match on an index; a part of a name would read every unknown-username row. */}
          <AddressInput
            className="input"
            placeholder="API Username (exact)"
            aria-label="Filter by API Username"
            maxLength={20}
            value={value.username}
            onValue={(username) => type({ username })}
          />
        </Checked>
      ) : null}
      <select className="input" aria-label="Filter by call" value={value.call} onChange={(event) => onChange({ call: event.target.value })}>
        <option value="">All calls</option>
        {apiCalls.map((call) => (
          <option key={call} value={call}>
            {call}
          </option>
        ))}
      </select>
      <Checked problem={problems.ip}>
        <AddressInput
          className="input"
          placeholder="One IP address"
          aria-label="Filter by IP Address"
          maxLength={64}
          value={value.ip}
          onValue={(ip) => type({ ip })}
        />
      </Checked>
      <select className="input" aria-label="Filter by outcome" value={value.outcome} onChange={(event) => onChange({ outcome: event.target.value })}>
        <option value="">All outcomes</option>
        {apiOutcomes.map((outcome) => (
          <option key={outcome} value={outcome}>
            {outcomeLabels[outcome]}
          </option>
        ))}
      </select>
      <label className="checkbox">
        From <AddressInput className="input" type="datetime-local" aria-label="From" value={value.from} onValue={(from) => type({ from })} />
      </label>
      <label className="checkbox">
        To{" "}
        <Checked problem={problems.to}>
          <AddressInput className="input" type="datetime-local" aria-label="To" value={value.to} onValue={(to) => type({ to })} />
        </Checked>
      </label>
    </div>
  );
}
