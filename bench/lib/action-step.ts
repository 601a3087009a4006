/**
 * Runs `node dist/main.js` as the main step of a GitHub runner would, in a world made by
 * test/support/action-world.ts (`startWorld`: the fake Messages API, fake GitHub, the artifact
 * service, a real git repository and a real webhook payload).
 *
 * action-world's own `runAction` spawns through execa after writing the command files, so the
 * instant the process starts is not observable from outside, and its environment always points
 * at the fakes themselves. The benchmarks need both: the exact spawn instant, and the Messages
 * API and GitHub URLs pointed at timing proxies. So this builds the same environment
 * (mirroring action-world's `runnerEnv`; keep the two in step) and spawns with node's `spawn`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SECRETS, type World } from '../../test/support/action-world.ts';
import { readCommandFile } from '../../test/support/runner-files.ts';
import { type ChildRun, runChild } from './child.ts';

/** Where the step's requests go, and what to measure. */
export interface StepOptions {
  /** Base URL for `ANTHROPIC_BASE_URL` (a proxy in front of `world.messages`). */
  messagesUrl: string;
  /** Base URL for `GITHUB_API_URL` (a proxy in front of `world.github`). */
  githubUrl: string;
  /** The bundle to run; default `<root>/dist/main.js`. */
  entry: string;
  tmp: string;
  resources?: boolean;
  /** `with:` inputs, by name. */
  inputs?: Record<string, string>;
  /** Options for node before the entry (`--cpu-prof`, ...). */
  nodeArgs?: string[];
  /** Extra environment variables (a preload through NODE_OPTIONS, ...). */
  env?: Record<string, string>;
  /** Ends the step early (its process group gets SIGKILL). */
  signal?: AbortSignal;
}

/** One main step, with the outputs it set. */
export interface StepRun extends ChildRun {
  outputs: Record<string, string>;
}

let steps = 0;

/** The runner's environment for one step, as action-world builds it. */
function runnerEnv(world: World, options: StepOptions): Record<string, string> {
  const dir = join(world.runnerDir, `bench-step-${++steps}`);
  mkdirSync(join(dir, 'temp'), { recursive: true });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    ...world.artifacts.env,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: options.githubUrl,
    GITHUB_REPOSITORY: 'octo-org/widgets',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_EVENT_NAME: world.eventName,
    GITHUB_EVENT_PATH: world.payloadPath,
    GITHUB_WORKSPACE: world.workspace,
    GITHUB_SHA: world.repo.headSha,
    RUNNER_TEMP: join(dir, 'temp'),
    ANTHROPIC_BASE_URL: options.messagesUrl,
    INPUT_ANTHROPIC_API_KEY: SECRETS.apiKey,
    INPUT_GITHUB_TOKEN: SECRETS.githubToken,
    INPUT_SPEC_DIR: '.github/steward',
    INPUT_PROVIDER: 'anthropic',
    INPUT_UPLOAD_ARTIFACT: 'true',
  };
  const files = ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY', 'GITHUB_ENV', 'GITHUB_PATH'];
  for (const name of files) {
    env[name] = join(dir, name.toLowerCase());
    writeFileSync(env[name], '');
  }
  for (const [name, value] of Object.entries(options.inputs ?? {}))
    env[`INPUT_${name.toUpperCase()}`] = value;
  return { ...env, ...options.env };
}

/** Runs the main step once and returns its timing and outputs. */
export async function runMainStep(world: World, options: StepOptions): Promise<StepRun> {
  const env = runnerEnv(world, options);
  const run = await runChild(process.execPath, [...(options.nodeArgs ?? []), options.entry], {
    env,
    cwd: world.workspace,
    tmp: options.tmp,
    timeoutMs: 120_000,
    ...(options.resources ? { resources: true } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { ...run, outputs: readCommandFile(env.GITHUB_OUTPUT ?? '') };
}
