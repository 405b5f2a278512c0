/**
 * One at a time on the single better-sqlite3 connection. A transaction that awaits between its
 * statements would otherwise take in whatever other requests ran on the connection meanwhile
 * (a history flush rolled back with someone else's failed edit). A transaction holds this for
 * the few microtasks it runs; a lone statement runs at once when nothing holds it.
 */
export class Exclusive {
  private held = false;
  private readonly waiting: (() => void)[] = [];

  /** Runs a synchronous step now, or after the transaction that holds the connection. */
  run<T>(step: () => T): Promise<T> {
    if (!this.held) {
      try {
        return Promise.resolve(step());
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    return this.hold(async () => step());
  }

  /** Holds the connection for an asynchronous unit (a transaction) until it settles. */
  async hold<T>(unit: () => Promise<T>): Promise<T> {
    if (this.held) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.held = true;
    try {
      return await unit();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.held = false;
    }
  }
}
