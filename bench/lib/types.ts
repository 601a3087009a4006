/**
 * Shapes shared by the benchmarks and the report: what a benchmark receives ({@link BenchContext})
 * and what it returns ({@link BenchResult}).
 */

/** How a figure compares with its target. */
export interface Target {
  /** `<=`: the figure must not exceed `value`; `>=`: it must reach it. */
  op: '<=' | '>=';
  value: number;
}

/** One figure of a benchmark, as shown in a row of `RESULTS.md`. */
export interface Metric {
  /** Stable key in `results.json`, e.g. `cold_start_ms`. */
  id: string;
  label: string;
  /** `null` when the figure could not be measured (see the benchmark's notes). */
  value: number | null;
  /** `ms`, `MB`, `KB`, `events/s`, `%`, `tokens`, `x` (a ratio), ... */
  unit: string;
  target?: Target;
  /** Whether the target is met; absent when there is no target or no value. */
  met?: boolean;
  /** Spread or context shown beside the figure, e.g. `min 120 · max 180 · n=15`. */
  detail?: string;
}

/** What a benchmark returns. */
export interface BenchResult {
  id: string;
  title: string;
  metrics: Metric[];
  /** Findings, explanations of missed targets, and what to change; rendered as a list. */
  notes: string[];
  /** Raw samples and breakdowns, kept in `results.json` only. */
  details?: Record<string, unknown>;
  /** Set when the benchmark could not run (a missing tool); the run does not fail for it. */
  skipped?: string;
  /** Wall time the benchmark itself took, in ms. */
  durationMs?: number;
}

/** Passed to every benchmark. */
export interface BenchContext {
  /** `--quick`: small sizes and few repetitions; timings are not meaningful. */
  quick: boolean;
  /** Repository root. */
  root: string;
  /** A private scratch directory, removed at the end of the run. */
  tmp: string;
  /** Progress line on stderr. */
  log(message: string): void;
  /** Results of the benchmarks that ran before, by id (the side-by-side reuses figures). */
  previous: ReadonlyMap<string, BenchResult>;
}

/** A benchmark module's entry point. */
export type Benchmark = (ctx: BenchContext) => Promise<BenchResult>;

/** Fills in {@link Metric.met} from the value and target. */
export function metric(m: Omit<Metric, 'met'>): Metric {
  if (m.target === undefined || m.value === null || !Number.isFinite(m.value)) return m;
  const met = m.target.op === '<=' ? m.value <= m.target.value : m.value >= m.target.value;
  return { ...m, met };
}
