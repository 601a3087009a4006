/**
 * Runs the bundled CLI (`node dist/cli.js run`) on a scripted session against a fake Messages
 * API, as a user would run it locally: one child process, measured from outside.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ChildRun, runChild } from './child.ts';

/** What {@link runCli} needs. */
export interface CliRunOptions {
  root: string;
  tmp: string;
  /** Base URL of the Messages API. */
  baseURL: string;
  specYaml: string;
  task: string;
  workspace: string;
  /** Measure peak RSS and CPU time. */
  resources?: boolean;
  /** Extra node options before the entry point. */
  nodeArgs?: string[];
  timeoutMs?: number;
  /** Extra environment variables for the CLI process. */
  env?: Record<string, string>;
}

let runs = 0;

/** Runs `steward run --spec … --task … --workspace … --out …` once; rejects unless it exits 0. */
export async function runCli(options: CliRunOptions): Promise<ChildRun> {
  const dir = join(options.tmp, `cli-${process.pid}-${++runs}`);
  mkdirSync(dir, { recursive: true });
  const spec = join(dir, 'agent.yml');
  writeFileSync(spec, options.specYaml);
  const args = [
    ...(options.nodeArgs ?? []),
    join(options.root, 'dist', 'cli.js'),
    'run',
    '--spec',
    spec,
    '--task',
    options.task,
    '--workspace',
    options.workspace,
    '--out',
    join(dir, 'out'),
    '--json',
  ];
  const run = await runChild(process.execPath, args, {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dir,
      LANG: 'C.UTF-8',
      ANTHROPIC_API_KEY: 'sk-ant-bench',
      ANTHROPIC_BASE_URL: options.baseURL,
      ...options.env,
    },
    cwd: options.workspace,
    tmp: options.tmp,
    timeoutMs: options.timeoutMs ?? 300_000,
    ...(options.resources ? { resources: true } : {}),
  });
  if (run.exitCode !== 0)
    throw new Error(
      `steward run exited ${run.exitCode}:\n${run.stdout.slice(-1500)}\n${run.stderr.slice(-2500)}`,
    );
  return run;
}
