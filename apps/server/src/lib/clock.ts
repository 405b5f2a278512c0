/** Milliseconds since the epoch. Domain code takes a clock so tests can move time. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
