/** Small statistics over repeated samples. */

/** Median of `samples` (mean of the two middle values for an even count); NaN when empty. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const s = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Sum of `samples`. */
export function sum(samples: readonly number[]): number {
  return samples.reduce((a, b) => a + b, 0);
}

/** Rounds to `digits` decimals (default 1), keeping the number type for JSON. */
export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Summary of repeated samples: median, min, max and count. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
  samples: number[];
}

/** Summarizes `samples` (rounded to 0.01 for the JSON file). */
export function summarize(samples: readonly number[]): Summary {
  return {
    median: round(median(samples), 2),
    min: round(Math.min(...samples), 2),
    max: round(Math.max(...samples), 2),
    n: samples.length,
    samples: samples.map((s) => round(s, 2)),
  };
}

/** `min 12.3 · max 15.1 · n=9` for a table cell. */
export function spread(s: Summary, digits = 1): string {
  return `min ${s.min.toFixed(digits)} · max ${s.max.toFixed(digits)} · n=${s.n}`;
}

/** Runs `fn` `times` times in sequence and collects what it returns. */
export async function repeat<T>(times: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < times; i++) out.push(await fn(i));
  return out;
}
