// `npm run bench`: Steward's benchmarks (issue 7). Runs every benchmark in sequence on this
// machine, prints progress on stderr, and writes results.json and RESULTS.md: into bench/ for a
// full run, into a temporary directory for `--quick` or `--only` runs (so CI never dirties bench/).
//
//   npm run bench                       full run, < 10 min on 2 cores
//   npm run bench -- --quick            small sizes, few repetitions, no Claude Code install; < 1 min
//   npm run bench -- --only cache,tools run some benchmarks (ids below)
//   npm run bench -- --out DIR          write the results there
//
// The exit status is 1 when a benchmark crashed. No timing is ever asserted: a missed target is
// reported, not failed.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchCache } from './cache.ts';
import { benchClaudeCode } from './claude-code.ts';
import { benchColdStart } from './cold-start.ts';
import { benchEventLog } from './event-log.ts';
import { machineInfo, sampleLoad } from './lib/machine.ts';
import { type RunResults, renderReport } from './lib/report.ts';
import type { BenchContext, Benchmark, BenchResult } from './lib/types.ts';
import { benchMemory } from './memory.ts';
import { benchOverhead } from './overhead.ts';
import { benchRequestSize } from './request-size.ts';
import { benchTools } from './tools.ts';

/** In run order: start-up first, while nothing of ours has warmed the page cache for it. */
const BENCHMARKS: ReadonlyArray<[id: string, run: Benchmark]> = [
  ['cold-start', benchColdStart],
  ['overhead', benchOverhead],
  ['cache', benchCache],
  ['event-log', benchEventLog],
  ['memory', benchMemory],
  ['tools', benchTools],
  // Before request-size, which compares with the Claude Code request measured here.
  ['claude-code', benchClaudeCode],
  ['request-size', benchRequestSize],
];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
  },
});
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const only = values.only?.split(',').map((s) => s.trim());
const unknown = only?.filter((id) => !BENCHMARKS.some(([b]) => b === id)) ?? [];
if (unknown.length > 0) {
  console.error(
    `unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHMARKS.map(([b]) => b).join(', ')}`,
  );
  process.exit(2);
}
const quick = values.quick ?? false;
const full = !quick && !only;
const outDir = values.out
  ? resolve(values.out)
  : full
    ? join(root, 'bench')
    : mkdtempSync(join(tmpdir(), `steward-bench-${quick ? 'quick' : 'partial'}-`));
const scratch = mkdtempSync(join(tmpdir(), 'steward-bench-work-'));

const started = performance.now();
const machine = machineInfo();
const load = sampleLoad();
const results = new Map<string, BenchResult>();
const failures: RunResults['failures'] = [];
const ctx: BenchContext = {
  quick,
  root,
  tmp: scratch,
  log: (message) => process.stderr.write(`[bench] ${message}\n`),
  previous: results,
};

try {
  for (const [id, run] of BENCHMARKS) {
    if (only && !only.includes(id)) continue;
    const t0 = performance.now();
    ctx.log(`── ${id}`);
    try {
      const tmp = join(scratch, id);
      mkdirSync(tmp, { recursive: true });
      const result = await run({ ...ctx, tmp });
      result.durationMs = performance.now() - t0;
      results.set(id, result);
      for (const m of result.metrics)
        ctx.log(
          `   ${m.label}: ${m.value} ${m.unit}${m.met === undefined ? '' : m.met ? ' (target met)' : ' (target missed)'}`,
        );
    } catch (err) {
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      failures.push({ id, error });
      ctx.log(`!! ${id} crashed:\n${error}`);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const report: RunResults = {
  quick,
  machine,
  load: load.stop(),
  durationMs: performance.now() - started,
  benchmarks: [...results.values()],
  failures,
};
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(outDir, 'RESULTS.md'), renderReport(report));
ctx.log(
  `done in ${(report.durationMs / 1000).toFixed(1)} s; wrote ${join(outDir, 'results.json')} and RESULTS.md` +
    (failures.length > 0
      ? `; ${failures.length} benchmark(s) crashed: ${failures.map((f) => f.id).join(', ')}`
      : ''),
);
process.exit(failures.length > 0 ? 1 : 0);
