/**
 * Builds a real git repository for tests: a working clone with a base commit on the default branch
 * and a head commit on a feature branch, plus a bare clone to hand to `startFakeGitHub({ bareRepo })`.
 * Pull request head/base shas can then point at real commits.
 */

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';

/** Options of {@link createTestRepository}. */
export interface TestRepositoryOptions {
  /** Default branch name; default `main`. */
  defaultBranch?: string;
  /** Files of the base commit; default a README and `src/app.ts`. */
  baseFiles?: Record<string, string>;
  /** Feature branch name; default `feature`. */
  headBranch?: string;
  /** Changes of the head commit: content to write, or null to delete; default edits `src/app.ts` and adds a file. */
  headFiles?: Record<string, string | null>;
  /** Head commit message; default `Change app`. */
  headMessage?: string;
}

/** The repository made by {@link createTestRepository}. */
export interface TestRepository {
  /** Working clone (its HEAD is the default branch). */
  workDir: string;
  /** Bare clone with both branches; pass it as `bareRepo`. */
  bareDir: string;
  baseRef: string;
  baseSha: string;
  headRef: string;
  headSha: string;
  /** Runs git in the working clone and returns trimmed stdout. */
  git(args: string[]): Promise<string>;
  /** Removes both clones. */
  dispose(): Promise<void>;
}

/** Fixed identity and dates so shas are reproducible; user config is ignored. */
const ENV = {
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.invalid',
  GIT_AUTHOR_DATE: '@1700000000 +0000',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.invalid',
  GIT_COMMITTER_DATE: '@1700000000 +0000',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

const DEFAULT_BASE = {
  'README.md': '# Demo\n',
  'src/app.ts': 'export function add(a: number, b: number): number {\n  return a + b;\n}\n',
};

const DEFAULT_HEAD = {
  'src/app.ts':
    'export function add(a: number, b: number): number {\n  return a + b;\n}\n\nexport function sub(a: number, b: number): number {\n  return a - b;\n}\n',
  'src/util.ts': 'export const answer = 42;\n',
};

/** Creates the repository in a new temp dir; throws if any git command fails. */
export async function createTestRepository(options: TestRepositoryOptions = {}): Promise<TestRepository> {
  const root = await mkdtemp(join(tmpdir(), 'steward-test-repo-'));
  const workDir = join(root, 'work');
  const bareDir = join(root, 'bare.git');
  const baseRef = options.defaultBranch ?? 'main';
  const headRef = options.headBranch ?? 'feature';
  const git = async (args: string[]) =>
    (await execa('git', ['-c', 'commit.gpgsign=false', ...args], { cwd: workDir, env: ENV })).stdout.trim();
  const write = async (files: Record<string, string | null>) => {
    for (const [path, content] of Object.entries(files)) {
      if (content === null) {
        await git(['rm', '-q', '--', path]);
        continue;
      }
      await mkdir(dirname(join(workDir, path)), { recursive: true });
      await writeFile(join(workDir, path), content);
    }
    await git(['add', '-A']);
  };
  try {
    await mkdir(workDir);
    await git(['init', '-q', '-b', baseRef]);
    await write(options.baseFiles ?? DEFAULT_BASE);
    await git(['commit', '-q', '-m', 'Initial commit']);
    const baseSha = await git(['rev-parse', 'HEAD']);
    await git(['checkout', '-q', '-b', headRef]);
    await write(options.headFiles ?? DEFAULT_HEAD);
    await git(['commit', '-q', '-m', options.headMessage ?? 'Change app']);
    const headSha = await git(['rev-parse', 'HEAD']);
    await git(['checkout', '-q', baseRef]);
    await execa('git', ['clone', '-q', '--bare', workDir, bareDir], { env: ENV });
    return {
      workDir,
      bareDir,
      baseRef,
      baseSha,
      headRef,
      headSha,
      git,
      dispose: () => rm(root, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}
