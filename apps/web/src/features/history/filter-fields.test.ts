import { describe, expect, it } from "vitest";
import { checkFilters, noFilters, readFilterFields, withFilterFields } from "./filter-fields.ts";

const read = (query: string) => readFilterFields(new URLSearchParams(query));

describe("History filters in the page's address", () => {
  it("reads back what it writes, leaving empty filters out and other parameters in", () => {
    const fields = { ...noFilters, ip: "0177.0.0.1", outcome: "ip_not_allowed", from: "2026-05-01T10:00" };
    const params = withFilterFields(new URLSearchParams("tab=history&call=login"), fields);
    expect(params.toString()).toBe("tab=history&ip=0177.0.0.1&outcome=ip_not_allowed&from=2026-05-01T10%3A00");
    expect(read(params.toString())).toEqual(fields);
  });

  it("drops a call, outcome or date the fields could not show", () => {
    expect(read("call=products.delete&outcome=weird&from=monday&to=2026-13-45T99:99")).toEqual(noFilters);
  });

  it.each(["2026-02-31T10:00", "2026-02-29T00:00", "2026-04-31T08:30", "2026-05-01T24:00", "2026-05-01T10:60", "2026-05-01T10:00:60", "2026-00-10T10:00"])(
    "drops the impossible date %s rather than read it the browser's way",
    (date) => {
      expect(read(`from=${date}&to=${date}`)).toEqual(noFilters);
    },
  );

  it("keeps real dates, a leap day among them", () => {
    expect(read("from=2028-02-29T00:00&to=2026-12-31T23:59:59.999")).toEqual({ ...noFilters, from: "2028-02-29T00:00", to: "2026-12-31T23:59:59.999" });
  });
});

describe("checkFilters", () => {
  it("queries with one address in any form, and local dates as ISO times", () => {
    const checked = checkFilters({ ...noFilters, ip: " ::ffff:192.0.2.9 ", from: "2026-05-01T10:00", to: "2026-05-01T10:00" });
    expect(checked).toEqual({
      ok: true,
      filters: expect.objectContaining({
        ip: "::ffff:192.0.2.9",
        from: new Date("2026-05-01T10:00").toISOString(),
        to: new Date("2026-05-01T10:00").toISOString(),
      }),
    });
  });

  it.each([
    ["0177.0.0.1", /leading zero/],
    ["127.0.0", /shortened address/],
    ["127.0.0.0/8", /takes one address/],
    ["10.1.*.*", /not a range or a wildcard/],
    ["example.com", /is not an IP address/],
  ])("says what is wrong with the IP Address %s", (ip, message) => {
    const checked = checkFilters({ ...noFilters, ip });
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.problems.ip).toMatch(message);
  });

  it("says a To before From is wrong, on To", () => {
    const checked = checkFilters({ ...noFilters, from: "2026-05-02T00:00", to: "2026-05-01T23:59" });
    expect(checked).toEqual({ ok: false, problems: { to: "To must be on or after From" } });
  });
});
