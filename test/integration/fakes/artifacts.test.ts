/**
 * The fake artifact service against the real, unmodified `@actions/artifact` client, with Azurite
 * behind it. Runs in-process: env vars are applied to process.env for the whole file.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { ArtifactNotFoundError, DefaultArtifactClient } from '@actions/artifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyEnv,
  DUPLICATE_NAME_MESSAGE,
  type FakeArtifactService,
  startFakeArtifactService,
  TWIRP_PREFIX,
} from '../../fakes/artifacts/index.ts';

let service: FakeArtifactService;
let restoreEnv: () => void;
let dir: string;
const originals = new Map<string, Buffer>();

async function walk(root: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files.set(relative(root, full).split('\\').join('/'), await readFile(full));
  }
  return files;
}

function expectSameFiles(actual: Map<string, Buffer>, expected: Map<string, Buffer>): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [name, bytes] of expected) {
    expect(actual.get(name)?.equals(bytes), `${name} differs`).toBe(true);
  }
}

beforeAll(async () => {
  service = await startFakeArtifactService();
  console.log(`fake artifact service (Azurite + Twirp) started in ${service.startupMs.toFixed(0)} ms`);
  restoreEnv = applyEnv(service.env);
  dir = await mkdtemp(join(tmpdir(), 'artifacts-test-'));
  const lines = Array.from({ length: 16_384 }, (_, i) => `line ${i}: ${'x'.repeat(50)}\n`).join('');
  originals.set('random.bin', randomBytes(300_000));
  originals.set('big.txt', Buffer.from(lines)); // ~1 MB
  originals.set('empty.txt', Buffer.alloc(0));
  originals.set('nested/dir/events.jsonl', Buffer.from('{"type":"a"}\n{"type":"b"}\n'));
  await mkdir(join(dir, 'src', 'nested', 'dir'), { recursive: true });
  for (const [name, bytes] of originals) await writeFile(join(dir, 'src', name), bytes);
});

afterAll(async () => {
  restoreEnv?.();
  await service?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  // close() must leave no sockets or listeners behind; give sockets closed by peers a tick.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const net = process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP'));
  expect(net).toEqual([]);
});

describe('fake artifact service with the real @actions/artifact client', () => {
  const client = new DefaultArtifactClient();
  const name = 'steward-session-1';
  let uploaded: { id?: number; size?: number; digest?: string };

  it('uploads a zip of binary, ~1 MB text, empty and nested files', async () => {
    const files = [...originals.keys()].map((f) => join(dir, 'src', f));
    uploaded = await client.uploadArtifact(name, files, join(dir, 'src'));
    expect(uploaded.id).toBeGreaterThan(0);
    const [record] = service.artifacts;
    expect(record).toMatchObject({ id: uploaded.id, name, finalized: true, runId: service.run.runId });
    expect(record?.size).toBe(uploaded.size);
    expect(record?.blobSize).toBe(uploaded.size);
    expect(record?.digest).toBe(`sha256:${uploaded.digest}`);
  });

  it('lists and gets the artifact', async () => {
    const { artifacts } = await client.listArtifacts();
    expect(artifacts).toEqual([
      {
        id: uploaded.id,
        name,
        size: uploaded.size,
        createdAt: expect.any(Date),
        digest: `sha256:${uploaded.digest}`,
      },
    ]);
    const { artifact } = await client.getArtifact(name);
    expect(artifact.id).toBe(uploaded.id);
    await expect(client.getArtifact('nope')).rejects.toBeInstanceOf(ArtifactNotFoundError);
  });

  it('downloads byte-identical files through the client and through the helper', async () => {
    const out = join(dir, 'out');
    const result = await client.downloadArtifact(uploaded.id!, {
      path: out,
      expectedHash: `sha256:${uploaded.digest}`,
    });
    expect(result).toEqual({ downloadPath: out, digestMismatch: false });
    expectSameFiles(await walk(out), originals);
    expectSameFiles(await service.downloadArtifact(name), originals);
  });

  it('rejects a second upload with the same name in the run, like GitHub (409, not retried)', async () => {
    const again = client.uploadArtifact(name, [join(dir, 'src', 'empty.txt')], join(dir, 'src'));
    await expect(again).rejects.toThrow(`(409) Conflict: ${DUPLICATE_NAME_MESSAGE}`);
    // Another job of the same workflow run conflicts too: uniqueness is per run.
    const otherJob = service.createJob(service.run);
    const restore = applyEnv(otherJob.env);
    try {
      const fromOtherJob = client.uploadArtifact(name, [join(dir, 'src', 'empty.txt')], join(dir, 'src'));
      await expect(fromOtherJob).rejects.toThrow('409');
      // ...but reads are run-wide.
      expect((await client.getArtifact(name)).artifact.id).toBe(uploaded.id);
    } finally {
      restore();
    }
    expect(service.artifacts).toHaveLength(1);
  });

  it('keeps runs apart: another run sees nothing and may reuse the name', async () => {
    const other = service.createRun();
    const restore = applyEnv(other.env);
    try {
      expect((await client.listArtifacts()).artifacts).toEqual([]);
      const res = await client.uploadArtifact(name, [join(dir, 'src', 'big.txt')], join(dir, 'src'));
      expect(res.id).not.toBe(uploaded.id);
      expectSameFiles(
        await service.downloadArtifact(name, other.runId),
        new Map([['big.txt', originals.get('big.txt')!]]),
      );
    } finally {
      restore();
    }
    expect((await client.listArtifacts()).artifacts.map((a) => a.id)).toEqual([uploaded.id]);
  });

  it('uploads and downloads a raw file with skipArchive, keeping the retention', async () => {
    const res = await client.uploadArtifact('ignored', [join(dir, 'src', 'random.bin')], join(dir, 'src'), {
      skipArchive: true,
      retentionDays: 3,
    });
    const expiresAt = service.artifacts.find((a) => a.id === res.id)?.expiresAt?.getTime() ?? 0;
    expect(Math.abs(expiresAt - (Date.now() + 3 * 86_400_000))).toBeLessThan(3_600_000);
    const out = join(dir, 'raw');
    await client.downloadArtifact(res.id!, { path: out });
    expectSameFiles(await walk(out), new Map([['random.bin', originals.get('random.bin')!]]));
  });

  it('deletes an artifact', async () => {
    const { id } = await client.deleteArtifact('random.bin');
    expect(id).toBeGreaterThan(0);
    await expect(client.getArtifact('random.bin')).rejects.toBeInstanceOf(ArtifactNotFoundError);
  });

  it('serves a child process that only gets the env vars (the realistic path)', async () => {
    const job = service.createRun();
    const script = `
      import { DefaultArtifactClient } from '@actions/artifact';
      const dir = process.env.TEST_SRC_DIR;
      const res = await new DefaultArtifactClient().uploadArtifact('from-child', [dir + '/big.txt'], dir);
      process.stderr.write(JSON.stringify(res));`;
    const { stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: process.cwd(),
      env: { ...process.env, ...job.env, TEST_SRC_DIR: join(dir, 'src') },
    });
    expect(JSON.parse(stderr)).toMatchObject({ id: expect.any(Number), digest: expect.any(String) });
    const files = await service.downloadArtifact('from-child', job.runId);
    expectSameFiles(files, new Map([['big.txt', originals.get('big.txt')!]]));
  });

  it('answers protocol errors in the Twirp JSON error format', async () => {
    const url = new URL(`${TWIRP_PREFIX}ListArtifacts`, service.resultsUrl);
    const body = JSON.stringify({
      workflow_run_backend_id: service.run.workflowRunBackendId,
      workflow_job_run_backend_id: service.run.workflowJobRunBackendId,
    });
    const headers = { 'content-type': 'application/json' };
    const noToken = await fetch(url, { method: 'POST', headers, body });
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toMatchObject({ code: 'unauthenticated', msg: expect.any(String) });

    const forged = `${service.runtimeToken.slice(0, -4)}AAAA`;
    const bad = await fetch(url, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${forged}` },
      body,
    });
    expect(bad.status).toBe(401);

    const auth = { ...headers, authorization: `Bearer ${service.runtimeToken}` };
    const unknown = await fetch(new URL(`${TWIRP_PREFIX}Nope`, service.resultsUrl), {
      method: 'POST',
      headers: auth,
      body,
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'bad_route' });

    const otherRun = service.createRun();
    const denied = await fetch(url, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${otherRun.runtimeToken}` },
      body,
    });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ code: 'permission_denied' });
  });
});
