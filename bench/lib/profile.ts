/**
 * Attribution of a V8 CPU profile (`node --cpu-prof`) of the Action's start to packages and
 * activities, up to the instant the first model request left: which bundled package's code ran,
 * how long V8 spent compiling the bundle's chunks, Node's own internals, garbage collection, and
 * idle time (waiting for GitHub, git or a child process).
 *
 * Bundled code is attributed by line: esbuild's non-minified output marks each module's code
 * with a `// path/to/module.js` comment line. Profile timestamps are CLOCK_MONOTONIC microseconds
 * (V8's TimeTicks), the clock `process.hrtime` reads, so an instant observed in this process can
 * cut the child's profile.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
  /** Self samples by source line (1-based), when V8 recorded them. */
  positionTicks?: Array<{ line: number; ticks: number }>;
}

/** The parts of a `.cpuprofile` used here. */
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** `performance.now()` of this process as CLOCK_MONOTONIC microseconds (the profile's clock). */
export function monotonicUs(perfNowMs: number): number {
  const offsetUs = Number(process.hrtime.bigint() / 1000n) - performance.now() * 1000;
  return perfNowMs * 1000 + offsetUs;
}

/** Reads the one profile a run wrote into `dir`. */
export function readProfile(dir: string): CpuProfile {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
}

const linePackages = new Map<string, string[]>();

/** The package each line of a bundled file belongs to (esbuild's `// path` comments). */
function packagesByLine(url: string): string[] | undefined {
  if (!url.startsWith('file://')) return undefined;
  const cached = linePackages.get(url);
  if (cached) return cached;
  const path = fileURLToPath(url);
  if (!existsSync(path)) return undefined;
  let current = 'esbuild runtime helpers';
  const out = readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => {
      const m = /^\/\/ (\S*(?:node_modules\/|src\/)\S*)$/.exec(line);
      if (m?.[1]) {
        const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(m[1]);
        current = pkg?.[1] ?? 'src (Steward)';
      }
      return current;
    });
  linePackages.set(url, out);
  return out;
}

/**
 * Activities of one sample's frame, with weights summing to 1. Bundled code is split by the lines
 * its samples hit, since a chunk's top-level function holds the top-level code of every ES module
 * esbuild inlined into it.
 */
function categories(node: ProfileNode): Array<[string, number]> {
  const lines = packagesByLine(node.callFrame.url);
  const ticks = node.positionTicks ?? [];
  const total = ticks.reduce((a, t) => a + t.ticks, 0);
  if (!lines || total === 0) return [[category(node.callFrame), 1]];
  return ticks.map((t) => [lines[t.line - 1] ?? 'bundle', t.ticks / total]);
}

/** Activity of one frame. */
function category(frame: CallFrame): string {
  switch (frame.functionName) {
    case '(idle)':
      return 'idle: waiting for I/O (GitHub API, git, child processes)';
    case '(garbage collector)':
      return 'garbage collection';
    case '(program)':
      return 'V8/Node native (bootstrap, lazy compilation)';
    case 'compileSourceTextModule':
      return "compiling the bundle's ES modules";
  }
  if (frame.url.startsWith('node:')) return 'Node internals (module loader, builtins, fetch, child_process)';
  const lines = packagesByLine(frame.url);
  if (lines) return lines[Math.max(0, frame.lineNumber)] ?? 'bundle';
  return frame.url ? 'other code' : 'V8/Node native';
}

/**
 * Milliseconds of samples per activity or package from the start of the profile to `untilUs`
 * (CLOCK_MONOTONIC µs). A native frame without a URL counts for its nearest caller that has one.
 */
export function attribute(profile: CpuProfile, untilUs: number): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const owner = new Map<number, Array<[string, number]>>();
  const ownerOf = (id: number): Array<[string, number]> => {
    const known = owner.get(id);
    if (known) return known;
    let cur = byId.get(id);
    while (cur && !cur.callFrame.url && !cur.callFrame.functionName.startsWith('(')) {
      const p = parent.get(cur.id);
      cur = p === undefined ? undefined : byId.get(p);
    }
    // A native callee's line ticks are its own, not its caller's: split by the caller's frame line.
    const split: Array<[string, number]> = !cur
      ? [['V8/Node native', 1]]
      : cur.id === id
        ? categories(cur)
        : [[category(cur.callFrame), 1]];
    owner.set(id, split);
    return split;
  };
  const totals = new Map<string, number>();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (t > untilUs) break;
    const next = profile.timeDeltas[i + 1] ?? 0;
    for (const [name, weight] of ownerOf(profile.samples[i] as number))
      totals.set(name, (totals.get(name) ?? 0) + (weight * next) / 1000);
  }
  return totals;
}
