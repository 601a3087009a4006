import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';

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
 * `ACTIONS_RESULTS_URL` and `ACTIONS_RUNTIME_TOKEN` from the runner's environment.
 *
 * @throws the artifact client's error (no runtime token, duplicate name, storage failure).
 */
export async function uploadSessionArtifact(
  sessionId: string,
  outDir: string,
  retentionDays?: number,
): Promise<UploadedArtifact> {
  const files = ['events.jsonl', 'session.json', 'report.html']
    .map((f) => join(outDir, f))
    .filter((f) => existsSync(f));
  const name = artifactName(sessionId);
  const client = new DefaultArtifactClient();
  const res = await client.uploadArtifact(name, files, outDir, retentionDays ? { retentionDays } : {});
  return { id: res.id ?? 0, name, size: res.size ?? 0, files };
}
