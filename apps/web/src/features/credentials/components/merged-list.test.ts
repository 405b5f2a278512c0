import { describe, expect, it } from "vitest";
import { mergedList } from "./merged-list.ts";

const rows = (...entries: (string | [string, string])[]) =>
  entries.map((entry) => (typeof entry === "string" ? { entry, note: "" } : { entry: entry[0], note: entry[1] }));

describe("the admin's IP list edits over a list saved meanwhile", () => {
  it("drops an address someone removed, though the admin edited its neighbour's note", () => {
    // A review's find: tab B, opened before tab A removed 203.0.113.2, put it back on Save.
    const base = rows("127.0.0.1", "203.0.113.2");
    const mine = rows(["127.0.0.1", "build server"], "203.0.113.2");
    const theirs = rows("127.0.0.1");
    expect(mergedList(base, mine, theirs)).toEqual({ list: rows(["127.0.0.1", "build server"]), changed: { added: [], removed: ["203.0.113.2"] } });
  });

  it("keeps an address someone added beside the admin's own addition", () => {
    const base = rows("127.0.0.1");
    const mine = rows("127.0.0.1", "203.0.113.2");
    const theirs = rows("127.0.0.1", "203.0.113.1");
    expect(mergedList(base, mine, theirs)).toEqual({ list: rows("127.0.0.1", "203.0.113.2", "203.0.113.1"), changed: { added: ["203.0.113.1"], removed: [] } });
  });

  it("keeps the admin's removals and notes, and takes their notes where the admin left the note alone", () => {
    const base = rows("10.0.0.1", "10.0.0.2", ["10.0.0.3", "old"]);
    const mine = rows(["10.0.0.3", "mine"], "10.0.0.2", " 10.0.0.9 ");
    const theirs = rows(["10.0.0.1", "x"], ["10.0.0.2", "theirs"], ["10.0.0.3", "theirs too"]);
    expect(mergedList(base, mine, theirs)).toEqual({
      list: rows(["10.0.0.3", "mine"], ["10.0.0.2", "theirs"], " 10.0.0.9 "),
      changed: { added: [], removed: [] },
    });
  });

  it("changes nothing when nobody else did", () => {
    const base = rows("10.0.0.1", "10.0.0.2");
    const mine = rows("10.0.0.2", "10.0.0.5");
    expect(mergedList(base, mine, base)).toEqual({ list: mine, changed: { added: [], removed: [] } });
  });
});
