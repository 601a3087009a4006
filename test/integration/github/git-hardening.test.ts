import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { workspaceChanges, workspaceHead } from '../../../src/github/changes.ts';

const ENV = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

async function repo(): Promise<{ dir: string; head: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'steward-hardened-'));
  const git = (...args: string[]) => execa('git', ['-C', dir, ...args], { env: ENV });
  await git('init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'a.txt'), 'a\n');
  await git('add', '-A');
  await git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', 'base');
  return { dir, head: (await git('rev-parse', 'HEAD')).stdout.trim() };
}

describe("the harness's own git after the agent had the workspace", () => {
  it('ignores a planted .git/commondir whose config would run a program', async () => {
    const { dir, head } = await repo();
    const marker = join(tmpdir(), `steward-fsmonitor-${process.pid}-${Date.now()}`);
    // What an agent that got past the sandbox's clean-up could leave: a second git directory
    // whose config runs a command on the next `git status` / `git diff`.
    const evil = join(dir, 'evil-git');
    cpSync(join(dir, '.git'), evil, { recursive: true });
    writeFileSync(
      join(evil, 'config'),
      `[core]\n\trepositoryformatversion = 0\n\tfsmonitor = "touch ${marker}; false"\n`,
    );
    writeFileSync(join(dir, '.git', 'commondir'), '../evil-git\n');
    writeFileSync(join(dir, 'b.txt'), 'new\n');

    expect(await workspaceHead(dir)).toBe(head);
    const changes = await workspaceChanges(dir, head);
    expect(changes.map((c) => c.path)).toContain('b.txt');
    expect(existsSync(marker)).toBe(false);
  });

  it('ignores hooks and fsmonitor set in the repository config', async () => {
    const { dir, head } = await repo();
    const marker = join(tmpdir(), `steward-fsmonitor2-${process.pid}-${Date.now()}`);
    await execa('git', ['-C', dir, 'config', 'core.fsmonitor', `touch ${marker}; false`], { env: ENV });
    writeFileSync(join(dir, 'c.txt'), 'c\n');
    await workspaceChanges(dir, head);
    expect(existsSync(marker)).toBe(false);
  });
});
