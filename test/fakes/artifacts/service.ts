/**
 * Assembles the fake GitHub Actions artifact service: in-process Azurite (blob store), the Twirp
 * results service and the REST artifact routes on one loopback HTTP server.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAzuriteBlob } from './azurite.ts';
import { createArtifactBlobStore } from './blobs.ts';
import { buildArtifactEnv } from './env.ts';
import { type ArtifactRecord, ArtifactRegistry, isVisible } from './records.ts';
import { handleRestRequest } from './rest.ts';
import { createRuntimeToken } from './token.ts';
import { writeJson } from './twirp.ts';
import { handleTwirpRequest, type RunInfo, TWIRP_PREFIX } from './twirp-service.ts';
import { unzipToMap } from './unzip.ts';

/** Options of {@link startFakeArtifactService}. */
export interface FakeArtifactServiceOptions {
  /** `owner/name` of the default run's repository. Default `octo-org/octo-repo`. */
  repository?: string;
  /** `GITHUB_RUN_ID` of the default run. Default 5000000001 (later runs count up). */
  runId?: number;
  /** `GITHUB_WORKSPACE` for every run. Default: a fresh temp dir, removed by `close()`. */
  workspace?: string;
  /** `GITHUB_API_URL` in `env`. Default: this fake's origin, which serves the REST artifact routes. */
  githubApiUrl?: string;
  /** Cap on blob bytes Azurite keeps in memory. Default 512 MiB. */
  memoryLimitBytes?: number;
}

/** One job of one workflow run, with a runtime token scoped to it. */
export interface FakeRun {
  runId: number;
  repository: string;
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
  /** `ACTIONS_RUNTIME_TOKEN` for this job (HS256 JWT with `Actions.Results:<run>:<job>` scope). */
  runtimeToken: string;
  /** Everything `@actions/artifact` needs to act as this job (see `env.ts` for the list). */
  env: Record<string, string>;
}

/** A running fake; all URLs are on 127.0.0.1. */
export interface FakeArtifactService {
  /** `ACTIONS_RESULTS_URL` (origin with trailing slash, like the real one). */
  readonly resultsUrl: string;
  /** `ACTIONS_RUNTIME_TOKEN` of the default run's job. */
  readonly runtimeToken: string;
  /** Env of the default run's job; equals `run.env`. */
  readonly env: Record<string, string>;
  /** The default run (created at start). */
  readonly run: FakeRun;
  /** Azurite's account endpoint, e.g. `http://127.0.0.1:40123/devstoreaccount1`. */
  readonly blobEndpoint: string;
  /** Milliseconds `startFakeArtifactService` took (Azurite load + start, container, HTTP listen). */
  readonly startupMs: number;
  /** Copies of all artifact records, any state (check `finalized`), in id order. */
  readonly artifacts: ArtifactRecord[];
  /** A new workflow run (new run id and backend ids) of `repository` (default: the default run's). */
  createRun(options?: { runId?: number; repository?: string }): FakeRun;
  /** Another job of `run`'s workflow run: same run ids, new job backend id and token. */
  createJob(run: FakeRun): FakeRun;
  /**
   * Fetches the newest finalized artifact `name` of run `runId` (default: the default run) from
   * Azurite and returns its files: unzipped when it is a zip, else `{ fileName → bytes }`.
   * @throws Error if no such artifact exists.
   */
  downloadArtifact(name: string, runId?: number): Promise<Map<string, Buffer>>;
  /**
   * The REST artifact routes (see `rest.ts`), for a fake GitHub API server to delegate to.
   * @returns false if the request is not an artifact route (nothing written).
   */
  handleRestRequest(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Stops the HTTP server and Azurite, drops all data and the temp workspace. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts Azurite in-process (in memory) and the fake service on 127.0.0.1 with OS-chosen ports.
 * Measured startup: ~0.4 s in a fresh process (almost all of it loading azurite), under 50 ms after.
 * @throws if Azurite or the HTTP server fails to start (everything started so far is stopped).
 */
export async function startFakeArtifactService(
  options: FakeArtifactServiceOptions = {},
): Promise<FakeArtifactService> {
  const started = performance.now();
  const azurite = await startAzuriteBlob(
    options.memoryLimitBytes === undefined ? {} : { memoryLimitBytes: options.memoryLimitBytes },
  );
  const ownWorkspace = options.workspace === undefined;
  let workspace = options.workspace ?? '';
  const server = createServer();
  try {
    const blobs = await createArtifactBlobStore(azurite);
    if (ownWorkspace) workspace = await mkdtemp(join(tmpdir(), 'steward-fake-artifacts-'));
    const registry = new ArtifactRegistry();
    const runs = new Map<string, RunInfo>();
    const tokenSecret = randomBytes(32);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const apiBaseUrl = origin;
    const restDeps = { registry, blobs, apiBaseUrl };
    const twirpDeps = { registry, blobs, tokenSecret, runs };

    server.on('request', (req, res) => {
      const route = async (): Promise<void> => {
        if (req.url?.startsWith(TWIRP_PREFIX)) return handleTwirpRequest(req, res, twirpDeps);
        if (!(await handleRestRequest(req, res, restDeps))) writeJson(res, { message: 'Not Found' }, 404);
      };
      route().catch((error: unknown) => {
        if (!res.headersSent) writeJson(res, { message: String(error) }, 500);
        else res.destroy();
      });
    });

    let nextRunId = options.runId ?? 5_000_000_001;
    const mintJob = (runId: number, repository: string, workflowRunBackendId: string): FakeRun => {
      const scope = { workflowRunBackendId, workflowJobRunBackendId: randomUUID() };
      runs.set(workflowRunBackendId, { runId, repository });
      const runtimeToken = createRuntimeToken(scope, tokenSecret);
      const env = buildArtifactEnv({
        resultsUrl: `${origin}/`,
        runtimeToken,
        runId,
        repository,
        workspace,
        githubApiUrl: options.githubApiUrl ?? apiBaseUrl,
      });
      return { runId, repository, ...scope, runtimeToken, env };
    };
    const defaultRepository = options.repository ?? 'octo-org/octo-repo';
    const createRun = (opts: { runId?: number; repository?: string } = {}): FakeRun => {
      const runId = opts.runId ?? nextRunId;
      nextRunId = Math.max(nextRunId, runId + 1);
      return mintJob(runId, opts.repository ?? defaultRepository, randomUUID());
    };
    const run = createRun();

    let closing: Promise<void> | undefined;
    const close = async (): Promise<void> => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await azurite.close();
      if (ownWorkspace) await rm(workspace, { recursive: true, force: true });
    };

    return {
      resultsUrl: `${origin}/`,
      runtimeToken: run.runtimeToken,
      env: run.env,
      run,
      blobEndpoint: azurite.blobEndpoint,
      startupMs: performance.now() - started,
      get artifacts() {
        return registry.snapshot();
      },
      createRun,
      createJob: (of) => mintJob(of.runId, of.repository, of.workflowRunBackendId),
      async downloadArtifact(name, runId = run.runId) {
        const record = registry.where((r) => r.runId === runId && r.name === name && isVisible(r)).at(-1);
        if (!record)
          throw new Error(`fake artifact service: no finalized artifact "${name}" in run ${runId}`);
        const bytes = await blobs.read(record.blobName);
        return record.mimeType === 'application/zip'
          ? unzipToMap(bytes)
          : new Map([[record.fileName, bytes]]);
      },
      handleRestRequest: (req, res) => handleRestRequest(req, res, restDeps),
      close: () => {
        closing ??= close();
        return closing;
      },
    };
  } catch (error) {
    if (server.listening) server.close();
    await azurite.close();
    if (ownWorkspace && workspace) await rm(workspace, { recursive: true, force: true });
    throw error;
  }
}
