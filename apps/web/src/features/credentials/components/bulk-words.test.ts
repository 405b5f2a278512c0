import { describe, expect, it } from "vitest";
import { bulkWords } from "./bulk-words.ts";

// A review's find: deleting one ticked key asked about "them" and "the keys".
describe("bulk action confirmations", () => {
  it("speak of one key in the singular", () => {
    expect(bulkWords.delete.consequence(1)).toBe(
      "Any integration still using it stops working at once, and the key cannot be restored. If you are not sure nothing depends on it, disable it first and watch its history. Its history is kept.",
    );
    expect(bulkWords.disable.consequence(1)).toContain("with this key is refused");
    expect(bulkWords.enable.consequence(1)).toBe("This key works again from the next request on.");
  });

  it("and of several in the plural", () => {
    for (const action of ["enable", "disable", "delete"] as const) expect(bulkWords[action].consequence(2)).not.toMatch(/\b(this key|it|its)\b/);
    expect(bulkWords.delete.consequence(3)).toContain("the keys cannot be restored");
  });
});
