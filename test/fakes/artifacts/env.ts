/**
 * Environment variables `@actions/artifact` v6 reads, and a helper to apply them in-process.
 *
 * Sources (all under `node_modules/@actions/artifact/lib/internal/`):
 * - `shared/config.js`: `ACTIONS_RUNTIME_TOKEN` and `ACTIONS_RESULTS_URL` (required, read per call;
 *   only the URL's origin is used), `GITHUB_WORKSPACE` (default download path), `GITHUB_SERVER_URL`
 *   (`isGhes()`: any host other than github.com, *.ghe.com or *.localhost makes every call throw
 *   GHESNotSupportedError), optional `ACTIONS_ARTIFACT_UPLOAD_CONCURRENCY`,
 *   `ACTIONS_ARTIFACT_UPLOAD_TIMEOUT_MS`, `ACTIONS_ARTIFACT_MAX_ARTIFACT_COUNT` (the last read at
 *   import time by `find/list-artifacts.js`).
 * - `upload/retention.js`: optional `GITHUB_RETENTION_DAYS` caps `retentionDays`.
 * - `findBy` calls go through `@actions/github`, whose `lib/utils.js` captures `GITHUB_API_URL` when
 *   first imported: set it before importing `@actions/artifact`.
 * `GITHUB_RUN_ID` / `GITHUB_REPOSITORY` are not read by the internal (same-run) paths; they are set
 * because a real runner sets them and callers pass them as `findBy` arguments.
 */

/** Inputs of {@link buildArtifactEnv}. */
export interface ArtifactEnvInput {
  resultsUrl: string;
  runtimeToken: string;
  runId: number;
  repository: string;
  workspace: string;
  githubApiUrl: string;
}

/**
 * The variables a process needs for `@actions/artifact` to talk to the fake. `NO_PROXY` gains
 * `127.0.0.1,localhost` so a proxy configured in the environment never carries loopback traffic
 * (both `@actions/http-client` and the Azure SDK honour it).
 */
export function buildArtifactEnv(input: ArtifactEnvInput): Record<string, string> {
  const noProxy = [process.env.NO_PROXY ?? process.env.no_proxy, '127.0.0.1', 'localhost']
    .filter(Boolean)
    .join(',');
  return {
    ACTIONS_RESULTS_URL: input.resultsUrl,
    ACTIONS_RUNTIME_TOKEN: input.runtimeToken,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: input.githubApiUrl,
    GITHUB_REPOSITORY: input.repository,
    GITHUB_REPOSITORY_OWNER: input.repository.split('/')[0] ?? '',
    GITHUB_RUN_ID: String(input.runId),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKSPACE: input.workspace,
    NO_PROXY: noProxy,
  };
}

/**
 * Sets `env` on `process.env` and returns a function restoring the previous values (deleting keys
 * that were unset). Not safe with concurrent tests in one worker: process.env is global.
 */
export function applyEnv(env: Record<string, string>): () => void {
  const previous = new Map<string, string | undefined>();
  for (const [key, value] of Object.entries(env)) {
    previous.set(key, process.env[key]);
    process.env[key] = value;
  }
  return () => {
    for (const [key, value] of previous) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/** Runs `fn` with `env` applied to `process.env`, restoring it afterwards even if `fn` throws. */
export async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const restore = applyEnv(env);
  try {
    return await fn();
  } finally {
    restore();
  }
}
