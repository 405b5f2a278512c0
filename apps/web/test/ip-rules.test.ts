import type { CurrentAdmin } from "@gatehouse/shared";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { IpSummary } from "../src/features/credentials/components/ip-summary.tsx";
import { IpRulesTab } from "../src/features/ip-rules/components/ip-rules-tab.tsx";
import { sessionQuery } from "../src/lib/session.ts";

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, "")
    .replaceAll("\u00a0", " ")
    .replaceAll("&#x27;", "'");

/** The tab as a signed-in owner sees it; the session says whether the current IP is a proxy's. */
function render(entries: string[], currentIpIsProxy = false) {
  const client = new QueryClient();
  const session: CurrentAdmin = { user: { id: "adm_1", username: "owner", role: "owner" }, permissions: [], currentIp: "127.0.0.1", currentIpIsProxy };
  client.setQueryData(sessionQuery.queryKey, session);
  const value = entries.map((entry) => ({ entry, note: "" }));
  const props = { value, onChange: () => {}, errors: {}, currentIp: "127.0.0.1", readOnly: false };
  return renderToStaticMarkup(createElement(QueryClientProvider, { client }, createElement(IpRulesTab, props)));
}

const tab = (entries: string[]) => text(render(entries));

describe("the IP Addresses tab's warning about lists open to everyone", () => {
  it.each([
    [["*"], "* lets any address on the internet use this key."],
    [["::/0"], "::/0 lets any address on the internet use this key."],
    [["10.0.0.1", "::ffff:0:0/96", "2000::/3"], "0.0.0.0/0 lets every IPv4 address on the internet use this key."],
    [["0.0.0.0/1", "128.0.0.0/1", "::/0"], "::/0 lets any address on the internet use this key."],
    [["0.0.0.0/1", "128.0.0.0/1", "::/1", "8000::/1"], "Together, these entries let any address on the internet use this key."],
    [["0.0.0.0/1", "128.0.0.0/1"], "Together, these entries let every IPv4 address on the internet use this key."],
  ])("%j: %s", (entries, warning) => {
    expect(tab(entries)).toContain(warning);
  });

  it("says nothing for lists that leave addresses out, or whose wide entries are invalid", () => {
    for (const entries of [
      ["10.0.0.0/8", "2001:db8::/32"],
      ["0.0.0.0/1", "128.0.0.0/2"],
      ["0.0.0.0/1", "128.0.0.1/1"],
    ]) {
      expect(tab(entries)).not.toMatch(/lets? (any|every)/);
    }
  });

  it("puts each overlap hint on its own row, whatever invalid rows sit between", () => {
    const html = render(["10.0.0.0/8", "nonsense", "", "10.0.0.5", "2001:DB8::1", "2001:db8::1"]);
    expect(html).toContain('id="ip-3-hint" class="hint">10.0.0.5 is already covered by 10.0.0.0/8<');
    expect(html).toContain('id="ip-5-hint" class="hint">2001:db8::1 is already in the list (IP address 5)<');
    expect(html.match(/id="ip-\d+-hint"/g)).toHaveLength(2);
  });

  it("says a repeat in the words Save's error uses, however the entry is written", () => {
    const html = render(["1.2.3.4", "192.0.2.0/24", "1.2.3.4/32", "192.0.2.*"]);
    expect(html).toContain('id="ip-2-hint" class="hint">1.2.3.4/32 is the same as 1.2.3.4 (IP address 1)<');
    expect(html).toContain('id="ip-3-hint" class="hint">192.0.2.* is the same as 192.0.2.0/24 (IP address 2)<');
  });
});

describe("the current IP behind a reverse proxy that is not trusted", () => {
  it("names the trap and offers no Add current IP", () => {
    const html = render([], true);
    expect(text(html)).toContain("This looks like your proxy's address — set TRUSTED_PROXIES.");
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Add current IP<\/button>/);
  });

  it("says nothing of it otherwise", () => {
    const html = render([]);
    expect(text(html)).not.toContain("TRUSTED_PROXIES");
    expect(html).not.toMatch(/<button[^>]*disabled=""[^>]*>Add current IP<\/button>/);
  });
});

describe("the credentials list's IP column", () => {
  it("flags a key open to any address", () => {
    expect(text(renderToStaticMarkup(createElement(IpSummary, { count: 3, any: true })))).toBe("Any IP");
    expect(text(renderToStaticMarkup(createElement(IpSummary, { count: 3, any: false })))).toBe("3 addresses");
  });
});
