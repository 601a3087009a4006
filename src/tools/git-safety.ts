/**
 * Git on a workspace the agent has written to. The sandbox lets commands write `.git/` (they must,
 * to commit), which is enough to plant a `.git/commondir` file: git then reads its configuration
 * from the directory named there, and a planted configuration runs programs (`core.fsmonitor`,
 * `diff.external`, filter drivers, `core.pager`, hooks) the next time anyone runs `git status` or
 * `git diff` outside the sandbox — the harness, with its secrets, or a later step of the job.
 * (Git docs, gitrepository-layout "commondir"; git-config "core.fsmonitor".)
 *
 * Two defenses: the bash tool removes a top-level `.git/commondir` after every command
 * ({@link sanitizeGitDir}), and code outside the sandbox runs git through
 * {@link hardenedGit}, which pins the repository and common directories and switches the
 * program-running settings off.
 */
import { lstatSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Removes what a command may have planted in `workspace/.git` to redirect git's configuration:
 * `commondir` (never present in a main worktree's git directory; linked worktrees keep theirs under
 * `.git/worktrees/<name>/`). Returns a line per removal, for the session's record. Call it only
 * while no sandboxed process runs (the bash tool does, under the tool lock).
 */
export function sanitizeGitDir(workspace: string): string[] {
  const removed: string[] = [];
  const gitDir = join(workspace, '.git');
  try {
    if (!lstatSync(gitDir).isDirectory()) return removed;
  } catch {
    return removed;
  }
  for (const name of ['commondir']) {
    const path = join(gitDir, name);
    try {
      lstatSync(path);
    } catch {
      continue;
    }
    try {
      unlinkSync(path);
      removed.push(`removed .git/${name}: it redirects where git reads its configuration from`);
    } catch (err) {
      removed.push(`could not remove .git/${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return removed;
}

/** Settings that make git run programs, switched off for git run on an agent-touched workspace. */
const HARDENING = [
  'core.fsmonitor=false',
  'core.hooksPath=/dev/null',
  'core.pager=cat',
  'core.sshCommand=false',
  'core.askPass=',
  'credential.helper=',
  'diff.external=',
  'submodule.recurse=false',
  'diff.ignoreSubmodules=all',
  'protocol.allow=never',
];

/**
 * How code outside the sandbox (the harness computing a pull request's changes, reading base
 * files) must run git in `workspace`: prepend `args` to git's arguments and use `env` as the
 * complete environment (it replaces the runner's; it carries no token). `GIT_DIR` and
 * `GIT_COMMON_DIR` pin the repository, so a planted `.git/commondir` is ignored and configuration
 * comes from `.git/config`, which the sandbox never lets commands write; system and global
 * configuration are skipped; `safe.directory` names the workspace, since the global configuration
 * that usually lists it is skipped. Network protocols are refused: inspection needs none.
 *
 * @param path the `PATH` to find git on (the composition root passes the runner's).
 */
export function hardenedGit(
  workspace: string,
  path: string,
): { args: string[]; env: Record<string, string> } {
  const gitDir = join(workspace, '.git');
  let pinned: Record<string, string> = {};
  try {
    // A linked worktree's `.git` is a file naming its git directory; only a directory is pinned.
    if (lstatSync(gitDir).isDirectory())
      pinned = { GIT_DIR: gitDir, GIT_COMMON_DIR: gitDir, GIT_WORK_TREE: workspace };
  } catch {
    // Not a checkout: git will say so.
  }
  return {
    args: [...HARDENING.flatMap((kv) => ['-c', kv]), '-c', `safe.directory=${workspace}`],
    env: {
      PATH: path,
      LANG: 'C.UTF-8',
      HOME: '/nonexistent',
      ...pinned,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_TERMINAL_PROMPT: '0',
      GIT_OPTIONAL_LOCKS: '0',
    },
  };
}
