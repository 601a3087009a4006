/**
 * Policy around the SDK's file tools (`read`, `write`, `edit`, `glob`, `grep` of
 * `@anthropic-ai/sdk/tools/agent-toolset/node`). Those already confine every path to the
 * workspace, resolving symlinks before the check and operating on the resolved path. They run in
 * the harness process, outside the sandbox, so Steward adds:
 * - a deny list inside the workspace: `.git/config` (and nested repositories' configs) cannot be
 *   read, because actions/checkout may persist the job's token there; nothing under `.git/` can
 *   be written (hooks and config run code); `.github/workflows/**` is writable only when the spec
 *   sets `steward.allow_workflow_edits`;
 * - a refusal of hard-linked files (more than one link), whose other name may lie outside the
 *   workspace, where the path check cannot see it;
 * - the session's tool lock (tools/lock.ts), so no command runs between a path check and the
 *   file operation.
 */
import { lstat, realpath } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';
import { resolvePath } from '@anthropic-ai/sdk/tools/agent-toolset/node';
import type { ToolLock } from './lock.ts';
import type { StewardTool, ToolOutcome } from './types.ts';

/** What the file tools may touch inside the workspace. */
export interface FilePolicy {
  workspace: string;
  /** Whether `.github/workflows/**` may be written (spec `steward.allow_workflow_edits`). */
  allowWorkflowEdits: boolean;
}

/** Which input field holds the path, and what the tool does with it. */
const ACCESS: Record<string, { field: string; access: 'read' | 'write' | 'search' }> = {
  read: { field: 'file_path', access: 'read' },
  write: { field: 'file_path', access: 'write' },
  edit: { field: 'file_path', access: 'write' },
  glob: { field: 'path', access: 'search' },
  grep: { field: 'path', access: 'search' },
};

/** A path relative to the workspace, `/`-separated and lower-cased for comparison. */
function norm(rel: string): string {
  return rel.split(sep).join('/').toLowerCase();
}

const inGitDir = (rel: string) => /(^|\/)\.git(\/|$)/.test(rel);
const isGitConfig = (rel: string) => /(^|\/)\.git(\/.*)?\/config$/.test(rel);
const inWorkflows = (rel: string) => /^\.github\/workflows(\/|$)/.test(rel);

/**
 * Why `rel` (the canonical path relative to the workspace) is refused for `access`, or null.
 * Exported for tests.
 */
export function deniedReason(
  rel: string,
  access: 'read' | 'write' | 'search',
  policy: FilePolicy,
): string | null {
  const r = norm(rel);
  if (access === 'read' && isGitConfig(r))
    return 'it can hold the credentials actions/checkout persisted; use `git config --get <key>` in bash instead';
  if (access === 'search' && inGitDir(r))
    return 'the .git directory can hold the credentials actions/checkout persisted; use git commands in bash';
  if (access === 'write' && inGitDir(r))
    return 'files under .git/ (hooks, config) change what git runs; use git commands in bash';
  if (access === 'write' && inWorkflows(r) && !policy.allowWorkflowEdits)
    return 'workflow files are writable only when the agent spec sets steward.allow_workflow_edits: true';
  return null;
}

async function check(
  tool: string,
  input: unknown,
  policy: FilePolicy,
  workspaceReal: string,
): Promise<ToolOutcome | null> {
  const spec = ACCESS[tool];
  if (!spec) return null;
  const raw = (input as Record<string, unknown> | null)?.[spec.field];
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw !== 'string') return { content: `${tool}: ${spec.field} must be a string`, is_error: true };
  if (raw.includes('\0')) return { content: `${tool}: ${spec.field} contains a NUL byte`, is_error: true };
  let target: string;
  try {
    target = await resolvePath({ workdir: policy.workspace }, raw);
  } catch {
    // The SDK tool itself reports paths outside the workspace, with its own message.
    return null;
  }
  const rel = relative(workspaceReal, target);
  if (rel.startsWith('..') || isAbsolute(rel)) return null;
  const why = deniedReason(rel, spec.access, policy);
  if (why) return { content: `${tool}: ${raw} is off limits: ${why}`, is_error: true };
  if (spec.access !== 'search') {
    const st = await lstat(target).catch(() => null);
    if (st?.isFile() && st.nlink > 1) {
      return {
        content:
          `${tool}: ${raw} has ${st.nlink} hard links; the file tools refuse hard-linked files because ` +
          'another name of the file may lie outside the workspace. Use bash (sandboxed) for it.',
        is_error: true,
      };
    }
  }
  return null;
}

/**
 * Drops grep matches inside a `.git` directory. ripgrep skips hidden directories, but an ignore
 * file in the workspace (`.rgignore` or `.ignore` with `!.git/`) can bring them back, and
 * `.git/config` may hold a persisted token.
 */
function withoutGitMatches(outcome: ToolOutcome): ToolOutcome {
  if (typeof outcome.content !== 'string') return outcome;
  const lines = outcome.content.split('\n');
  const kept = lines.filter((line) => !/(^|\/)\.git\/[^:]*:\d+:/i.test(line));
  if (kept.length === lines.length) return outcome;
  const dropped = lines.length - kept.length;
  const text = kept.join('\n').trim();
  return {
    ...outcome,
    content: `${text || 'no matches'}\n[${dropped} match${dropped === 1 ? '' : 'es'} inside .git left out]`,
  };
}

/**
 * Wraps an SDK file tool (already a {@link StewardTool}, tools/toolset.ts) with the deny list,
 * the hard-link refusal and the session lock. Tools other than the five file tools pass through.
 */
export function guardFileTool(tool: StewardTool, policy: FilePolicy, lock: ToolLock): StewardTool {
  if (!ACCESS[tool.name]) return tool;
  let workspaceReal: Promise<string> | undefined;
  return {
    ...tool,
    run(input: unknown, signal?: AbortSignal): Promise<ToolOutcome> {
      return lock.run(async () => {
        workspaceReal ??= realpath(policy.workspace);
        const refused = await check(tool.name, input, policy, await workspaceReal);
        if (refused) return refused;
        const outcome = await tool.run(input, signal);
        return tool.name === 'grep' ? withoutGitMatches(outcome) : outcome;
      });
    },
  };
}
