import { type IpCoverage, ipCoverage, openFamilies } from "@gatehouse/shared";

/** The entry that opens the list on its own, if one does: * first, then ::/0, 0.0.0.0/0 and the like. */
function openingEntry(entries: readonly string[], coverage: IpCoverage): string | undefined {
  if (entries.includes("*")) return "*";
  return entries.find((entry) => {
    const alone = ipCoverage([entry]);
    return (alone.ipv4 || !coverage.ipv4) && (alone.ipv6 || !coverage.ipv6);
  });
}

/**
 * Warns when the (valid, normalised) entries let in every address of a family, however it is
 * written: *, ::/0, 0.0.0.0/0, or ranges that add up to one of them. All of IPv4 is most of
 * the internet, so that is a danger too.
 */
export function OpenListBanner({ entries, coverage }: { entries: readonly string[]; coverage: IpCoverage }) {
  const families = openFamilies(coverage);
  if (families === null) return null;
  const who = families === "IPv4 and IPv6" ? "any address on the internet" : `every ${families} address on the internet`;
  const entry = openingEntry(entries, coverage);
  return (
    // One paragraph: the banner lays its children out as flex items, which put a gap after the entry.
    <div className="banner danger" role="status">
      <p>
        {entry === undefined ? (
          "Together, these entries let"
        ) : (
          <>
            <strong>{entry}</strong> lets
          </>
        )}{" "}
        {who} use this key. Use it only for testing, or when the integration truly has no fixed address.
      </p>
    </div>
  );
}
