/**
 * Reads agent configuration from a pull request's BASE commit, never from its head (DESIGN section
 * 2; the peer action restores its config from the base branch for the same reason): a pull request
 * must not be able to change the spec, skills or instructions of the agent that reviews it.
 *
 * Files come from the workspace's git objects (`git show <sha>:<path>`) when the commit is there,
 * else from the REST contents API at that commit (`GET /repos/{o}/{r}/contents/{path}?ref=<sha>`),
 * because `actions/checkout` fetches one commit by default and the base may be missing locally.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, resolve } from 'node:path';
import { type AgentSpec, loadSpecDir, SpecError } from '../spec/index.ts';
import { gitIn } from './git.ts';
import type { GitHubClient } from './octokit.ts';

/** Where to read files at a commit. */
export interface CommitSource {
  /** The checked-out repository (may lack the commit). */
  workspace: string;
  /** The commit to read, a full sha. */
  sha: string;
  gh: GitHubClient;
  repo: { owner: string; name: string };
}

async function gitHasCommit(src: CommitSource): Promise<boolean> {
  try {
    await gitIn(src.workspace, ['cat-file', '-e', `${src.sha}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/**
 * The files directly in directory `dir` (repository-relative, `/`-separated) at the commit whose
 * names match `pattern`, as path → text. A directory that does not exist there yields an empty map.
 *
 * @throws the git or Octokit error when the commit can be read neither way.
 */
export async function readDirAtCommit(
  src: CommitSource,
  dir: string,
  pattern: RegExp,
): Promise<Map<string, string>> {
  const clean = dir.replace(/^\.\/+/, '').replace(/\/+$/, '');
  const out = new Map<string, string>();
  if (await gitHasCommit(src)) {
    const stdout = await gitIn(src.workspace, ['ls-tree', '--name-only', '-z', `${src.sha}:${clean}`]).catch(
      () => '',
    );
    for (const name of stdout.split('\0').filter((n) => pattern.test(n))) {
      const path = posix.join(clean, name);
      const text = await gitIn(src.workspace, ['show', `${src.sha}:${path}`], 16 * 1024 * 1024);
      out.set(path, text);
    }
    return out;
  }
  let entries: Array<{ name: string; path: string; type: string }>;
  try {
    const { data } = await src.gh.rest.repos.getContent({
      owner: src.repo.owner,
      repo: src.repo.name,
      path: clean,
      ref: src.sha,
    });
    entries = Array.isArray(data) ? data : [];
  } catch (err) {
    if ((err as { status?: number }).status === 404) return out;
    throw err;
  }
  for (const entry of entries.filter((e) => e.type === 'file' && pattern.test(e.name))) {
    const { data } = await src.gh.rest.repos.getContent({
      owner: src.repo.owner,
      repo: src.repo.name,
      path: entry.path,
      ref: src.sha,
      mediaType: { format: 'raw' },
    });
    out.set(entry.path, String(data));
  }
  return out;
}

/**
 * Loads and validates the agent specs in `specDir` as they are at commit `src.sha`. Errors and
 * `spec.source.file` name the files by their repository-relative path (`.github/steward/x.yml`).
 *
 * @throws SpecError with every problem of every file (as `loadSpecDir`).
 */
export async function loadSpecsAtCommit(src: CommitSource, specDir: string): Promise<AgentSpec[]> {
  const files = await readDirAtCommit(src, specDir, /\.ya?ml$/i);
  const root = mkdtempSync(join(tmpdir(), 'steward-base-specs-'));
  try {
    mkdirSync(join(root, specDir), { recursive: true });
    for (const [path, text] of files) writeFileSync(join(root, path), text);
    return await loadSpecsIn(root, specDir);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Loads and validates the agent specs in `specDir` of the checked-out `root`, naming files by
 * their repository-relative path in errors and `spec.source.file` (what a user can open).
 *
 * @throws SpecError with every problem of every file (as `loadSpecDir`).
 */
export async function loadSpecsIn(root: string, specDir: string): Promise<AgentSpec[]> {
  const prefix = `${resolve(root)}/`;
  const label = (text: string) => text.split(prefix).join('');
  try {
    const specs = await loadSpecDir(resolve(root, specDir));
    return specs.map((s) => ({ ...s, source: { file: label(s.source.file) } }));
  } catch (err) {
    if (err instanceof SpecError)
      throw new SpecError(err.issues.map((i) => ({ ...i, file: label(i.file), message: label(i.message) })));
    throw err;
  }
}
