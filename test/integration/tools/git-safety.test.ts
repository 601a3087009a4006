/**
 * A planted `.git/commondir` makes git read a configuration the attacker wrote, which runs
 * programs (`core.fsmonitor`) on the next `git status` outside the sandbox. The bash tool removes
 * it after each command, and `hardenedGit` ignores it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hardenedGit, sanitizeGitDir } from '../../../src/tools/git-safety.ts';

const root = mkdtempSync(join(tmpdir(), 'steward-git-safety-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function plant(): { ws: string; marker: string } {
  const ws = mkdtempSync(join(root, 'ws-'));
  const marker = join(ws, '..', `${ws.split('/').at(-1)}-PWNED`);
  execFileSync('git', ['init', '-q'], { cwd: ws });
  writeFileSync(join(ws, 'a.txt'), 'a\n');
  execFileSync('git', ['add', 'a.txt'], { cwd: ws });
  const evil = join(ws, 'evil');
  cpSync(join(ws, '.git'), evil, { recursive: true });
  writeFileSync(
    join(evil, 'config'),
    `[core]\n\trepositoryformatversion = 0\n\tfsmonitor = "touch ${marker}; false"\n`,
  );
  writeFileSync(join(ws, '.git', 'commondir'), '../evil\n');
  return { ws, marker };
}

describe('git on an agent-touched workspace', () => {
  it('plain git follows a planted commondir and runs the planted fsmonitor (the threat)', () => {
    const { ws, marker } = plant();
    execFileSync('git', ['status', '--short'], { cwd: ws, stdio: 'ignore' });
    expect(existsSync(marker)).toBe(true);
  });

  it('hardenedGit pins the repository and runs nothing the workspace configured', () => {
    const { ws, marker } = plant();
    const { args, env } = hardenedGit(ws, process.env.PATH ?? '/usr/bin:/bin');
    const out = execFileSync('git', [...args, 'status', '--short'], { cwd: ws, env, encoding: 'utf8' });
    expect(out).toContain('A  a.txt');
    expect(existsSync(marker)).toBe(false);
    expect(env).not.toHaveProperty('GITHUB_TOKEN');
  });

  it('sanitizeGitDir removes the planted commondir', () => {
    const { ws, marker } = plant();
    expect(sanitizeGitDir(ws)).toEqual([
      'removed .git/commondir: it redirects where git reads its configuration from',
    ]);
    execFileSync('git', ['status', '--short'], { cwd: ws, stdio: 'ignore' });
    expect(existsSync(marker)).toBe(false);
    expect(sanitizeGitDir(ws)).toEqual([]);
  });
});
