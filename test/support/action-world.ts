/**
 * Runs the bundled Action (`dist/main.js`, then `dist/post.js`) the way a GitHub runner does —
 * a child process with the runner's environment, `INPUT_*` variables and command files — against
 * the three loopback services. Shared by the end-to-end tests, the demo and the benchmarks.
 *
 * Events are real payloads from `@octokit/webhooks-examples`, retargeted at a real git repository
 * (base commit on `main`, the change on `feature`). Where the examples lack something GitHub sends
 * (no `schedule` example; no `issue_comment` on a pull request), the payload is built from the
 * closest real example and the difference is said where it is made.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import {
  type FakeArtifactService,
  type FakeRun,
  startFakeArtifactService,
} from '../fakes/artifacts/index.ts';
import {
  createTestRepository,
  type FakeGitHub,
  loadWebhookExample,
  type RepoRole,
  retargetPayload,
  startFakeGitHub,
  type TestRepository,
} from '../fakes/github/index.ts';
import { type FakeMessagesApi, startFakeMessagesApi } from '../fakes/messages/index.ts';
import type { Scenario } from '../fakes/messages/types.ts';
import { buildPayload, OWNER, pullLinks, REPO } from './payloads.ts';
import { readCommandFile } from './runner-files.ts';

/** Repository root (where `dist/` lives). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The API key and token handed to the Action; unique so a leak scan can find them anywhere. */
export const SECRETS = {
  apiKey: `sk-ant-test-${Math.random().toString(36).slice(2)}`,
  githubToken: `ghs_test${Math.random().toString(36).slice(2)}`,
};

export { OWNER, REPO } from './payloads.ts';

/** An event of the examples package: `pull_request.opened`, `push`, `issue_comment.created`, … */
export type EventKey =
  | 'pull_request.opened'
  | 'pull_request.synchronize'
  | 'pull_request_target.opened'
  | 'push'
  | 'issues.opened'
  | 'issue_comment.created'
  | 'issue_comment.edited'
  | 'workflow_dispatch'
  | 'schedule';

/** What {@link startWorld} builds the world from. */
export interface WorldOptions {
  /** Files of the base commit (the spec lives here, as on the default branch). */
  baseFiles: Record<string, string>;
  /** Files the pull request (or the pushed commit) changes. */
  headFiles: Record<string, string | null>;
  scenario?: Scenario;
  /** Webhook example to replay; default `pull_request.opened`. */
  event?: EventKey;
  /** Login of the sender (and author of the comment, issue or PR); default the example's. */
  sender?: string;
  /** Role of the sender by the collaborator-permission endpoint; default `write`; null sets none. */
  senderRole?: RepoRole | null;
  /** Body of the comment (comment events) or of the issue / pull request. */
  body?: string;
  /** For `issue_comment`: the comment is on a pull request (head `feature`, base `main`). */
  onPullRequest?: boolean;
  /** `workflow_dispatch` inputs. */
  dispatchInputs?: Record<string, string>;
}

/** The three services, the repository and the payload of one end-to-end run. */
export interface World {
  messages: FakeMessagesApi;
  github: FakeGitHub;
  artifacts: FakeArtifactService;
  repo: TestRepository;
  /** The working tree the Action sees as `GITHUB_WORKSPACE`. */
  workspace: string;
  eventName: string;
  payloadPath: string;
  /** The payload the next run gets (what `payloadPath` holds). */
  payload: Record<string, unknown>;
  /** The issue or pull request number the event is about (0 for none). */
  number: number;
  /** The runner's scratch directory (`RUNNER_TEMP`) and command files. */
  runnerDir: string;
  /** Replaces the event the next run gets. */
  setEvent(name: string, payload: Record<string, unknown>): void;
  /**
   * Adds a comment on the world's issue or PR (through the fake's state, as a person would) and makes
   * it the next run's `issue_comment.created` event; returns its id.
   */
  comment(body: string, options?: { author?: string; action?: 'created' | 'edited' }): number;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

/**
 * Starts the services, makes the repository (base on `main`, the change on `feature`), seeds the
 * fake GitHub server from a real webhook payload pointed at it, and writes the payload file.
 */
export async function startWorld(options: WorldOptions): Promise<World> {
  const repo = await createTestRepository({ baseFiles: options.baseFiles, headFiles: options.headFiles });
  const key = options.event ?? 'pull_request.opened';
  const [name = ''] = key.split('.');
  const eventName = name;
  const prEvent = name === 'pull_request' || name === 'pull_request_target';
  // Pull request and push runs see the change checked out; the others the default branch.
  if (prEvent || name === 'push') await repo.git(['checkout', '-q', repo.headRef]);
  const payload = buildPayload(key, repo, options);
  const [messages, artifacts] = await Promise.all([
    startFakeMessagesApi(options.scenario ? { scenario: options.scenario } : {}),
    startFakeArtifactService({ repository: `${OWNER}/${REPO}`, workspace: repo.workDir }),
  ]);
  const github = await startFakeGitHub({
    payload,
    bareRepo: repo.bareDir,
    fallback: (req, res) => artifacts.handleRestRequest(req, res),
  });
  const seeded = github.payload as Json;
  const number = Number(
    (seeded.issue as Json | undefined)?.number ?? (seeded.pull_request as Json | undefined)?.number ?? 0,
  );
  if (name === 'issue_comment' && options.onPullRequest) {
    const issue = seeded.issue as Json;
    github.addPullRequest({
      number,
      title: String(issue.title),
      body: String(issue.body ?? ''),
      user: String((issue.user as Json).login),
      head: { ref: repo.headRef, sha: repo.headSha },
      base: { ref: repo.baseRef, sha: repo.baseSha },
    });
  }
  const sender = String((seeded.sender as Json | undefined)?.login ?? '');
  if (sender && options.senderRole !== null) github.setPermission(sender, options.senderRole ?? 'write');
  const runnerDir = mkdtempSync(join(tmpdir(), 'steward-runner-'));
  const world: World = {
    messages,
    github,
    artifacts,
    repo,
    workspace: repo.workDir,
    eventName,
    payloadPath: join(runnerDir, 'event.json'),
    payload: seeded,
    number,
    runnerDir,
    setEvent(nextName, nextPayload) {
      world.eventName = nextName;
      world.payload = nextPayload;
      writeFileSync(world.payloadPath, JSON.stringify(nextPayload, null, 2));
    },
    comment(body, opts = {}) {
      const author = opts.author ?? sender;
      const record = github.addComment({ issue_number: number, body, user: author });
      const example = retargetPayload(loadWebhookExample('issue_comment', opts.action ?? 'created'), {
        owner: OWNER,
        repo: REPO,
        sender: author,
        body,
        number,
        apiUrl: github.url,
      }) as unknown as Json;
      const comment = example.comment as Json;
      comment.id = record.id;
      comment.created_at = record.created_at;
      comment.updated_at = record.updated_at;
      comment.html_url = `https://github.com/${OWNER}/${REPO}/issues/${number}#issuecomment-${record.id}`;
      const issue = example.issue as Json;
      const state = github.state.issues.find((i) => i.number === number);
      issue.title = state?.title ?? issue.title;
      issue.body = state?.body ?? issue.body;
      issue.user = { ...(issue.user as Json), login: state?.user ?? (issue.user as Json).login };
      if (state?.is_pull_request) issue.pull_request = pullLinks(number);
      world.setEvent('issue_comment', example);
      return record.id;
    },
    async close() {
      await Promise.allSettled([messages.close(), github.close(), artifacts.close()]);
      await repo.dispose();
      rmSync(runnerDir, { recursive: true, force: true });
    },
  };
  world.setEvent(eventName, seeded);
  return world;
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

/** Which workflow run a step belongs to: the artifact service's default run, or another one. */
export interface RunOptions {
  /** A run made with `world.artifacts.createRun()`; default the service's first run. */
  run?: FakeRun;
}

let stepCounter = 0;

function runnerEnv(world: World, step: string, inputs: StepInputs, run: FakeRun): Record<string, string> {
  const dir = join(world.runnerDir, `${step}-${++stepCounter}`);
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
    ...run.env,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: world.github.url,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_REPOSITORY_OWNER: OWNER,
    GITHUB_EVENT_NAME: world.eventName,
    GITHUB_EVENT_PATH: world.payloadPath,
    GITHUB_WORKSPACE: world.workspace,
    GITHUB_SHA: '',
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
  run: FakeRun,
  extraEnv: Record<string, string> = {},
): Promise<StepRun> {
  const env = { ...runnerEnv(world, entry, inputs, run), ...extraEnv };
  env.GITHUB_SHA = (await execa('git', ['rev-parse', 'HEAD'], { cwd: world.workspace })).stdout.trim();
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
  options: RunOptions = {},
): Promise<{ main: StepRun; post: StepRun }> {
  const run = options.run ?? world.artifacts.run;
  const main = await runStep(world, 'main', inputs, run);
  const stateEnv = Object.fromEntries(Object.entries(main.state).map(([k, v]) => [`STATE_${k}`, v]));
  const post = await runStep(world, 'post', inputs, run, stateEnv);
  return { main, post };
}

/**
 * Starts the main step, kills it with SIGKILL once `until()` holds (polled; a crashed or
 * force-cancelled runner), then runs the post step with the state the main step had saved.
 */
export async function runActionKilled(
  world: World,
  until: () => boolean,
  inputs: StepInputs = {},
): Promise<{ main: { exitCode: number | undefined; signal: string | undefined }; post: StepRun }> {
  const run = world.artifacts.run;
  const env = runnerEnv(world, 'main', inputs, run);
  env.GITHUB_SHA = (await execa('git', ['rev-parse', 'HEAD'], { cwd: world.workspace })).stdout.trim();
  const child = execa(process.execPath, [join(ROOT, 'dist', 'main.js')], {
    env,
    extendEnv: false,
    reject: false,
    cwd: world.workspace,
    timeout: 120_000,
  });
  const deadline = Date.now() + 60_000;
  while (!until() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGKILL');
  const result = await child;
  const state = readCommandFile(env.GITHUB_STATE ?? '');
  const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
  const post = await runStep(world, 'post', inputs, run, stateEnv);
  return { main: { exitCode: result.exitCode, signal: result.signal }, post };
}

/**
 * The GitHub writes the fake recorded, as `METHOD /path` relative to the repository
 * (`/repos/octo-org/widgets` stripped, percent-decoded), in order. Consecutive identical lines are merged: the
 * throttled progress updates of a tracking comment are one line however many the timing allowed.
 */
export function writeLog(world: World): string[] {
  const prefix = `/repos/${OWNER}/${REPO}`;
  const lines = world.github
    .writes()
    .map((r) => decodeURIComponent(r.path))
    .map(
      (path, i) =>
        `${world.github.writes()[i]?.method} ${path.startsWith(prefix) ? path.slice(prefix.length) || '/' : path}`,
    );
  return lines.filter((line, i) => line !== lines[i - 1]);
}
