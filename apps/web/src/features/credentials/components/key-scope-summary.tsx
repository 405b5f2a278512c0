import { ipCoverage, openFamilies, scopeLabels, type Credential } from "@gatehouse/shared";

const SHOWN_ADDRESSES = 5;

/**
 * What a new key may do and from where, said beside the key itself: the moment the admin copies
 * it is the moment to notice it cannot read orders, or that no server may use it yet.
 */
export function KeyScopeSummary({ credential }: { credential: Pick<Credential, "scopes" | "allowedIps" | "status"> }) {
  const entries = credential.allowedIps.map((ip) => ip.entry);
  const open = openFamilies(ipCoverage(entries));
  return (
    <section className="key-summary" aria-label="What this key may do">
      <div>
        <h3>This key may</h3>
        {credential.scopes.length === 0 ? (
          <p className="warn-text">Only log in and test its session: it has no permission yet.</p>
        ) : (
          <ul>
            {credential.scopes.map((scope) => (
              <li key={scope}>
                {scopeLabels[scope]} <code>{scope}</code>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div>
        <h3>From</h3>
        {entries.length === 0 ? (
          <p className="warn-text">No address yet: every call is refused until you add one on the IP Addresses tab.</p>
        ) : (
          <ul>
            {entries.slice(0, SHOWN_ADDRESSES).map((entry) => (
              <li key={entry}>
                <code>{entry}</code>
              </li>
            ))}
            {entries.length > SHOWN_ADDRESSES ? <li>and {entries.length - SHOWN_ADDRESSES} more</li> : null}
          </ul>
        )}
        {open ? <p className="warn-text">Any {open === "IPv4 and IPv6" ? "" : `${open} `}address on the internet can use it.</p> : null}
      </div>
      {credential.status === "disabled" ? <p className="warn-text">It is disabled: it works once you enable it.</p> : null}
    </section>
  );
}
