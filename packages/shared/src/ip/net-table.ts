import type { Words } from "./range.ts";

export type Hit = { index: number; text: string };

/**
 * The ranges of one family in entry order, held as parallel typed arrays: scanning
 * Uint32Arrays is several times faster than scanning objects holding the same numbers.
 */
export type NetTable<Value> = {
  /** The first range (in entry order) holding the value, among entries with an index below `before`. */
  first(value: Value, before: number): Hit | null;
};

export function netTable4(nets: readonly (Hit & { network: number; mask: number })[]): NetTable<number> {
  const networks = Uint32Array.from(nets, (net) => net.network);
  const masks = Uint32Array.from(nets, (net) => net.mask);
  const indexes = Int32Array.from(nets, (net) => net.index);
  return {
    first(value, before) {
      for (let i = 0; i < indexes.length && indexes[i]! < before; i++) {
        if ((value & masks[i]!) >>> 0 === networks[i]) return nets[i]!;
      }
      return null;
    },
  };
}

export function netTable6(nets: readonly (Hit & { network: Words; mask: Words })[]): NetTable<Words> {
  const networks = Uint32Array.from(nets.flatMap((net) => net.network));
  const masks = Uint32Array.from(nets.flatMap((net) => net.mask));
  const indexes = Int32Array.from(nets, (net) => net.index);
  return {
    first([w0, w1, w2, w3], before) {
      for (let i = 0, o = 0; i < indexes.length && indexes[i]! < before; i++, o += 4) {
        if (
          (w0 & masks[o]!) >>> 0 === networks[o] &&
          (w1 & masks[o + 1]!) >>> 0 === networks[o + 1] &&
          (w2 & masks[o + 2]!) >>> 0 === networks[o + 2] &&
          (w3 & masks[o + 3]!) >>> 0 === networks[o + 3]
        ) {
          return nets[i]!;
        }
      }
      return null;
    },
  };
}
