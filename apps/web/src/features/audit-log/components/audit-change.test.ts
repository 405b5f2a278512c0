import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AuditChange } from "./audit-change.tsx";

const text = (html: string) => html.replace(/<[^>]+>/g, "|").replace(/\|+/g, "|");

describe("the audit log's change column", () => {
  it("shows an allow-list change as the entries added and removed", () => {
    const html = renderToStaticMarkup(
      createElement(AuditChange, { targetType: "credential", before: null, after: { added: ["203.0.113.5 (Added from history)"], removed: ["10.0.0.1"] } }),
    );
    expect(text(html)).toBe("|Added| |203.0.113.5 (Added from history)|Removed| |10.0.0.1|");
  });

  it("still shows other changes, and allow-lists audited before the diff, as before → after", () => {
    const html = renderToStaticMarkup(
      createElement(AuditChange, { targetType: "credential", before: { allowedIps: ["10.0.0.1"] }, after: { allowedIps: ["10.0.0.2 (office)"] } }),
    );
    expect(text(html)).toBe("|Allowed IPs| |10.0.0.1| → |10.0.0.2 (office)|");
  });

  it("shows the facts of an event without a before (a failed sign-in's reason) plainly, not coloured as a change", () => {
    const html = renderToStaticMarkup(createElement(AuditChange, { targetType: "session", before: null, after: { reason: "wrong password" } }));
    expect(text(html)).toBe("|Reason| |wrong password|");
    expect(html).not.toContain("change-after");
    expect(html).toContain('<span class="change-value">wrong password</span>');
  });

  it("names fields and values with the screens' words, not the code's", () => {
    const html = renderToStaticMarkup(
      createElement(AuditChange, {
        targetType: "credential",
        before: { keyPrefix: "gk_Ab12Cd", expiresAt: null, rateLimit: null, status: "enabled" },
        after: { keyPrefix: "gk_Zz98Yx", expiresAt: "2027-01-31T00:00:00.000Z", rateLimit: 60, status: "disabled" },
      }),
    );
    const shown = text(html);
    expect(shown).toContain("|API Key| |gk_Ab12Cd…| → |gk_Zz98Yx…|");
    expect(shown).toContain("|Expires| |Never| → |");
    expect(shown).toContain("|Rate limit| |No limit| → |60 per minute|");
    expect(shown).toContain("|Status| |Enabled| → |Disabled|");
    expect(shown).not.toMatch(/keyPrefix|expiresAt|rateLimit|2027-01-31T/);
  });

  it("names an admin user's username as Username, and a credential's as API Username", () => {
    const user = renderToStaticMarkup(createElement(AuditChange, { targetType: "admin_user", before: null, after: { username: "sam", role: "viewer" } }));
    expect(text(user)).toBe("|Username| |sam|Role| |Viewer|");
    const credential = renderToStaticMarkup(createElement(AuditChange, { targetType: "credential", before: null, after: { username: "erp-sync" } }));
    expect(text(credential)).toBe("|API Username| |erp-sync|");
  });

  it("shows a switch of IP enforcement in the IP Addresses tab's words", () => {
    const html = renderToStaticMarkup(
      createElement(AuditChange, { targetType: "credential", before: { ipEnforcement: "report" }, after: { ipEnforcement: "enforce" } }),
    );
    expect(text(html)).toBe("|IP enforcement| |Report only| → |Enforce|");
  });

  it("shows a change of request signing in the General tab's words, never more of a secret than its prefix", () => {
    const html = renderToStaticMarkup(
      createElement(AuditChange, {
        targetType: "credential",
        before: { signingMode: "off", signingAlg: null, signingSecretPrefix: null },
        after: { signingMode: "required", signingAlg: "hmac-sha256", signingSecretPrefix: "gs_Ab12C" },
      }),
    );
    expect(text(html)).toBe("|Request signing| |Off| → |Required|Signing algorithm| |—| → |hmac-sha256|Signing secret| |—| → |gs_Ab12C…|");
    const key = renderToStaticMarkup(
      createElement(AuditChange, { targetType: "credential", before: null, after: { signingPublicKey: '{"kty":"OKP","crv":"Ed25519","x":"abc"}' } }),
    );
    expect(text(key)).toBe("|Public key| |Ed25519 abc|");
  });
});
