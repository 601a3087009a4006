/**
 * The artifact endpoints of the GitHub REST API, backed by the same records and blobs as the Twirp
 * service. `@actions/artifact` uses them only when a call passes `findBy` (another run, or another
 * repository): `find/list-artifacts.js`, `find/get-artifact.js` (`GET .../runs/{run_id}/artifacts`),
 * `download/download-artifact.js` (`GET .../artifacts/{id}/zip`, expecting a 302 whose Location is a
 * blob SAS URL) and `delete/delete-artifact.js` (`DELETE .../artifacts/{id}`, expecting 204).
 * Response shapes: the REST "artifact" schema (https://docs.github.com/rest/actions/artifacts).
 *
 * The fake serves these at its own origin so `GITHUB_API_URL` can point at it; a fuller fake GitHub
 * API can instead delegate to {@link handleRestRequest} for the same paths.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ArtifactBlobStore } from './blobs.ts';
import type { ArtifactRecord, ArtifactRegistry } from './records.ts';
import { isVisible } from './records.ts';
import { writeJson } from './twirp.ts';

/** Dependencies of {@link handleRestRequest}. */
export interface RestDeps {
  registry: ArtifactRegistry;
  blobs: ArtifactBlobStore;
  /** Base for the `url` / `archive_download_url` fields, e.g. `http://127.0.0.1:1234`. */
  apiBaseUrl: string;
}

/** Converts a record to the REST `artifact` object. */
export function toRestArtifact(record: ArtifactRecord, apiBaseUrl: string): Record<string, unknown> {
  const url = `${apiBaseUrl}/repos/${record.repository}/actions/artifacts/${record.id}`;
  return {
    id: record.id,
    node_id: Buffer.from(`Artifact:${record.id}`).toString('base64'),
    name: record.name,
    size_in_bytes: record.size,
    url,
    archive_download_url: `${url}/zip`,
    expired: record.expiresAt !== undefined && record.expiresAt <= new Date(),
    created_at: record.createdAt.toISOString(),
    updated_at: record.updatedAt.toISOString(),
    expires_at: record.expiresAt?.toISOString() ?? null,
    digest: record.digest ?? null,
    workflow_run: {
      id: record.runId,
      repository_id: null,
      head_repository_id: null,
      head_branch: null,
      head_sha: null,
    },
  };
}

function notFound(res: ServerResponse): void {
  writeJson(
    res,
    { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' },
    404,
  );
}

function page(list: Record<string, unknown>[], params: URLSearchParams): Record<string, unknown>[] {
  const perPage = Math.min(Math.max(Number(params.get('per_page') ?? 30) || 30, 1), 100);
  const pageNo = Math.max(Number(params.get('page') ?? 1) || 1, 1);
  return list.slice((pageNo - 1) * perPage, pageNo * perPage);
}

/**
 * Handles `GET /repos/{o}/{r}/actions/artifacts[?name]`, `GET .../actions/runs/{run_id}/artifacts
 * [?name]`, `GET|DELETE .../actions/artifacts/{id}` and `GET .../actions/artifacts/{id}/zip`
 * (302 to a 10-minute read SAS). Repository names compare case-insensitively; unfinalized and
 * expired artifacts are invisible (404). Downloads and deletes require an `Authorization` header
 * (any token: this fake does not model GitHub permissions). Lists are oldest-first, paginated with
 * `per_page` (default 30, max 100) and `page`.
 *
 * @returns false, having written nothing, when the path is not one of these routes.
 */
export async function handleRestRequest(
  req: IncomingMessage,
  res: ServerResponse,
  deps: RestDeps,
): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const match =
    /^\/repos\/([^/]+)\/([^/]+)\/actions\/(?:runs\/(\d+)\/)?artifacts(?:\/(\d+)(?:\/(zip))?)?\/?$/.exec(
      url.pathname,
    );
  if (!match) return false;
  const [, owner = '', repo = '', runId, artifactId, archive] = match;
  const repository = `${decodeURIComponent(owner)}/${decodeURIComponent(repo)}`.toLowerCase();
  const inRepo = (r: ArtifactRecord): boolean => r.repository.toLowerCase() === repository && isVisible(r);

  if (artifactId === undefined) {
    if (req.method !== 'GET') return false;
    const name = url.searchParams.get('name');
    const all = deps.registry
      .where(
        (r) => inRepo(r) && (runId === undefined || r.runId === Number(runId)) && (!name || r.name === name),
      )
      .map((r) => toRestArtifact(r, deps.apiBaseUrl));
    writeJson(res, { total_count: all.length, artifacts: page(all, url.searchParams) });
    return true;
  }
  if (runId !== undefined) return false;

  const record = deps.registry.get(Number(artifactId));
  const needsAuth = archive !== undefined || req.method === 'DELETE';
  if (needsAuth && !req.headers.authorization) {
    writeJson(res, { message: 'Requires authentication', status: '401' }, 401);
    return true;
  }
  if (!record || !inRepo(record)) {
    notFound(res);
    return true;
  }
  if (req.method === 'GET' && archive === undefined) {
    writeJson(res, toRestArtifact(record, deps.apiBaseUrl));
  } else if (req.method === 'GET') {
    res.writeHead(302, {
      location: deps.blobs.downloadUrl(record.blobName, record.fileName),
      'content-length': 0,
    });
    res.end();
  } else if (req.method === 'DELETE' && archive === undefined) {
    await deps.blobs.remove(record.blobName);
    deps.registry.remove(record.id);
    res.writeHead(204);
    res.end();
  } else {
    return false;
  }
  return true;
}
