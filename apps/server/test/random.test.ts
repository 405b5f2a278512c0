import { createHash } from "node:crypto";
import { isWellFormedToken, TOKEN_LENGTH } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { newIntegrationToken } from "../src/domain/auth/tokens.ts";
import { sha256 } from "../src/lib/hash.ts";
import { randomBase62, randomToken } from "../src/lib/random.ts";

describe("random tokens, ids and digests", () => {
  it("hands out 256-bit session tokens that never repeat, across refills of the random pool", () => {
    const tokens = Array.from({ length: 1000 }, randomToken);
    expect(new Set(tokens).size).toBe(1000);
    for (const token of tokens) expect(Buffer.from(token, "base64url")).toHaveLength(32);
    // Every byte value shows up: the pool is not handing out zeros or a repeated block.
    expect(new Set(tokens.flatMap((token) => [...Buffer.from(token, "base64url")])).size).toBe(256);
  });

  it("draws base62 evenly: each of the 62 characters within 10% of its share over 620,000 draws", () => {
    const counts = new Map<string, number>();
    for (const char of randomBase62(620_000)) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const count of counts.values()) expect(Math.abs(count - 10_000)).toBeLessThan(1_000);
  });

  it("integration tokens are gt_, 43 base62 characters and a checksum, and never repeat", () => {
    const tokens = Array.from({ length: 1000 }, newIntegrationToken);
    expect(new Set(tokens).size).toBe(1000);
    for (const token of tokens) {
      expect(token).toMatch(/^gt_[0-9A-Za-z]{49}$/);
      expect(token).toHaveLength(TOKEN_LENGTH);
      expect(isWellFormedToken(token)).toBe(true);
    }
  });

  it("a token with any one character changed, cut or lengthened fails its checksum", () => {
    const token = newIntegrationToken();
    for (let at = 3; at < token.length; at += 1) {
      const other = token[at] === "a" ? "b" : "a";
      expect(isWellFormedToken(token.slice(0, at) + other + token.slice(at + 1))).toBe(false);
    }
    expect(isWellFormedToken(token.slice(0, -1))).toBe(false);
    expect(isWellFormedToken(`${token}a`)).toBe(false);
    expect(isWellFormedToken(`gk_${token.slice(3)}`)).toBe(false);
    expect(isWellFormedToken(randomToken())).toBe(false);
  });

  it("sha256 is the hex SHA-256 of the UTF-8 text", () => {
    for (const text of ["", "gt_abc", "ü€😀", "x".repeat(10_000)]) expect(sha256(text)).toBe(createHash("sha256").update(text).digest("hex"));
  });
});
