import { type AddressTraffic, RANGE_MIN_ADDRESSES, suggestAllowedIps } from "@gatehouse/shared";
import { useId, useMemo } from "react";
import { formatDateTime } from "@/lib/format.ts";

type IpSuggestionsProps = {
  traffic: readonly AddressTraffic[];
  /** The valid entries on screen: a suggestion goes away as soon as it is added, before saving. */
  entries: readonly string[];
  readOnly: boolean;
  onAdd: (entry: string) => void;
};

/** Entries to add, from the key's own served calls: an admin allows what the integration really uses. */
export function IpSuggestions({ traffic, entries, readOnly, onAdd }: IpSuggestionsProps) {
  const titleId = useId();
  const suggestions = useMemo(() => suggestAllowedIps(traffic, entries), [traffic, entries]);
  if (suggestions.length === 0) return null;
  return (
    <section className="ip-suggestions" aria-labelledby={titleId}>
      <h2 id={titleId} className="ip-enforcement-title">
        Suggested addresses
      </h2>
      <p className="hint">
        Addresses this key was served from in the last 30 days that the list does not allow yet. {RANGE_MIN_ADDRESSES} or more addresses in one /24 (IPv4) or
        /64 (IPv6) are offered as that range.
      </p>
      <div className="table-wrap">
        <table className="table suggestion-table">
          <thead>
            <tr>
              <th scope="col">Address or range</th>
              <th scope="col" className="num">
                Calls
              </th>
              <th scope="col">Last use</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {suggestions.map((suggestion) => (
              <tr key={suggestion.entry}>
                <td data-label="Address or range">
                  <code>{suggestion.entry}</code>
                  {suggestion.addresses.length > 1 ? (
                    <div className="hint">
                      {suggestion.addresses.length} addresses: {suggestion.addresses.join(", ")}
                    </div>
                  ) : null}
                </td>
                <td className="num" data-label="Calls">
                  {suggestion.calls.toLocaleString()}
                </td>
                <td data-label="Last use">{formatDateTime(suggestion.lastUsedAt)}</td>
                <td className="suggestion-add">
                  {readOnly ? null : (
                    <button type="button" className="button small" aria-label={`Add ${suggestion.entry}`} onClick={() => onAdd(suggestion.entry)}>
                      Add
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
