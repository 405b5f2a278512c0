/**
 * A Map bounded by an estimate of the bytes it holds, not by its entry count: a flood of large
 * keys cannot grow it past `maxBytes`. When full, the oldest entries make room.
 */
export class BoundedMap<V> {
  private entries = new Map<string, { value: V; bytes: number }>();
  private total = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  /**
   * The value, or undefined when the key is absent (a stored null is returned as null). Spelled
   * out rather than `?.value`: with that, a known username's key check ran ~100 ns slower than an
   * unknown one's (bench/timing.ts), a difference that could tell which usernames exist.
   */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    return entry === undefined ? undefined : entry.value;
  }

  set(key: string, value: V) {
    this.delete(key);
    // Strings cost two bytes a character at most, plus the Map's own slot.
    const bytes = 2 * key.length + 80 + this.sizeOf(value);
    for (const [oldest, entry] of this.entries) {
      if (this.total + bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.total -= entry.bytes;
    }
    this.entries.set(key, { value, bytes });
    this.total += bytes;
  }

  delete(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.total -= entry.bytes;
  }

  clear() {
    this.entries.clear();
    this.total = 0;
  }

  *[Symbol.iterator](): IterableIterator<[string, V]> {
    for (const [key, entry] of this.entries) yield [key, entry.value];
  }

  get bytes() {
    return this.total;
  }
}
