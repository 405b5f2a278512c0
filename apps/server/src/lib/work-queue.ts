/** Thrown when the queue already holds as much waiting work as it may. */
export class QueueFull extends Error {}

/**
 * Runs at most `concurrency` jobs at once and lets at most `maxWaiting` more wait; any further
 * job is refused at once. Used for password hashing: Argon2 takes ~13 ms of a core and 19 MiB,
 * so 400 parallel sign-ins would otherwise queue a real one behind seconds of attacker work.
 */
export function workQueue(concurrency: number, maxWaiting: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
  return {
    async run<T>(job: () => Promise<T>): Promise<T> {
      if (running < concurrency) running += 1;
      else if (waiting.length >= maxWaiting) throw new QueueFull("busy");
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await job();
      } finally {
        release();
      }
    },
  };
}
