/**
 * Publishes the agent's workspace changes through the Git Data API with Steward's own token:
 * blobs, a tree on top of the starting commit's tree, a commit, then a ref (REST "Git database"
 * docs: blobs, trees, commits, references). The agent never holds a token and never pushes; git
 * hooks and `.git/config` of the workspace play no part.
 */
import { lstat, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { gitIn } from './git.ts';
import type { GitHubClient } from './octokit.ts';
import type { Outbound } from './outbound.ts';

/** Caps on what one session may publish. */
export const CHANGE_LIMITS = { files: 300, bytes: 10 * 1024 * 1024 } as const;

/** One changed path of the workspace. */
export type WorkspaceChange =
  | { path: string; deleted: false; mode: '100644' | '100755' | '120000'; content: Buffer }
  | { path: string; deleted: true };

/** A publishing step that cannot proceed; `message` says what to change. */
export class PublishError extends Error {
  override name = 'PublishError';
}

// Hardened: this runs after the agent had the workspace, with the harness's own privileges.
const git = (workspace: string, args: string[]): Promise<string> => gitIn(workspace, args);

/** The commit the workspace is at (`git rev-parse HEAD`), or null when it is not a git checkout. */
export async function workspaceHead(workspace: string): Promise<string | null> {
  try {
    return (await git(workspace, ['rev-parse', 'HEAD'])).trim() || null;
  } catch {
    return null;
  }
}

/**
 * Every path that differs between commit `since` and the working tree: tracked files changed or
 * deleted (also through commits the agent made), and untracked files that `.gitignore` does not
 * exclude. Directories and submodules are skipped.
 *
 * @throws PublishError when git cannot diff (not a checkout, or `since` is unknown).
 */
export async function workspaceChanges(workspace: string, since: string): Promise<WorkspaceChange[]> {
  let tracked: string;
  let untracked: string;
  try {
    tracked = await git(workspace, ['diff', '--no-renames', '--name-status', '-z', since, '--']);
    untracked = await git(workspace, ['ls-files', '--others', '--exclude-standard', '-z']);
  } catch (err) {
    throw new PublishError(`cannot list the workspace changes since ${since.slice(0, 12)}: ${String(err)}`);
  }
  const paths = new Map<string, boolean>();
  const parts = tracked.split('\0').filter(Boolean);
  for (let i = 0; i + 1 < parts.length; i += 2) paths.set(parts[i + 1] ?? '', parts[i] === 'D');
  for (const p of untracked.split('\0').filter(Boolean)) paths.set(p, false);
  const out: WorkspaceChange[] = [];
  for (const [path, deleted] of [...paths].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (deleted) {
      out.push({ path, deleted: true });
      continue;
    }
    const full = join(workspace, path);
    const info = await lstat(full).catch(() => null);
    if (!info) out.push({ path, deleted: true });
    else if (info.isSymbolicLink())
      out.push({ path, deleted: false, mode: '120000', content: Buffer.from(await readlink(full)) });
    else if (info.isFile())
      out.push({
        path,
        deleted: false,
        mode: info.mode & 0o111 ? '100755' : '100644',
        content: await readFile(full),
      });
  }
  return out;
}

/**
 * Checks `changes` before anything is written: within {@link CHANGE_LIMITS}, no workflow files
 * unless `allowWorkflowEdits` (`steward.allow_workflow_edits`), no file holding a secret.
 *
 * @throws PublishError naming the offending path and what to change.
 */
export function checkChanges(
  changes: WorkspaceChange[],
  outbound: Outbound,
  allowWorkflowEdits: boolean,
): void {
  if (changes.length === 0) throw new PublishError('the workspace has no changes to publish');
  if (changes.length > CHANGE_LIMITS.files)
    throw new PublishError(
      `${changes.length} changed files; at most ${CHANGE_LIMITS.files} can be published at once`,
    );
  let bytes = 0;
  for (const c of changes) {
    if (!allowWorkflowEdits && c.path.startsWith('.github/workflows/'))
      throw new PublishError(
        `${c.path} is a workflow file; set steward.allow_workflow_edits: true in the spec to publish workflow changes`,
      );
    if (c.deleted) continue;
    bytes += c.content.length;
    if (outbound.containsSecret(c.content.toString('utf8')))
      throw new PublishError(`${c.path} contains a secret of this run; it was not published`);
  }
  if (bytes > CHANGE_LIMITS.bytes)
    throw new PublishError(
      `the changes are ${bytes} bytes; at most ${CHANGE_LIMITS.bytes} can be published at once`,
    );
}

/** Where to commit: the repository and the parent commit. */
export interface CommitPlan {
  owner: string;
  repo: string;
  parent: string;
  message: string;
  changes: WorkspaceChange[];
}

/**
 * Writes `plan.changes` as one commit on top of `plan.parent` through the Git Data API and returns
 * its sha. The ref is not touched.
 *
 * @throws the Octokit error of the failing step (e.g. 404/422 when the parent is not on GitHub).
 */
export async function createCommit(gh: GitHubClient, plan: CommitPlan, outbound: Outbound): Promise<string> {
  const { owner, repo } = plan;
  const { data: parent } = await gh.rest.git.getCommit({ owner, repo, commit_sha: plan.parent });
  const tree: Array<{
    path: string;
    mode: '100644' | '100755' | '120000';
    type: 'blob';
    sha: string | null;
  }> = [];
  for (const c of plan.changes) {
    if (c.deleted) {
      tree.push({ path: c.path, mode: '100644', type: 'blob', sha: null });
      continue;
    }
    const { data: blob } = await gh.rest.git.createBlob({
      owner,
      repo,
      content: c.content.toString('base64'),
      encoding: 'base64',
    });
    tree.push({ path: c.path, mode: c.mode, type: 'blob', sha: blob.sha });
  }
  const { data: newTree } = await gh.rest.git.createTree({ owner, repo, base_tree: parent.tree.sha, tree });
  const { data: commit } = await gh.rest.git.createCommit({
    owner,
    repo,
    message: outbound.text(plan.message),
    tree: newTree.sha,
    parents: [plan.parent],
  });
  return commit.sha;
}

/**
 * Creates branch `wanted` at `sha`, or `wanted-2`, `wanted-3`, … when that name is taken (a
 * previous run's branch is never overwritten). Returns the branch name used.
 *
 * @throws the Octokit error when GitHub refuses for another reason.
 */
export async function createBranch(
  gh: GitHubClient,
  target: { owner: string; repo: string },
  wanted: string,
  sha: string,
): Promise<string> {
  for (let i = 1; i <= 20; i++) {
    const name = i === 1 ? wanted : `${wanted}-${i}`;
    try {
      await gh.rest.git.createRef({ ...target, ref: `refs/heads/${name}`, sha });
      return name;
    } catch (err) {
      const status = (err as { status?: number }).status;
      if (status !== 422) throw err;
    }
  }
  throw new PublishError(`branches ${wanted} to ${wanted}-20 all exist; delete old Steward branches`);
}

/** A branch name component from `text`: letters, digits, `.`, `_`, `-` only. */
export function branchSafe(text: string): string {
  return (
    text
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '')
      .slice(0, 60) || 'agent'
  );
}
