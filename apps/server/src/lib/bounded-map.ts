/**
 * A Map bounded by an estimate of the bytes it holds, not by its entry count: a flood of large
 * keys cannot grow it past `maxBytes`. When full, the oldest entries make room.
 *
 * The oldest are found with one iterator kept from eviction to eviction. A fresh iterator for
 * each eviction starts at the Map's first slot and steps over every slot emptied since V8 last
 * compacted the table: a full map of 40,000 entries then cost 9–41 µs a `set` instead of 1 µs,
 * and a flood of new usernames, addresses or tokens made every later one pay it.
 */
export class BoundedMap<V> {
  private entries = new Map<string, { value: V; bytes: number }>();
  private total = 0;
  private oldest: Iterator<string> | undefined;

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
    while (this.total + bytes > this.maxBytes && this.entries.size > 0) this.evictOldest();
    this.entries.set(key, { value, bytes });
    this.total += bytes;
  }

  /** A Map's iterator goes on past entries deleted or added since it was made, in insertion order. */
  private evictOldest() {
    let next = this.oldest?.next();
    if (!next || next.done) {
      this.oldest = this.entries.keys();
      next = this.oldest.next();
    }
    if (!next.done) this.delete(next.value);
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
    this.oldest = undefined;
  }

  *[Symbol.iterator](): IterableIterator<[string, V]> {
    for (const [key, entry] of this.entries) yield [key, entry.value];
  }

  get bytes() {
    return this.total;
  }
}
