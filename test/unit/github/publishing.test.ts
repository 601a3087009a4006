import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { checkChanges, PublishError, workspaceChanges } from '../../../src/github/changes.ts';
import { createOutbound } from '../../../src/github/outbound.ts';
import { checkConclusion } from '../../../src/report/summary.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function repo(): Promise<{ dir: string; head: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'steward-changes-'));
  dirs.push(dir);
  const git = (...args: string[]) =>
    execa(
      'git',
      ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args],
      { cwd: dir },
    );
  await git('init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'a.txt'), 'a\n');
  writeFileSync(join(dir, 'gone.txt'), 'x\n');
  writeFileSync(join(dir, '.gitignore'), 'ignored/\n');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'init');
  return { dir, head: (await git('rev-parse', 'HEAD')).stdout.trim() };
}

describe('workspaceChanges and checkChanges', () => {
  it('lists changed, new and deleted files, not ignored ones', async () => {
    const { dir, head } = await repo();
    writeFileSync(join(dir, 'a.txt'), 'changed\n');
    writeFileSync(join(dir, 'new.txt'), 'new\n');
    rmSync(join(dir, 'gone.txt'));
    await execa('mkdir', ['-p', join(dir, 'ignored')]);
    writeFileSync(join(dir, 'ignored', 'x'), 'x');
    const changes = await workspaceChanges(dir, head);
    expect(changes.map((c) => [c.path, c.deleted])).toEqual([
      ['a.txt', false],
      ['gone.txt', true],
      ['new.txt', false],
    ]);
  });

  it('refuses workflow files unless allowed, and files holding a secret', () => {
    const outbound = createOutbound(['sk-ant-secret-value']);
    const file = (path: string, text: string) => ({
      path,
      deleted: false as const,
      mode: '100644' as const,
      content: Buffer.from(text),
    });
    expect(() => checkChanges([file('.github/workflows/ci.yml', 'on: push')], outbound, false)).toThrow(
      'set steward.allow_workflow_edits: true',
    );
    expect(() => checkChanges([file('.github/workflows/ci.yml', 'on: push')], outbound, true)).not.toThrow();
    expect(() => checkChanges([file('config.js', 'key = "sk-ant-secret-value"')], outbound, true)).toThrow(
      new PublishError('config.js contains a secret of this run; it was not published'),
    );
    expect(() => checkChanges([], outbound, true)).toThrow('no changes to publish');
  });
});

describe('checkConclusion', () => {
  it('follows the terminal state, or a structured verdict for finished sessions only', () => {
    expect(checkConclusion('completed')).toBe('success');
    expect(checkConclusion('no_changes')).toBe('neutral');
    expect(checkConclusion('requires_action')).toBe('action_required');
    expect(checkConclusion('budget_reached')).toBe('failure');
    expect(checkConclusion('completed', { verdict: 'changes' })).toBe('failure');
    expect(checkConclusion('completed', { conclusion: 'neutral' })).toBe('neutral');
    expect(checkConclusion('error', { verdict: 'approve' })).toBe('failure');
  });
});
