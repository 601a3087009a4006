import * as core from '@actions/core';

/**
 * Everything the Action takes from its runner: `with:` inputs (DESIGN section 6) and the
 * environment GitHub sets for every step ("Variables" reference). This module is the only reader
 * of `core.getInput` and `process.env` in the Action.
 */
export interface ActionInputs {
  anthropicApiKey: string;
  githubToken: string;
  /** Agent name to run; empty means "select by the event". */
  agent: string;
  /** Instruction overriding the spec's `task`; empty means none. */
  task: string;
  /** Model id overriding the spec's `model`; empty means none. */
  model: string;
  provider: string;
  /** Directory of agent specs, relative to the workspace. */
  specDir: string;
  uploadArtifact: boolean;
  /**
   * Login GitHub shows for writes with `githubToken` (`github-actions[bot]` for the job token, or an
   * App's `name[bot]`): comments by it are Steward's own and never trigger a run.
   */
  botLogin: string;
  /** Whether a refused comment command gets a short reply. */
  refusalReply: boolean;
  /** Minimum seconds between two progress updates of the tracking comment. */
  progressSeconds: number;
  eventName: string;
  eventPath: string;
  workspace: string;
  repository: string;
  serverUrl: string;
  apiUrl: string;
  runId: string;
  /** The commit the workflow runs on (`GITHUB_SHA`). */
  sha: string;
  /** Messages API base URL (`ANTHROPIC_BASE_URL`), empty for the SDK default. */
  anthropicBaseUrl: string;
  /** Runner scratch space (`RUNNER_TEMP`). */
  runnerTemp: string;
  /**
   * Secret values to redact from everything that leaves the runner: the two tokens above and the
   * runner's own credentials (`ACTIONS_RUNTIME_TOKEN`, `ACTIONS_ID_TOKEN_REQUEST_TOKEN`).
   */
  secrets: string[];
  /** The runner's environment, for the tool allowlist (tools/env.ts) to pick from. */
  env: Readonly<Record<string, string | undefined>>;
}

/** Names of secret-bearing variables removed from this process once read (DESIGN section 5). */
const SECRET_VARIABLES = [
  'ANTHROPIC_API_KEY',
  'INPUT_ANTHROPIC_API_KEY',
  'INPUT_GITHUB_TOKEN',
  'GITHUB_TOKEN',
];

/**
 * Reads the inputs and then deletes the secret-bearing variables from `process.env`, so nothing
 * started later inherits them by accident.
 *
 * @throws Error naming the missing variable when the runner did not set `GITHUB_EVENT_NAME`.
 */
export function readActionInputs(): ActionInputs {
  const env = process.env;
  const input = (name: string) => core.getInput(name);
  const inputs: ActionInputs = {
    anthropicApiKey: input('anthropic_api_key') || env.ANTHROPIC_API_KEY || '',
    githubToken: input('github_token') || env.GITHUB_TOKEN || '',
    agent: input('agent'),
    task: input('task'),
    model: input('model'),
    provider: input('provider') || 'anthropic',
    specDir: input('spec_dir') || '.github/steward',
    uploadArtifact: (input('upload_artifact') || 'true') !== 'false',
    botLogin: input('bot_login') || 'github-actions[bot]',
    refusalReply: (input('refusal_reply') || 'true') !== 'false',
    progressSeconds: seconds(input('progress_seconds'), 10),
    eventName: env.GITHUB_EVENT_NAME ?? '',
    eventPath: env.GITHUB_EVENT_PATH ?? '',
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    repository: env.GITHUB_REPOSITORY ?? '',
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    runId: env.GITHUB_RUN_ID ?? '',
    sha: env.GITHUB_SHA ?? '',
    anthropicBaseUrl: env.ANTHROPIC_BASE_URL ?? '',
    runnerTemp: env.RUNNER_TEMP ?? '',
    secrets: [],
    env: { ...env },
  };
  inputs.secrets = [
    inputs.anthropicApiKey,
    inputs.githubToken,
    env.ACTIONS_RUNTIME_TOKEN ?? '',
    env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? '',
  ].filter((s) => s.length > 0);
  if (inputs.anthropicApiKey) core.setSecret(inputs.anthropicApiKey);
  if (inputs.githubToken) core.setSecret(inputs.githubToken);
  for (const name of SECRET_VARIABLES) delete process.env[name];
  for (const name of SECRET_VARIABLES) delete (inputs.env as Record<string, string | undefined>)[name];
  if (Number.isNaN(inputs.progressSeconds))
    throw new Error(
      `progress_seconds must be a number of seconds (0 or more); got "${input('progress_seconds')}"`,
    );
  if (!inputs.eventName)
    throw new Error('GITHUB_EVENT_NAME is not set; Steward must run as a GitHub Actions step');
  return inputs;
}

/** A non-negative number of seconds, `fallback` when empty, NaN when malformed. */
function seconds(text: string, fallback: number): number {
  if (text.trim() === '') return fallback;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? n : Number.NaN;
}
