/**
 * Benchmark 6: the file tools on a large repository. A generated tree of 100,000 files (1,000
 * directories of 100 source-like files, 0.5 % of them holding a marker line) is searched through
 * Steward's tools (src/tools/toolset.ts agentToolset, i.e. the SDK's glob and grep) and by `rg`
 * on the same tree, after one warm-up each so both read from the page cache; the figures are
 * ratios of medians measured here.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { glob } from 'node:fs/promises';
import { join } from 'node:path';
import { agentToolset } from '../src/tools/toolset.ts';
import type { StewardTool } from '../src/tools/types.ts';
import { median, repeat, round, spread, summarize } from './lib/stats.ts';
import { type BenchContext, type BenchResult, type Metric, metric } from './lib/types.ts';

const NEEDLE = 'STEWARD_BENCH_NEEDLE';
const EXTENSIONS = ['ts', 'ts', 'ts', 'ts', 'js', 'js', 'js', 'md', 'md', 'json'];

/** Writes `files` files under `root` (100 per directory, 10 directories per parent); returns ms. */
function generateTree(root: string, files: number): number {
  const t0 = performance.now();
  const perDir = 100;
  for (let d = 0; d * perDir < files; d++) {
    const dir = join(root, `pkg${Math.floor(d / 10)}`, `mod${d % 10}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < perDir && d * perDir + f < files; f++) {
      const i = d * perDir + f;
      const ext = EXTENSIONS[i % EXTENSIONS.length] as string;
      const marker = i % 200 === 7 ? `// ${NEEDLE}: file ${i}\n` : '';
      const body =
        `// generated file ${i}\nexport function f${i}(a: number, b: number): number {\n` +
        `  return a * ${i % 97} + b; // keep the line length of real code\n}\n${marker}` +
        `export const label${i} = 'module ${d} file ${f}';\n`;
      writeFileSync(join(dir, `file${f}.${ext}`), body);
    }
  }
  return performance.now() - t0;
}

/** Runs `rg` with the SDK's own arguments; returns ms and output lines. */
function runRg(args: string[]): { ms: number; lines: number } {
  const t0 = performance.now();
  const out = spawnSync('rg', args, { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  const ms = performance.now() - t0;
  if (out.status !== 0 && out.status !== 1) throw new Error(`rg failed: ${out.stderr}`);
  return { ms, lines: out.stdout.split('\n').filter(Boolean).length };
}

/** Calls a Steward tool; returns ms and the non-note lines of its output. */
async function runTool(
  tool: StewardTool,
  input: unknown,
): Promise<{ ms: number; lines: number; text: string }> {
  const t0 = performance.now();
  const out = await tool.run(input);
  const ms = performance.now() - t0;
  if (out.is_error) throw new Error(`${tool.name} failed: ${JSON.stringify(out.content).slice(0, 500)}`);
  const text = typeof out.content === 'string' ? out.content : JSON.stringify(out.content);
  return { ms, lines: text.split('\n').filter((l) => l && !l.startsWith('[')).length, text };
}

/** Iterates Node's fs.glob as the SDK's glob tool does, without its per-match realpath and stat. */
async function fsGlobOnly(root: string, pattern: string): Promise<{ ms: number; lines: number }> {
  const t0 = performance.now();
  let lines = 0;
  for await (const _ of glob(pattern, {
    cwd: root,
    withFileTypes: true,
    exclude: (d) => d.name === '.git' || d.name === 'node_modules',
  }))
    lines += 1;
  return { ms: performance.now() - t0, lines };
}

/** Runs the benchmark; see the module comment. */
export async function benchTools(ctx: BenchContext): Promise<BenchResult> {
  const files = ctx.quick ? 2_000 : 100_000;
  const reps = ctx.quick ? 2 : 5;
  const hasRg = spawnSync('rg', ['--version']).status === 0;
  if (!hasRg) {
    return {
      id: 'tools',
      title: 'Tools on a large repository',
      metrics: [],
      notes: [
        '`rg` (ripgrep) is not installed, so there is nothing to compare with: `apt-get install -y ripgrep` (.ci/run does).',
      ],
      skipped: 'ripgrep is not installed',
    };
  }
  const root = join(ctx.tmp, 'large-repo');
  ctx.log(`tools: generating ${files} files`);
  const genMs = generateTree(root, files);
  const tools = agentToolset({
    workspace: root,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    tools: [
      { name: 'glob', permission: 'always_allow' },
      { name: 'grep', permission: 'always_allow' },
    ],
  });
  const glob = tools.find((t) => t.name === 'glob') as StewardTool;
  const grep = tools.find((t) => t.name === 'grep') as StewardTool;
  const rgGlobArgs = ['--no-config', '--files', '-g', '*.ts', root];
  const rgGrepArgs = ['--no-config', '-n', '--no-heading', '-e', NEEDLE, '--', root];

  // Warm-ups: the page cache and the JIT, for both sides.
  runRg(rgGlobArgs);
  runRg(rgGrepArgs);
  await runTool(glob, { pattern: '**/*.ts' });
  await runTool(grep, { pattern: NEEDLE });

  ctx.log(`tools: glob and grep × ${reps}`);
  type Timed = { ms: number; lines: number };
  const rgGlob: Timed[] = [];
  const stGlob: Timed[] = [];
  const walkOnly: Timed[] = [];
  const rgGrep: Timed[] = [];
  const stGrep: Timed[] = [];
  // Round-robin, so load from elsewhere hits both sides alike. walkOnly: Node's fs.glob walk
  // without the tool's realpath and stat per match, to show where glob's time goes.
  for (let i = 0; i < reps; i++) {
    rgGlob.push(runRg(rgGlobArgs));
    stGlob.push(await runTool(glob, { pattern: '**/*.ts' }));
    walkOnly.push(await fsGlobOnly(root, '**/*.ts'));
    rgGrep.push(runRg(rgGrepArgs));
    stGrep.push(await runTool(grep, { pattern: NEEDLE }));
  }

  // The SDK's grep falls back to a JavaScript walker when no `rg` is on PATH (it reads PATH per call).
  ctx.log('tools: grep without rg on PATH (the built-in walker)');
  const savedPath = process.env.PATH;
  let walker: Array<{ ms: number; lines: number; text: string }>;
  try {
    process.env.PATH = '/nonexistent';
    // Slow (tens of seconds on 100,000 files) and the page cache is warm already: two calls, no warm-up.
    walker = await repeat(ctx.quick ? 1 : 2, () => runTool(grep, { pattern: NEEDLE }));
  } finally {
    process.env.PATH = savedPath;
  }
  await Promise.allSettled(tools.map((t) => t.close?.()));
  rmSync(root, { recursive: true, force: true }); // 100,000 files: removing them is part of this benchmark's time

  const s = (xs: Array<{ ms: number }>) => summarize(xs.map((x) => x.ms));
  const ratio = (a: Array<{ ms: number }>, b: Array<{ ms: number }>) =>
    round(median(a.map((x) => x.ms)) / median(b.map((x) => x.ms)), 2);
  const expectedHits = Math.floor((files - 8) / 200) + 1;
  const hits = (xs: Array<{ lines: number }>) => xs[0]?.lines ?? 0;
  /** A timing metric: the median of `xs`, with its spread. */
  const timed = (id: string, label: string, xs: Array<{ ms: number }>): Metric =>
    metric({ id, label, value: round(median(xs.map((x) => x.ms)), 1), unit: 'ms', detail: spread(s(xs)) });
  const metrics: Metric[] = [
    timed('glob_ms', `glob \`**/*.ts\` through Steward (${files.toLocaleString('en')} files)`, stGlob),
    timed('glob_rg_ms', '… `rg --files -g *.ts`', rgGlob),
    metric({ id: 'glob_ratio', label: '… Steward / rg', value: ratio(stGlob, rgGlob), unit: 'x' }),
    timed('glob_walk_only_ms', "… of Steward's time, Node's fs.glob walk alone", walkOnly),
    timed('grep_ms', 'grep a marker through Steward (runs rg)', stGrep),
    timed('grep_rg_ms', '… `rg` directly', rgGrep),
    metric({ id: 'grep_ratio', label: '… Steward / rg', value: ratio(stGrep, rgGrep), unit: 'x' }),
    timed('grep_walker_ms', 'grep without rg on PATH (SDK built-in walker)', walker),
    metric({ id: 'grep_walker_ratio', label: '… walker / rg', value: ratio(walker, rgGrep), unit: 'x' }),
  ];
  const rgFiles = hits(rgGlob);
  const notes = [
    `Tree: ${files.toLocaleString('en')} files in ${Math.ceil(files / 100)} directories (${round(genMs / 1000, 1)} s to write), ${expectedHits} holding the marker. ` +
      `Times are medians of ${reps} calls after a warm-up, from the call to the tool's result (Steward) or spawn to exit (rg).`,
    `glob: rg lists all ${rgFiles} matches; Steward's glob (the SDK's: Node's fs.glob, then a realpath and a stat of every match, awaited one after the other, ` +
      `to keep matches inside the workspace and sort them by mtime) returns the newest ${hits(stGlob)}, the SDK's limit of 200. ` +
      `The walk is ${round(median(walkOnly.map((x) => x.ms)), 0)} ms of its ${round(median(stGlob.map((x) => x.ms)), 0)} ms; the rest is the ${2 * rgFiles} sequential file-system calls.`,
    `grep: Steward's grep spawns the same rg (${hits(stGrep)} matches, rg ${hits(rgGrep)}); the walker found ${hits(walker)}` +
      (hits(walker) < hits(rgGrep)
        ? ` — fewer, because the SDK's walker stops after 50,000 directory entries (WALK_MAX_ENTRIES), silently. Where rg is missing, a large repository is only half searched.`
        : '.'),
  ];
  if (!ctx.quick && ratio(stGlob, rgGlob) > 3)
    notes.push(
      `Fix (src/tools/toolset.ts, which already wraps the SDK's tools): serve glob from \`rg --files -g PATTERN\` when rg is on PATH — rg does not follow symlinks, ` +
        'so every result is inside the workspace without a realpath per match — and stat the matches with bounded concurrency (or `--sortr modified`) for the mtime order; ' +
        'or, upstream in the SDK, batch the realpath and stat calls instead of awaiting 2 per match in sequence.',
    );
  if (hits(walker) < hits(rgGrep))
    notes.push(
      'Fix for grep without rg: make ripgrep part of the runner set-up Steward documents (apt-get install -y ripgrep), and have the grep wrapper say when a search ' +
        'was cut short, so the model does not take half a repository for all of it.',
    );
  return {
    id: 'tools',
    title: `Tools on a large repository (${files.toLocaleString('en')} files)`,
    metrics,
    notes,
    details: {
      files,
      generateMs: round(genMs, 0),
      globSteward: s(stGlob),
      globRg: s(rgGlob),
      grepSteward: s(stGrep),
      grepRg: s(rgGrep),
      grepWalker: s(walker),
      counts: {
        globSteward: hits(stGlob),
        globRg: rgFiles,
        grepSteward: hits(stGrep),
        grepRg: hits(rgGrep),
        grepWalker: hits(walker),
      },
    },
  };
}
