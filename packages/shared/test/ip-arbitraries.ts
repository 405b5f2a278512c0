import type { BlockList } from "node:net";
import * as fc from "fast-check";

// Addresses are generated as numbers (IPv4 as uint32, IPv6 as a 128-bit bigint) so the test can
// build networks itself, and clustered around a few prefixes so that rules and addresses meet often.
export const uint32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((n) => n >>> 0);
export const v4 = fc.oneof(
  uint32,
  fc.tuple(fc.constantFrom(0x0a000000, 0xc0a80000, 0x7f000000), fc.integer({ min: 0, max: 0xffff })).map(([high, low]) => (high | low) >>> 0),
);
const MAPPED = 0xffffn << 32n;
export const v6 = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
  fc.tuple(fc.constantFrom(0x20010db8n << 96n, 0n, MAPPED, 0xfe80n << 112n), fc.bigInt({ min: 0n, max: (1n << 40n) - 1n })).map(([high, low]) => high | low),
);

export const dotted = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
export const expanded = (n: bigint): string => Array.from({ length: 8 }, (_, i) => ((n >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(":");
const net4 = (n: number, prefix: number): number => (prefix === 0 ? 0 : (n & (-1 << (32 - prefix))) >>> 0);
const net6 = (n: bigint, prefix: number): bigint => (n >> BigInt(128 - prefix)) << BigInt(128 - prefix);

export type Rule = { entry: string; seed: number | bigint; add(list: BlockList): void };
const v4Rule = fc.tuple(v4, fc.integer({ min: 0, max: 32 }), fc.boolean()).map(([n, prefix, single]): Rule => {
  const network = dotted(single ? n : net4(n, prefix));
  if (single) return { entry: network, seed: n, add: (list) => list.addAddress(network, "ipv4") };
  return { entry: `${network}/${prefix}`, seed: n, add: (list) => list.addSubnet(network, prefix, "ipv4") };
});
const v6Rule = fc.tuple(v6, fc.integer({ min: 0, max: 128 }), fc.boolean()).map(([n, prefix, single]): Rule => {
  const network = expanded(single ? n : net6(n, prefix));
  if (single) return { entry: network, seed: n, add: (list) => list.addAddress(network, "ipv6") };
  return { entry: `${network}/${prefix}`, seed: n, add: (list) => list.addSubnet(network, prefix, "ipv6") };
});
export const rules = fc.array(fc.oneof(v4Rule, v6Rule), { maxLength: 6 });

// Addresses in and just around the rules' ranges: a rule's seed with some of its low bits changed.
export const near4 = (list: readonly Rule[]): fc.Arbitrary<number> => {
  const seeds = list.map((rule) => (typeof rule.seed === "number" ? rule.seed : Number(rule.seed & 0xffffffffn)));
  if (seeds.length === 0) return v4;
  const nudged = fc.tuple(fc.constantFrom(...seeds), uint32, fc.integer({ min: 0, max: 32 }));
  return fc.oneof(
    v4,
    nudged.map(([seed, noise, bits]) => (seed ^ (bits === 32 ? noise : noise & ((1 << bits) - 1))) >>> 0),
  );
};
export const near6 = (list: readonly Rule[]): fc.Arbitrary<bigint> => {
  const seeds = list.map((rule) => (typeof rule.seed === "bigint" ? rule.seed : MAPPED | BigInt(rule.seed)));
  if (seeds.length === 0) return v6;
  const nudged = fc.tuple(fc.constantFrom(...seeds), fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.integer({ min: 0, max: 128 }));
  return fc.oneof(
    v6,
    nudged.map(([seed, noise, bits]) => seed ^ (noise & ((1n << BigInt(bits)) - 1n))),
  );
};

// The same IPv6 address in the textual forms a socket or a header may carry.
export const v6Form = fc.constantFrom("expanded", "compressed", "upper");
export const v6Text = (n: bigint, form: string): string => {
  const text = expanded(n);
  if (form === "upper") return text.toUpperCase();
  return form === "compressed" ? new URL(`http://[${text}]/`).hostname.slice(1, -1) : text;
};
export const anyV6Text = fc.tuple(v6, v6Form).map(([n, form]) => v6Text(n, form));

export const withClients = <T>(near: (list: readonly Rule[]) => fc.Arbitrary<T>) =>
  rules.chain((list) => fc.tuple(fc.constant(list), fc.array(near(list), { minLength: 1, maxLength: 10 })));
