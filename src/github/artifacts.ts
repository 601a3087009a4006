import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Redactor, redactFile } from '../events/redact.ts';

/**
 * The `@actions/artifact` client, loaded on first use: the package (Azure storage SDK, archiver,
 * protobuf) is the largest dependency and is only needed after the session, so loading it at
 * start-up would delay the first model request (bench/RESULTS.md, cold start: −58 ms).
 */
async function artifactClient() {
  const { DefaultArtifactClient } = await import('@actions/artifact');
  return new DefaultArtifactClient();
}

/** What was uploaded. */
export interface UploadedArtifact {
  id: number;
  name: string;
  size: number;
  files: string[];
}

/** The artifact name of a session: `steward-<session id>` (DESIGN section 4). */
export function artifactName(sessionId: string): string {
  return `steward-${sessionId}`;
}

/**
 * Uploads the session's files from `outDir` (`events.jsonl`, `session.json`, `report.html` —
 * whichever exist) as artifact `steward-<session id>` through `@actions/artifact`, which reads
 * `ACTIONS_RESULTS_URL` and `ACTIONS_RUNTIME_TOKEN` from the runner's environment. Each file is
 * redacted in place with `redactor` first (`redactFile`), so nothing leaves the runner unredacted:
 * `session.json` carries the answer and the trigger, written without redaction by the session.
 *
 * @throws the artifact client's error (no runtime token, duplicate name, storage failure), or the
 *   `fs` error when a file cannot be redacted (then nothing is uploaded).
 */
export async function uploadSessionArtifact(
  sessionId: string,
  outDir: string,
  redactor: Redactor,
  retentionDays?: number,
): Promise<UploadedArtifact> {
  const files = ['events.jsonl', 'session.json', 'report.html']
    .map((f) => join(outDir, f))
    .filter((f) => existsSync(f));
  for (const file of files) redactFile(file, redactor);
  const name = artifactName(sessionId);
  const client = await artifactClient();
  const res = await client.uploadArtifact(name, files, outDir, retentionDays ? { retentionDays } : {});
  return { id: res.id ?? 0, name, size: res.size ?? 0, files };
}

/** Where a previous session's artifact lives. */
export interface ArtifactLocation {
  sessionId: string;
  /** The workflow run that uploaded it. */
  runId: number;
  /** The current run, for which no `findBy` is needed. */
  currentRunId: number;
  owner: string;
  repo: string;
  /** A token with `actions: read` (the job's GITHUB_TOKEN with that permission). */
  token: string;
}

/**
 * Downloads artifact `steward-<session id>` of run `loc.runId` into `destDir` and returns the
 * path of its `events.jsonl`. Another run's artifact is found through the REST API (`findBy`:
 * `GET /repos/{o}/{r}/actions/runs/{run_id}/artifacts`, then the artifact's zip), which needs the
 * `actions: read` permission.
 *
 * @throws Error saying which artifact is missing, or the client's error.
 */
export async function downloadSessionArtifact(loc: ArtifactLocation, destDir: string): Promise<string> {
  const client = await artifactClient();
  const name = artifactName(loc.sessionId);
  const findBy =
    loc.runId === loc.currentRunId
      ? {}
      : {
          findBy: {
            token: loc.token,
            workflowRunId: loc.runId,
            repositoryOwner: loc.owner,
            repositoryName: loc.repo,
          },
        };
  const { artifact } = await client.getArtifact(name, findBy);
  await client.downloadArtifact(artifact.id, { path: destDir, ...findBy });
  const events = join(destDir, 'events.jsonl');
  if (!existsSync(events)) throw new Error(`artifact ${name} of run ${loc.runId} has no events.jsonl`);
  return events;
}
