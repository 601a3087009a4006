/**
 * A hand-driven clock for tests of time-dependent behaviour (cache TTLs) without waiting.
 */
import type { Clock } from './types.ts';

/** A {@link Clock} that only moves when told to. */
export interface ManualClock extends Clock {
  /** Move time forward by `ms` milliseconds. */
  advance(ms: number): void;
  /** Jump to an absolute time in ms. */
  set(ms: number): void;
}

/** A manual clock starting at `startMs` (default 0). */
export function manualClock(startMs = 0): ManualClock {
  let now = startMs;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    set: (ms) => {
      now = ms;
    },
  };
}
