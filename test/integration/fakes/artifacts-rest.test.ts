/**
 * Cross-run access (`findBy`), as Steward's resume needs: the real `@actions/artifact` client goes
 * through the GitHub REST API, which the fake serves at its own origin (GITHUB_API_URL).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyEnv, type FakeArtifactService, startFakeArtifactService } from '../../fakes/artifacts/index.ts';

let service: FakeArtifactService;
let restoreEnv: () => void;
let dir: string;
let artifactModule: typeof import('@actions/artifact');

beforeAll(async () => {
  service = await startFakeArtifactService({ repository: 'acme/widgets' });
  restoreEnv = applyEnv(service.env);
  // @actions/github captures GITHUB_API_URL at import time, so import only after applying env.
  artifactModule = await import('@actions/artifact');
  dir = await mkdtemp(join(tmpdir(), 'artifacts-rest-test-'));
});

afterAll(async () => {
  restoreEnv?.();
  await service?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('lets a later run list, get, download and delete an earlier run’s artifact via findBy', async () => {
  const client = new artifactModule.DefaultArtifactClient();
  await writeFile(join(dir, 'events.jsonl'), '{"type":"session.start"}\n');
  const { id } = await client.uploadArtifact('steward-abc', [join(dir, 'events.jsonl')], dir);

  const later = service.createRun();
  const restore = applyEnv(later.env);
  try {
    const findBy = {
      token: 'ghs_fake',
      workflowRunId: service.run.runId,
      repositoryOwner: 'acme',
      repositoryName: 'widgets',
    };
    expect((await client.listArtifacts()).artifacts).toEqual([]);
    const { artifacts } = await client.listArtifacts({ findBy });
    expect(artifacts.map((a) => [a.id, a.name])).toEqual([[id, 'steward-abc']]);
    expect((await client.getArtifact('steward-abc', { findBy })).artifact.id).toBe(id);

    const out = join(dir, 'out');
    await client.downloadArtifact(id!, { path: out, findBy });
    expect(await readFile(join(out, 'events.jsonl'), 'utf8')).toBe('{"type":"session.start"}\n');

    await client.deleteArtifact('steward-abc', { findBy });
    expect((await client.listArtifacts({ findBy })).artifacts).toEqual([]);
  } finally {
    restore();
  }
});
