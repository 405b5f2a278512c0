import { beforeEach, describe, expect, it, vi } from "vitest";
import type * as Hash from "../src/lib/hash.ts";

// Counts the work the key check does, to show every failure takes the same path.
const work = vi.hoisted(() => ({ hashes: [] as number[], compares: [] as string[] }));
vi.mock("../src/lib/hash.ts", async (importOriginal) => {
  const original = await importOriginal<typeof Hash>();
  return {
    ...original,
    sha256: (value: string) => {
      work.hashes.push(value.length);
      return original.sha256(value);
    },
    sameDigest: (a: string, b: string) => {
      work.compares.push(`${a.length}:${b.length}`);
      return original.sameDigest(a, b);
    },
  };
});

const { verifyKey } = await import("../src/domain/auth/verify-key.ts");
const { integrationSetup } = await import("./helpers.ts");

describe("the key check", () => {
  beforeEach(() => {
    work.hashes.length = 0;
    work.compares.length = 0;
  });

  it("does the same work for an unknown username, a wrong key, a disabled and an expired credential", async () => {
    const t = await integrationSetup();
    const live = await t.credential();
    const other = await t.credential();
    const disabled = await t.credential({ status: "disabled" });
    const laterDisabled = await t.credential();
    const traces: Record<string, { hashes: number[]; compares: string[] }> = {};
    const trace = (name: string, username: string, key: string) => {
      // Warm the cache first: the lookup itself is the same query for known and unknown names.
      verifyKey(t.deps.authCache, username, key, t.clock());
      work.hashes.length = 0;
      work.compares.length = 0;
      const result = verifyKey(t.deps.authCache, username, key, t.clock());
      traces[name] = { hashes: [...work.hashes], compares: [...work.compares] };
      return result;
    };
    expect(trace("unknown username", "nobody-here", live.key).ok).toBe(false);
    expect(trace("wrong key", live.username, other.key).ok).toBe(false);
    expect(trace("disabled", disabled.username, disabled.key).ok).toBe(false);
    // A key that verified is remembered (not hashed again); once its credential is disabled, its
    // refusal pays the hash again, like every other refusal.
    expect(verifyKey(t.deps.authCache, laterDisabled.username, laterDisabled.key, t.clock()).ok).toBe(true);
    await t.call("PATCH", `/api/admin/credentials/${laterDisabled.id}`, { status: "disabled" });
    expect(trace("disabled after it was remembered", laterDisabled.username, laterDisabled.key).ok).toBe(false);
    const reference = JSON.stringify(traces["unknown username"]);
    expect(traces["unknown username"]?.hashes).toEqual([64]);
    for (const name of Object.keys(traces)) expect(JSON.stringify(traces[name]), name).toBe(reference);
    // The right key, remembered by the warm-up call: compared the same way, not hashed again.
    expect(trace("right key", live.username, live.key).ok).toBe(true);
    expect(traces["right key"]).toEqual({ hashes: [], compares: traces["unknown username"]?.compares });
  });
});
