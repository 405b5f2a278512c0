import { apiCalls, apiOutcomes, type ApiCall, type ApiOutcome, type HistoryFilters } from "@gatehouse/shared";
import { outcomeLabels } from "./outcomes.ts";

type FiltersProps = { value: HistoryFilters; onChange: (next: HistoryFilters) => void; byUsername: boolean };

const toIso = (local: string) => (local ? new Date(local).toISOString() : undefined);

/** Call, IP Address, Outcome and date range (and API Username on the Activity page). */
export function HistoryFiltersBar({ value, onChange, byUsername }: FiltersProps) {
  const set = (change: Partial<HistoryFilters>) => onChange({ ...value, ...change });
  return (
    // Enter in a filter must not submit the credential form the History tab sits in.
    <div className="toolbar" role="search" aria-label="Filter history" onKeyDown={(event) => event.key === "Enter" && event.preventDefault()}>
      {byUsername ? (
        <input
          className="input"
          placeholder="API Username"
          aria-label="Filter by API Username"
          maxLength={20}
          onChange={(event) => set({ username: event.target.value.trim() || undefined })}
        />
      ) : null}
      <select
        className="input"
        aria-label="Filter by call"
        value={value.call ?? ""}
        onChange={(event) => set({ call: (event.target.value || undefined) as ApiCall | undefined })}
      >
        <option value="">All calls</option>
        {apiCalls.map((call) => (
          <option key={call} value={call}>
            {call}
          </option>
        ))}
      </select>
      <input
        className="input"
        placeholder="IP Address"
        aria-label="Filter by IP Address"
        maxLength={64}
        onChange={(event) => set({ ip: event.target.value.trim() || undefined })}
      />
      <select
        className="input"
        aria-label="Filter by outcome"
        value={value.outcome ?? ""}
        onChange={(event) => set({ outcome: (event.target.value || undefined) as ApiOutcome | undefined })}
      >
        <option value="">All outcomes</option>
        {apiOutcomes.map((outcome) => (
          <option key={outcome} value={outcome}>
            {outcomeLabels[outcome]}
          </option>
        ))}
      </select>
      <label className="checkbox">
        From <input className="input" type="datetime-local" aria-label="From" onChange={(event) => set({ from: toIso(event.target.value) })} />
      </label>
      <label className="checkbox">
        To <input className="input" type="datetime-local" aria-label="To" onChange={(event) => set({ to: toIso(event.target.value) })} />
      </label>
    </div>
  );
}
