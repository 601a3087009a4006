/** Renders a run's results as `RESULTS.md`: the machine, a summary of the targets, then each benchmark. */
import type { MachineInfo } from './machine.ts';
import type { BenchResult, Metric } from './types.ts';

/** Everything a run writes to `results.json`. */
export interface RunResults {
  quick: boolean;
  machine: MachineInfo;
  load: { start: number; mean: number; max: number; samples: number };
  durationMs: number;
  benchmarks: BenchResult[];
  /** Benchmarks that crashed, with their error. */
  failures: Array<{ id: string; error: string }>;
}

function fmt(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  const digits =
    unit === 'x' ? 3 : unit === 'tokens' || unit === 'events/s' || abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  const text = value.toLocaleString('en', { maximumFractionDigits: digits });
  if (unit === 'x') return `${text}×`;
  if (unit === '%') return `${text} %`;
  return `${text} ${unit}`;
}

function target(m: Metric): string {
  if (!m.target) return '';
  return `${m.target.op === '<=' ? '≤' : '≥'} ${fmt(m.target.value, m.unit)}`;
}

function verdict(m: Metric): string {
  if (m.met === undefined) return m.target ? 'n/a' : '';
  return m.met ? '✅ met' : '❌ missed';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The Markdown report of a run. */
export function renderReport(r: RunResults): string {
  const m = r.machine;
  const lines: string[] = [
    '# Steward benchmarks',
    '',
    `Written by \`npm run bench\`${r.quick ? ' --quick (timings not meaningful)' : ''} (bench/run.ts); do not edit by hand — the explanations below are generated from the measurements.`,
    '',
    '| | |',
    '| --- | --- |',
    `| Date | ${m.date} |`,
    `| Machine | ${m.cores} × ${cell(m.cpuModel)}${m.cpuMhz > 0 ? ` (${m.cpuMhz} MHz)` : ''}, ${m.memoryGiB} GiB memory, ${m.os} |`,
    `| Node | ${m.node} (V8 ${m.v8}) |`,
    `| Commit | ${m.commit}${m.dirty ? ' with uncommitted changes' : ''} |`,
    `| Load average (1 min) | ${r.load.start} at the start, mean ${r.load.mean}, max ${r.load.max} during the run (the benchmarks themselves keep one to two cores busy) |`,
    `| Run time | ${(r.durationMs / 60_000).toFixed(1)} min |`,
    '',
  ];
  if (r.load.start > 1 || r.load.mean > 2.5)
    lines.push(
      `> The machine was not quiet (load ${r.load.start} at the start, mean ${r.load.mean}): other work competed for the 2 cores, so timings are higher and noisier than on an idle machine.`,
      '',
    );
  if (r.failures.length > 0) {
    lines.push('## Crashed benchmarks', '');
    for (const f of r.failures) lines.push(`- **${f.id}**: ${cell(f.error.split('\n')[0] ?? '')}`);
    lines.push('');
  }
  lines.push(
    '## Targets',
    '',
    '| Benchmark | Figure | Measured | Target | |',
    '| --- | --- | --- | --- | --- |',
  );
  for (const b of r.benchmarks) {
    for (const metric of b.metrics.filter((x) => x.target)) {
      lines.push(
        `| ${cell(b.title)} | ${cell(metric.label)} | ${fmt(metric.value, metric.unit)} | ${target(metric)} | ${verdict(metric)} |`,
      );
    }
  }
  lines.push('');
  for (const b of r.benchmarks) {
    lines.push(`## ${b.title}`, '');
    if (b.skipped) lines.push(`Skipped: ${b.skipped}.`, '');
    if (b.metrics.length > 0) {
      lines.push('| Figure | Measured | Target | | Spread |', '| --- | --- | --- | --- | --- |');
      for (const metric of b.metrics) {
        lines.push(
          `| ${cell(metric.label)} | ${fmt(metric.value, metric.unit)} | ${target(metric)} | ${verdict(metric)} | ${cell(metric.detail ?? '')} |`,
        );
      }
      lines.push('');
    }
    for (const note of b.notes) lines.push(`- ${note}`);
    if (b.durationMs !== undefined)
      lines.push(`- This benchmark took ${(b.durationMs / 1000).toFixed(1)} s.`);
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
