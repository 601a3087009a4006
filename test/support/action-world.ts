/**
 * Runs the bundled Action (`dist/main.js`, then `dist/post.js`) the way a GitHub runner does —
 * a child process with the runner's environment, `INPUT_*` variables and command files — against
 * the three loopback services. Shared by the end-to-end tests, the demo and the benchmarks.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { type FakeArtifactService, startFakeArtifactService } from '../fakes/artifacts/index.ts';
import {
  createTestRepository,
  type FakeGitHub,
  loadWebhookExample,
  retargetPayload,
  startFakeGitHub,
  type TestRepository,
} from '../fakes/github/index.ts';
import { type FakeMessagesApi, startFakeMessagesApi } from '../fakes/messages/index.ts';
import type { Scenario } from '../fakes/messages/types.ts';
import { readCommandFile } from './runner-files.ts';

/** Repository root (where `dist/` lives). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The API key and token handed to the Action; unique so a leak scan can find them anywhere. */
export const SECRETS = {
  apiKey: `sk-ant-test-${Math.random().toString(36).slice(2)}`,
  githubToken: `ghs_test${Math.random().toString(36).slice(2)}`,
};

/** What {@link startWorld} builds the world from. */
export interface WorldOptions {
  /** Files of the base commit (the spec lives here, as on the default branch). */
  baseFiles: Record<string, string>;
  /** Files the pull request changes. */
  headFiles: Record<string, string | null>;
  scenario?: Scenario;
  /** Webhook example to replay; default `pull_request` `opened`. */
  event?: { name: string; action?: string };
  /** Role of the event's sender by the collaborator-permission endpoint; default `write`. */
  senderRole?: 'admin' | 'maintain' | 'write' | 'triage' | 'read';
}

/** The three services, the repository and the payload of one end-to-end run. */
export interface World {
  messages: FakeMessagesApi;
  github: FakeGitHub;
  artifacts: FakeArtifactService;
  repo: TestRepository;
  /** The working tree the Action sees as `GITHUB_WORKSPACE` (checked out at the PR head). */
  workspace: string;
  eventName: string;
  payloadPath: string;
  /** The runner's scratch directory (`RUNNER_TEMP`) and command files. */
  runnerDir: string;
  close(): Promise<void>;
}

/**
 * Starts the services, makes the repository (base on `main`, the change on `feature`), seeds the
 * fake GitHub server from a real webhook payload pointed at it, and writes the payload file.
 */
export async function startWorld(options: WorldOptions): Promise<World> {
  const repo = await createTestRepository({ baseFiles: options.baseFiles, headFiles: options.headFiles });
  await repo.git(['checkout', '-q', repo.headRef]);
  const eventName = options.event?.name ?? 'pull_request';
  const example = loadWebhookExample(
    eventName as 'pull_request',
    (options.event?.action ?? 'opened') as 'opened',
  );
  const payload = retargetPayload(example, {
    owner: 'octo-org',
    repo: 'widgets',
    headRef: repo.headRef,
    headSha: repo.headSha,
    baseRef: repo.baseRef,
    baseSha: repo.baseSha,
  });
  const [messages, artifacts] = await Promise.all([
    startFakeMessagesApi(options.scenario ? { scenario: options.scenario } : {}),
    startFakeArtifactService({ repository: 'octo-org/widgets', workspace: repo.workDir }),
  ]);
  const github = await startFakeGitHub({
    payload,
    bareRepo: repo.bareDir,
    fallback: (req, res) => artifacts.handleRestRequest(req, res),
  });
  const sender = (github.payload as { sender?: { login?: string } }).sender?.login ?? 'octocat';
  github.setPermission(sender, options.senderRole ?? 'write');
  const runnerDir = mkdtempSync(join(tmpdir(), 'steward-runner-'));
  const payloadPath = join(runnerDir, 'event.json');
  writeFileSync(payloadPath, JSON.stringify(github.payload, null, 2));
  return {
    messages,
    github,
    artifacts,
    repo,
    workspace: repo.workDir,
    eventName,
    payloadPath,
    runnerDir,
    async close() {
      await Promise.allSettled([messages.close(), github.close(), artifacts.close()]);
      await repo.dispose();
      rmSync(runnerDir, { recursive: true, force: true });
    },
  };
}

/** What one step of the Action left behind. */
export interface StepRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Outputs the step set (`GITHUB_OUTPUT`). */
  outputs: Record<string, string>;
  /** State saved for the post step (`GITHUB_STATE`). */
  state: Record<string, string>;
  /** The job summary the step wrote (`GITHUB_STEP_SUMMARY`). */
  summary: string;
  durationMs: number;
}

/** `with:` inputs of the step, by input name (`agent`, `task`, …). */
export type StepInputs = Record<string, string>;

function runnerEnv(world: World, step: string, inputs: StepInputs): Record<string, string> {
  const dir = join(world.runnerDir, step);
  mkdirSync(join(dir, 'temp'), { recursive: true });
  const files = {
    GITHUB_OUTPUT: 'output',
    GITHUB_STATE: 'state',
    GITHUB_STEP_SUMMARY: 'summary',
    GITHUB_ENV: 'env',
    GITHUB_PATH: 'path',
  };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    ...world.artifacts.env,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: world.github.url,
    GITHUB_REPOSITORY: 'octo-org/widgets',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_EVENT_NAME: world.eventName,
    GITHUB_EVENT_PATH: world.payloadPath,
    GITHUB_WORKSPACE: world.workspace,
    GITHUB_SHA: world.repo.headSha,
    RUNNER_TEMP: join(dir, 'temp'),
    ANTHROPIC_BASE_URL: world.messages.url,
    INPUT_ANTHROPIC_API_KEY: SECRETS.apiKey,
    INPUT_GITHUB_TOKEN: SECRETS.githubToken,
    INPUT_SPEC_DIR: '.github/steward',
    INPUT_PROVIDER: 'anthropic',
    INPUT_UPLOAD_ARTIFACT: 'true',
  };
  for (const [name, file] of Object.entries(files)) {
    env[name] = join(dir, file);
    writeFileSync(env[name], '');
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return env;
}

/** Runs `node dist/<entry>.js` as a step; `extraEnv` carries `STATE_*` for the post step. */
async function runStep(
  world: World,
  entry: 'main' | 'post',
  inputs: StepInputs,
  extraEnv: Record<string, string> = {},
): Promise<StepRun> {
  const env = { ...runnerEnv(world, entry, inputs), ...extraEnv };
  const started = performance.now();
  const child = await execa(process.execPath, [join(ROOT, 'dist', `${entry}.js`)], {
    env,
    extendEnv: false,
    reject: false,
    cwd: world.workspace,
    timeout: 120_000,
  });
  return {
    exitCode: child.exitCode ?? -1,
    stdout: child.stdout,
    stderr: child.stderr,
    outputs: readCommandFile(env.GITHUB_OUTPUT ?? ''),
    state: readCommandFile(env.GITHUB_STATE ?? ''),
    summary: readFileSync(env.GITHUB_STEP_SUMMARY ?? '', 'utf8'),
    durationMs: performance.now() - started,
  };
}

/**
 * Runs the main step, then the post step with the state the main step saved — what the runner
 * does for `runs.main` and `runs.post` with `post-if: always()`.
 */
export async function runAction(
  world: World,
  inputs: StepInputs = {},
): Promise<{ main: StepRun; post: StepRun }> {
  const main = await runStep(world, 'main', inputs);
  const stateEnv = Object.fromEntries(Object.entries(main.state).map(([k, v]) => [`STATE_${k}`, v]));
  const post = await runStep(world, 'post', inputs, stateEnv);
  return { main, post };
}
