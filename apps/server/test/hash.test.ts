import { describe, expect, it } from "vitest";
import { sameDigest, sha256 } from "../src/lib/hash.ts";

describe("sameDigest", () => {
  const digest = sha256("gh_some-key");

  it("holds for the same digest, also as another string", () => {
    expect(sameDigest(digest, digest)).toBe(true);
    expect(sameDigest(digest, sha256("gh_some-key"))).toBe(true);
  });

  it("fails on a difference anywhere: first, middle and last character", () => {
    const flip = (at: number) => `${digest.slice(0, at)}${digest[at] === "0" ? "1" : "0"}${digest.slice(at + 1)}`;
    for (const at of [0, 31, 63]) expect(sameDigest(digest, flip(at))).toBe(false);
    expect(sameDigest(digest, sha256("gh_other-key"))).toBe(false);
  });

  it("fails on a digest of another length, a prefix included", () => {
    expect(sameDigest(digest, digest.slice(0, 32))).toBe(false);
    expect(sameDigest(digest, `${digest}0`)).toBe(false);
    expect(sameDigest(digest, "")).toBe(false);
  });
});
