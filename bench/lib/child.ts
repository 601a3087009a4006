/**
 * Child processes with the figures the benchmarks need: the exact spawn instant, wall time, and,
 * on request, peak resident memory and CPU time through `/usr/bin/time` (GNU time reads them from
 * `wait4`'s rusage). Where GNU time is missing, Node children report `process.resourceUsage()`
 * through a preload instead, and other children go without.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GNU_TIME = '/usr/bin/time';
const RSS_REPORTER = fileURLToPath(new URL('./rss-reporter.ts', import.meta.url));

/** Whether peak memory comes from GNU time (else from the Node preload). */
export const HAS_GNU_TIME = existsSync(GNU_TIME);

/** Options of {@link runChild}. */
export interface ChildOptions {
  env: Record<string, string>;
  cwd?: string;
  /** Kill the child after this many ms (default 120 s); the result then has `timedOut`. */
  timeoutMs?: number;
  /** Measure peak RSS and CPU time (adds the exec of `/usr/bin/time`, about a millisecond). */
  resources?: boolean;
  /** A scratch directory for the resource report file. */
  tmp: string;
  /** Called with each stdout chunk (to react to a line before the child exits). */
  onStdout?: (chunk: string) => void;
  /**
   * Ends the child early: on abort its whole process group (it runs in its own) gets SIGKILL, so
   * nothing it started lingers. The result then has `killed`.
   */
  signal?: AbortSignal;
}

/** What one child run gave. */
export interface ChildRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** `performance.now()` just before `spawn`. */
  spawnedAt: number;
  wallMs: number;
  timedOut: boolean;
  /** Ended through `signal`. */
  killed: boolean;
  /** Peak resident set size in MiB, when measured. */
  peakRssMb?: number;
  /** CPU seconds (user + system), when measured by GNU time. */
  cpuS?: number;
}

let seq = 0;

/** Runs `command args` to its end and measures it; never rejects for a non-zero exit. */
export async function runChild(command: string, args: string[], options: ChildOptions): Promise<ChildRun> {
  const report = join(options.tmp, `rusage-${process.pid}-${++seq}.txt`);
  let cmd = command;
  let argv = args;
  const env = { ...options.env };
  if (options.resources && HAS_GNU_TIME) {
    cmd = GNU_TIME;
    argv = ['-f', '%M %U %S', '-o', report, command, ...args];
  } else if (options.resources) {
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --import=${RSS_REPORTER}`.trim();
    env.STEWARD_BENCH_RSS_FILE = report;
  }
  const spawnedAt = performance.now();
  const child = spawn(cmd, argv, {
    env,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.signal !== undefined,
  });
  let killed = false;
  const killGroup = () => {
    killed = true;
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  if (options.signal?.aborted) killGroup();
  else options.signal?.addEventListener('abort', killGroup, { once: true });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    options.onStdout?.(d);
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 120_000);
  let exitedAt = Number.NaN;
  const exitCode = await new Promise<number>((resolve) => {
    child.on('error', (err) => {
      stderr += String(err);
      exitedAt = performance.now();
      resolve(-1);
    });
    // 'close' waits for the pipes; a grandchild that keeps them open would hang it, so use 'exit'
    // and give the pipes a moment to drain.
    child.on('exit', (code, signal) => {
      exitedAt = performance.now();
      setTimeout(() => resolve(code ?? (signal ? 128 : -1)), 20);
    });
  });
  const wallMs = exitedAt - spawnedAt;
  clearTimeout(timer);
  options.signal?.removeEventListener('abort', killGroup);
  const run: ChildRun = { exitCode, stdout, stderr, spawnedAt, wallMs, timedOut, killed };
  if (options.resources && existsSync(report)) {
    const fields = readFileSync(report, 'utf8').trim().split('\n').at(-1)?.split(/\s+/).map(Number) ?? [];
    if (HAS_GNU_TIME) {
      const [kb = Number.NaN, user = Number.NaN, sys = Number.NaN] = fields;
      run.peakRssMb = kb / 1024;
      run.cpuS = user + sys;
    } else {
      run.peakRssMb = (fields[0] ?? Number.NaN) / 1024;
    }
    rmSync(report, { force: true });
  }
  return run;
}

/** The last line of `text` that parses as JSON (children print their result last). */
export function lastJsonLine<T>(text: string): T {
  const lines = text.trim().split('\n').reverse();
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    try {
      return JSON.parse(line) as T;
    } catch {
      // not the result line
    }
  }
  throw new Error(`no JSON result line in the child's output:\n${text.slice(-2000)}`);
}
