import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';

/** A real git repository made for a test: a base commit on `main` and a change on a branch. */
export interface ProjectRepo {
  /** Working tree, checked out at the head branch (what actions/checkout gives a PR run). */
  workdir: string;
  /** Bare clone holding both branches (what the fake GitHub server serves). */
  bare: string;
  baseRef: string;
  baseSha: string;
  headRef: string;
  headSha: string;
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.com',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await execa('git', args, { cwd, env: GIT_ENV });
  return stdout.trim();
}

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

/**
 * Makes a repository in a temp dir: `base` files committed on `main`, then `change` files
 * committed on branch `headRef`, which stays checked out. Returns both SHAs and a bare clone.
 */
export async function makeProjectRepo(
  base: Record<string, string>,
  change: Record<string, string>,
  headRef = 'feature',
): Promise<ProjectRepo> {
  const root = mkdtempSync(join(tmpdir(), 'steward-repo-'));
  const workdir = join(root, 'work');
  mkdirSync(workdir);
  await git(workdir, 'init', '-q', '-b', 'main');
  writeFiles(workdir, base);
  await git(workdir, 'add', '-A');
  await git(workdir, 'commit', '-q', '-m', 'base');
  const baseSha = await git(workdir, 'rev-parse', 'HEAD');
  await git(workdir, 'checkout', '-q', '-b', headRef);
  writeFiles(workdir, change);
  await git(workdir, 'add', '-A');
  await git(workdir, 'commit', '-q', '-m', 'change');
  const headSha = await git(workdir, 'rev-parse', 'HEAD');
  const bare = join(root, 'origin.git');
  await execa('git', ['clone', '-q', '--bare', workdir, bare], { env: GIT_ENV });
  return { workdir, bare, baseRef: 'main', baseSha, headRef, headSha };
}
