/**
 * The bare git repository behind a fake GitHub: either one a test made (a real repository with real
 * commits, e.g. cloned with `git clone --bare`) or an empty one created in a temp dir, optionally
 * with an initial commit of `seedFiles` on the default branch.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { GitStore } from './git.ts';
import { now } from './http.ts';

/** The repository plus the lifecycle steps `startFakeGitHub` runs on it. */
export interface FakeRepository {
  git: GitStore;
  /** The branch HEAD names, when that branch exists (so an existing repository's default branch wins). */
  headBranch(): Promise<string | undefined>;
  /** Points HEAD of a created repository at `branch` and commits `files` there, if given. */
  seed(branch: string, files: Record<string, string> | undefined): Promise<void>;
  /** Removes the temp dir (and the repository, when the fake created it). */
  dispose(): Promise<void>;
}

/**
 * Opens `options.bareRepo` or creates an empty bare repository. Throws when `bareRepo` is not a git
 * repository, or when `seedFiles` is given together with `bareRepo` (seed the test's repository instead).
 */
export async function createFakeRepository(options: {
  bareRepo?: string;
  seedFiles?: Record<string, string>;
}): Promise<FakeRepository> {
  if (options.bareRepo && options.seedFiles)
    throw new Error('seedFiles only applies to a repository the fake creates');
  const scratch = await mkdtemp(join(tmpdir(), 'steward-fake-github-'));
  let gitDir: string;
  try {
    if (options.bareRepo) {
      const { stdout } = await execa('git', ['-C', options.bareRepo, 'rev-parse', '--absolute-git-dir']);
      gitDir = stdout.trim();
    } else {
      gitDir = join(scratch, 'repo.git');
      await execa('git', ['init', '--quiet', '--bare', gitDir]);
    }
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    throw error;
  }
  const git = new GitStore(gitDir, scratch);
  const created = !options.bareRepo;
  return {
    git,
    headBranch: async () => {
      if (created) return undefined;
      const head = await git.text(['symbolic-ref', '--quiet', 'HEAD']).catch(() => '');
      if (!head.startsWith('refs/heads/') || (await git.getRef(head)) === null) return undefined;
      return head.slice('refs/heads/'.length);
    },
    seed: async (branch, files) => {
      if (!created) return;
      await git.run(['symbolic-ref', 'HEAD', `refs/heads/${branch}`]);
      if (!files) return;
      const edits = Object.entries(files).map(([path, content]) => ({
        path,
        mode: '100644',
        type: 'blob' as const,
        content,
      }));
      const tree = await git.writeTree(null, edits);
      const who = { name: 'Fake GitHub', email: 'fake-github@example.invalid', date: now() };
      const sha = await git.writeCommit({
        tree,
        parents: [],
        message: 'Initial commit\n',
        author: who,
        committer: who,
      });
      await git.updateRef(`refs/heads/${branch}`, sha, null);
    },
    dispose: () => rm(scratch, { recursive: true, force: true }),
  };
}
