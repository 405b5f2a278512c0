import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { randomToken, sha256 } from "../src/lib/hash.ts";

describe("tokens and digests", () => {
  it("hands out 256-bit tokens that never repeat, across refills of the random pool", () => {
    const tokens = Array.from({ length: 1000 }, randomToken);
    expect(new Set(tokens).size).toBe(1000);
    for (const token of tokens) expect(Buffer.from(token, "base64url")).toHaveLength(32);
    // Every byte value shows up: the pool is not handing out zeros or a repeated block.
    const bytes = new Set(tokens.flatMap((token) => [...Buffer.from(token, "base64url")]));
    expect(bytes.size).toBe(256);
  });

  it("sha256 is the hex SHA-256 of the UTF-8 text", () => {
    for (const text of ["", "gt_abc", "ü€😀", "x".repeat(10_000)]) expect(sha256(text)).toBe(createHash("sha256").update(text).digest("hex"));
  });
});
