/**
 * The Twirp `github.actions.results.api.v1.ArtifactService` as the real `@actions/artifact` v6
 * client calls it. Message shapes: `node_modules/@actions/artifact/lib/generated/results/api/v1/
 * artifact.d.ts`; routes and JSON options (proto field names, defaults omitted):
 * `artifact.twirp-client.js` next to it; call sequences: `lib/internal/upload/upload-artifact.js`
 * (Create → blob upload → Finalize), `find/list-artifacts.js`, `find/get-artifact.js`
 * (List + name_filter), `download/download-artifact.js` (List + id_filter → GetSignedArtifactURL),
 * `delete/delete-artifact.js` (List + name_filter → Delete).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ArtifactBlobStore } from './blobs.ts';
import type { ArtifactRecord, ArtifactRegistry } from './records.ts';
import { isVisible } from './records.ts';
import type { RuntimeTokenScope } from './token.ts';
import { verifyRuntimeToken } from './token.ts';
import {
  int64Field,
  parseJsonObject,
  readBody,
  stringField,
  TwirpError,
  timestampField,
  writeJson,
  writeTwirpError,
} from './twirp.ts';

/** Route prefix of the service; the method name follows. */
export const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService/';

/**
 * Message of the real service's duplicate-name rejection (HTTP 409, Twirp `already_exists`), as
 * surfaced by the client: "Failed to CreateArtifact: Received non-retryable error: Failed request:
 * (409) Conflict: an artifact with this name already exists on the workflow run" (quoted in many
 * public upload-artifact@v4 bug reports, e.g. actions/upload-artifact#634).
 */
export const DUPLICATE_NAME_MESSAGE = 'an artifact with this name already exists on the workflow run';

/** What the service knows about a workflow run, keyed by its backend id. */
export interface RunInfo {
  runId: number;
  repository: string;
}

/** Dependencies of {@link handleTwirpRequest}. */
export interface TwirpServiceDeps {
  registry: ArtifactRegistry;
  blobs: ArtifactBlobStore;
  /** HMAC key runtime tokens are signed with. */
  tokenSecret: Buffer;
  /** Runs created by this fake; tokens for other run ids are refused. */
  runs: ReadonlyMap<string, RunInfo>;
}

type Body = Record<string, unknown>;
type Method = (body: Body, scope: RuntimeTokenScope, deps: TwirpServiceDeps) => Promise<unknown>;

function required(body: Body, name: string): string {
  const value = stringField(body, name);
  if (!value) throw new TwirpError('invalid_argument', `${name} is required`);
  return value;
}

/**
 * Checks the request's backend ids against the token. The real service authorises by token scope;
 * a job may read any artifact of its run, so `checkJob` is only set for writes.
 */
function authorize(body: Body, scope: RuntimeTokenScope, checkJob: boolean): void {
  const run = required(body, 'workflow_run_backend_id');
  const job = required(body, 'workflow_job_run_backend_id');
  if (run !== scope.workflowRunBackendId || (checkJob && job !== scope.workflowJobRunBackendId)) {
    throw new TwirpError(
      'permission_denied',
      'the runtime token does not grant access to this workflow run/job',
    );
  }
}

function monolithArtifact(record: ArtifactRecord): Body {
  return {
    workflow_run_backend_id: record.workflowRunBackendId,
    workflow_job_run_backend_id: record.workflowJobRunBackendId,
    database_id: String(record.id),
    name: record.name,
    size: String(record.size),
    created_at: record.createdAt.toISOString(),
    ...(record.digest === undefined ? {} : { digest: record.digest }),
  };
}

function findVisible(deps: TwirpServiceDeps, run: string, name: string): ArtifactRecord {
  const record = deps.registry.latestVisible(run, name);
  if (!record) throw new TwirpError('not_found', `artifact not found: ${name}`);
  return record;
}

const methods: Record<string, Method> = {
  async CreateArtifact(body, scope, deps) {
    authorize(body, scope, true);
    const name = required(body, 'name');
    const run = deps.runs.get(scope.workflowRunBackendId);
    if (!run) throw new TwirpError('permission_denied', 'unknown workflow run');
    // GitHub refuses a second artifact of the same name in a run, even when the first upload never
    // finalized (see DUPLICATE_NAME_MESSAGE; README of @actions/artifact, "Breaking changes").
    if (deps.registry.byName(scope.workflowRunBackendId, name).length > 0) {
      throw new TwirpError('already_exists', DUPLICATE_NAME_MESSAGE);
    }
    const record = deps.registry.create({
      name,
      runId: run.runId,
      repository: run.repository,
      workflowRunBackendId: scope.workflowRunBackendId,
      workflowJobRunBackendId: scope.workflowJobRunBackendId,
      mimeType: stringField(body, 'mime_type') ?? 'application/zip',
      version: int64Field(body, 'version') ?? 0,
      expiresAt: timestampField(body, 'expires_at'),
    });
    return { ok: true, signed_upload_url: deps.blobs.uploadUrl(record.blobName) };
  },

  async FinalizeArtifact(body, scope, deps) {
    authorize(body, scope, true);
    const name = required(body, 'name');
    const records = deps.registry.byName(scope.workflowRunBackendId, name);
    const pending = records.find(
      (r) => !r.finalized && r.workflowJobRunBackendId === scope.workflowJobRunBackendId,
    );
    if (!pending) {
      if (records.some((r) => r.finalized))
        throw new TwirpError('failed_precondition', 'artifact already finalized');
      throw new TwirpError('not_found', `artifact not found: ${name}`);
    }
    const blobSize = await deps.blobs.size(pending.blobName);
    if (blobSize === undefined) {
      throw new TwirpError('failed_precondition', `no content was uploaded for artifact ${name}`);
    }
    pending.finalized = true;
    pending.size = int64Field(body, 'size') ?? 0;
    pending.blobSize = blobSize;
    pending.digest = stringField(body, 'hash');
    pending.updatedAt = new Date();
    return { ok: true, artifact_id: String(pending.id) };
  },

  async ListArtifacts(body, scope, deps) {
    authorize(body, scope, false);
    const nameFilter = stringField(body, 'name_filter');
    const idFilter = int64Field(body, 'id_filter');
    const now = new Date();
    const artifacts = deps.registry
      .where(
        (r) =>
          r.workflowRunBackendId === scope.workflowRunBackendId &&
          isVisible(r, now) &&
          (nameFilter === undefined || r.name === nameFilter) &&
          (idFilter === undefined || r.id === idFilter),
      )
      .map(monolithArtifact);
    return { artifacts };
  },

  async GetSignedArtifactURL(body, scope, deps) {
    authorize(body, scope, false);
    const record = findVisible(deps, scope.workflowRunBackendId, required(body, 'name'));
    return { signed_url: deps.blobs.downloadUrl(record.blobName, record.fileName) };
  },

  async DeleteArtifact(body, scope, deps) {
    authorize(body, scope, false);
    const record = findVisible(deps, scope.workflowRunBackendId, required(body, 'name'));
    await deps.blobs.remove(record.blobName);
    deps.registry.remove(record.id);
    return { ok: true, artifact_id: String(record.id) };
  },
};

/**
 * Serves one request under {@link TWIRP_PREFIX}. Success: 200 with the response message as proto3
 * JSON using proto field names (what the Go Twirp server emits; the client's `fromJson` accepts
 * them). Failure: a Twirp error — `bad_route` (unknown method, non-POST, non-JSON content type),
 * `unauthenticated` (missing/forged/expired bearer token), `permission_denied`, `invalid_argument`,
 * `malformed`, `not_found`, `already_exists`, `failed_precondition`, or `internal`.
 */
export async function handleTwirpRequest(
  req: IncomingMessage,
  res: ServerResponse,
  deps: TwirpServiceDeps,
): Promise<void> {
  try {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const name = path.slice(TWIRP_PREFIX.length);
    const method = Object.hasOwn(methods, name) ? methods[name] : undefined;
    if (!path.startsWith(TWIRP_PREFIX) || !method || req.method !== 'POST') {
      throw new TwirpError('bad_route', `no handler for ${req.method} ${path}`);
    }
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (contentType !== 'application/json') {
      // Protobuf encoding is valid Twirp, but @actions/artifact only ever uses the JSON client.
      throw new TwirpError('bad_route', `unsupported content type: ${contentType}`);
    }
    const auth = req.headers.authorization ?? '';
    const scope = auth.startsWith('Bearer ')
      ? verifyRuntimeToken(auth.slice(7), deps.tokenSecret)
      : undefined;
    if (!scope) throw new TwirpError('unauthenticated', 'missing or invalid runtime token');
    const body = parseJsonObject(await readBody(req));
    writeJson(res, await method(body, scope, deps));
  } catch (error) {
    writeTwirpError(res, error);
  }
}
