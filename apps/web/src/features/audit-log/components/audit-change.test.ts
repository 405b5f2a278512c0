import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AuditChange } from "./audit-change.tsx";

const text = (html: string) => html.replace(/<[^>]+>/g, "|").replace(/\|+/g, "|");

describe("the audit log's change column", () => {
  it("shows an allow-list change as the entries added and removed", () => {
    const html = renderToStaticMarkup(
      createElement(AuditChange, { before: null, after: { added: ["203.0.113.5 (Added from history)"], removed: ["10.0.0.1"] } }),
    );
    expect(text(html)).toBe("|Added| |203.0.113.5 (Added from history)|Removed| |10.0.0.1|");
  });

  it("still shows other changes, and allow-lists audited before the diff, as before → after", () => {
    const html = renderToStaticMarkup(createElement(AuditChange, { before: { allowedIps: ["10.0.0.1"] }, after: { allowedIps: ["10.0.0.2 (office)"] } }));
    expect(text(html)).toBe("|allowedIps| |10.0.0.1| → |10.0.0.2 (office)|");
  });
});
