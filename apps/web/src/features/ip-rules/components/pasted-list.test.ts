import { describe, expect, it } from "vitest";
import { parsePastedList } from "./pasted-list.ts";

describe("parsePastedList", () => {
  it("takes one entry a line, with what follows the address as its note", () => {
    expect(parsePastedList("203.0.113.10 warehouse\n\n198.51.100.0/24 # office\r\n2001:db8::1")).toEqual([
      { entry: "203.0.113.10", note: "warehouse" },
      { entry: "198.51.100.0/24", note: "office" },
      { entry: "2001:db8::1", note: "" },
    ]);
  });

  it("splits a comma- or semicolon-separated list, as copied from a firewall", () => {
    expect(parsePastedList("10.0.0.0/8, 192.168.0.0/16;2001:db8::/32 office,")).toEqual([
      { entry: "10.0.0.0/8", note: "" },
      { entry: "192.168.0.0/16", note: "" },
      { entry: "2001:db8::/32", note: "office" },
    ]);
    expect(parsePastedList("fe80::1%eth0, 10.0.0.1")).toEqual([
      { entry: "fe80::1%eth0", note: "" },
      { entry: "10.0.0.1", note: "" },
    ]);
    expect(parsePastedList("10.*.*.*,*")).toEqual([
      { entry: "10.*.*.*", note: "" },
      { entry: "*", note: "" },
    ]);
  });

  it("cuts a note at a note's length in whole characters, as the server counts", () => {
    expect(parsePastedList(`203.0.113.10 ${"n".repeat(300)}`)[0]?.note).toHaveLength(200);
    expect(parsePastedList(`203.0.113.10 ${"a".repeat(199)}\u{1F600}tail`)[0]?.note).toBe(`${"a".repeat(199)}\u{1F600}`);
    expect(Array.from(parsePastedList(`203.0.113.10 ${"\u{1F600}".repeat(250)}`)[0]?.note ?? "")).toHaveLength(200);
  });

  it("keeps commas that belong to a note", () => {
    expect(parsePastedList("203.0.113.10 office, 2nd floor\n198.51.100.7 cafe, bad wifi\n203.0.113.11 rack, 12\n203.0.113.12 since, 10:30")).toEqual([
      { entry: "203.0.113.10", note: "office, 2nd floor" },
      { entry: "198.51.100.7", note: "cafe, bad wifi" },
      { entry: "203.0.113.11", note: "rack, 12" },
      { entry: "203.0.113.12", note: "since, 10:30" },
    ]);
  });
});
