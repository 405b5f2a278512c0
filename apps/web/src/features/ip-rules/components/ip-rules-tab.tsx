import { ipCoverage, overlapHints, parseIpRule, repeatedRules, type AllowedIpInput, type Credential } from "@gatehouse/shared";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { ipSuggestionsQuery } from "../api/get-ip-suggestions.ts";
import { CurrentIp } from "./current-ip.tsx";
import { IpEnforcementPanel } from "./ip-enforcement.tsx";
import { IpSuggestions } from "./ip-suggestions.tsx";
import { IpRuleRow } from "./ip-rule-row.tsx";
import { OpenListBanner } from "./open-list-banner.tsx";
import { PasteList } from "./paste-list.tsx";

type Entry = { entry: string; note: string };

type IpRulesTabProps = {
  value: Entry[];
  onChange: (next: Entry[]) => void;
  /** Errors from saving, by row. */
  errors: Record<number, string | undefined>;
  currentIp: string;
  readOnly: boolean;
  /** The saved key; null on Add New, which has no calls to learn from yet. */
  credential: Pick<Credential, "id" | "username" | "ipEnforcement" | "allowedIps"> | null;
};

const SUGGESTED_NOTE = "Suggested from its calls";

const sameList = (a: readonly Entry[], b: readonly Entry[]) =>
  a.length === b.length && a.every((row, at) => row.entry.trim() === b[at]?.entry && row.note.trim() === b[at]?.note);

const parsedRule = (entry: string) => {
  const parsed = parseIpRule(entry);
  return parsed.ok ? parsed.rule : null;
};
const normalized = (entry: string) => parsedRule(entry)?.text ?? null;

/** The allowed IPs of one credential: edit, add the current IP, paste many, see problems at once. */
export function IpRulesTab({ value, onChange, errors, currentIp, readOnly, credential }: IpRulesTabProps) {
  const [pasting, setPasting] = useState(false);
  const traffic = useQuery({ ...ipSuggestionsQuery(credential?.id ?? ""), enabled: credential !== null });
  // Each entry is parsed once per change, and hints are keyed by row: a pasted list of 10,000
  // entries stays responsive (looking rows up by position was quadratic).
  const parsed = useMemo(() => value.map((row) => parsedRule(row.entry)), [value]);
  const rules = useMemo(() => parsed.map((rule) => rule?.text ?? null), [parsed]);
  const { valid, hints, coverage } = useMemo(() => {
    const validIndexes = rules.flatMap((rule, index) => (rule !== null ? [index] : []));
    const validRules = rules.filter((rule) => rule !== null);
    const byRow = new Map(overlapHints(validRules).map((hint) => [validIndexes[hint.index], hint.message]));
    // A repeat is said in the words Save's error would use, naming the row it repeats.
    for (const [index, message] of repeatedRules(parsed)) byRow.set(index, message);
    return { valid: validRules, hints: byRow, coverage: ipCoverage(validRules) };
  }, [parsed, rules]);
  const currentNormalized = normalized(currentIp);
  const alreadyHasCurrent = currentNormalized !== null && rules.includes(currentNormalized);
  const update = (index: number, row: Entry) => onChange(value.map((existing, at) => (at === index ? row : existing)));
  const add = (rows: AllowedIpInput[]) => onChange([...value, ...rows.map((row) => ({ entry: row.entry, note: row.note ?? "" }))]);

  const reportOnly = credential?.ipEnforcement === "report";

  return (
    <div>
      {credential ? (
        <IpEnforcementPanel
          credential={credential}
          wouldBeRefused={traffic.data?.wouldBeRefused7d}
          listUnsaved={!sameList(value, credential.allowedIps)}
          readOnly={readOnly}
        />
      ) : null}
      <CurrentIp
        currentIp={currentIp}
        valid={currentNormalized !== null}
        alreadyListed={alreadyHasCurrent}
        readOnly={readOnly}
        onAdd={() => add([{ entry: currentIp, note: "" }])}
      />
      {value.length === 0 ? (
        <div className="banner warn" role="status">
          {reportOnly
            ? "The list is empty: in Report only every call is served and marked “would have been refused”. Add the servers that call your store."
            : "No address can use this key until you add one. Add the static IP addresses of the servers that call your store."}
        </div>
      ) : null}
      <OpenListBanner entries={valid} coverage={coverage} />
      {value.length > 0 ? (
        <table className="table ip-table">
          {/* Fixed widths: a row's error message wraps inside its cell instead of widening every row. */}
          <colgroup>
            <col className="ip-entry-col" />
            <col />
            <col className="ip-remove-col" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">IP address, range or *</th>
              <th scope="col">Note</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {value.map((row, index) => (
              <IpRuleRow
                // Rows have no id until saved; position is their identity while editing.
                key={index}
                index={index}
                row={row}
                readOnly={readOnly}
                error={errors[index]}
                hint={hints.get(index)}
                onChange={(next) => update(index, next)}
                onRemove={() => onChange(value.filter((_, at) => at !== index))}
              />
            ))}
          </tbody>
        </table>
      ) : null}
      {readOnly ? null : (
        <div className="button-row ip-actions">
          <button type="button" className="button" onClick={() => add([{ entry: "", note: "" }])}>
            Add IP
          </button>
          <button type="button" className="button" onClick={() => setPasting((open) => !open)} aria-expanded={pasting}>
            Paste a list
          </button>
        </div>
      )}
      {traffic.data ? (
        <IpSuggestions traffic={traffic.data.traffic} entries={valid} readOnly={readOnly} onAdd={(entry) => add([{ entry, note: SUGGESTED_NOTE }])} />
      ) : null}
      {pasting ? (
        <PasteList
          onAdd={(rows) => {
            add(rows);
            setPasting(false);
          }}
        />
      ) : null}
      <p className="hint">
        Accepted: single IPv4 or IPv6 addresses, CIDR ranges such as <code>203.0.113.0/24</code>, wildcards such as <code>203.0.113.*</code>, and <code>*</code>{" "}
        for any address.{readOnly ? null : " Changes apply when you save."}
      </p>
    </div>
  );
}
