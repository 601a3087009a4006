/**
 * Which agents answer a workflow event: the `on:` matching of DESIGN §2. Pure functions over the
 * event's name, action and webhook payload; no GitHub calls.
 */
import type { AgentSpec } from './schema.ts';

/** A workflow event as the Action sees it (`github.context`). */
export interface TriggerEvent {
  /** Event name, e.g. `pull_request`, `issue_comment` (GITHUB_EVENT_NAME). */
  name: string;
  /** Activity type; defaults to `payload.action`. */
  action?: string;
  /** The webhook payload (GITHUB_EVENT_PATH contents). */
  payload: object;
  /**
   * The comment's command line, if the caller already extracted it (e.g. `/review please`);
   * otherwise the first non-empty line of `payload.comment.body` is used.
   */
  command?: string;
  /**
   * Paths the event changed, relative to the repository root. Needed for `paths:` filters on pull
   * requests, whose payload does not list files; push events fall back to `payload.commits[]`.
   */
  changedFiles?: readonly string[];
}

/**
 * The specs whose `on:` block accepts `event`, in the order given (`[]` when none). Rules per event:
 * - `pull_request`, `pull_request_target`: `types` vs the action; `branches` vs the base branch
 *   (`payload.pull_request.base.ref`); `paths` vs `event.changedFiles` (not checked when unknown).
 * - `push`: `branches` vs `payload.ref` under `refs/heads/` (tag pushes never match a branch filter);
 *   `paths` vs `event.changedFiles` or the added/modified/removed files of `payload.commits`.
 * - `issues`: `types` vs the action; `labels`: for `labeled` / `unlabeled` the label that changed must be
 *   listed, otherwise the issue must carry one of them.
 * - `issue_comment`: only the `created` action (edited or deleted comments never trigger, DESIGN §5);
 *   `command` must be the start of the command line, followed by whitespace or nothing.
 * - `schedule`: `payload.schedule` must be one of the listed crons (any when none are listed).
 * - `workflow_dispatch`: always.
 * A filter omitted or written as `null` accepts everything. Patterns use `*` (within one path segment),
 * `**` (across segments) and `?`; a leading `!` excludes, the last matching pattern wins (as in workflow
 * files).
 */
export function selectSpecs(specs: readonly AgentSpec[], event: TriggerEvent): AgentSpec[] {
  return specs.filter((spec) => matches(spec, event));
}

function matches(spec: AgentSpec, event: TriggerEvent): boolean {
  const payload = event.payload as Record<string, unknown>;
  const action = event.action ?? str(payload.action);
  const on = spec.on;
  switch (event.name) {
    case 'pull_request':
    case 'pull_request_target': {
      const filter = on[event.name];
      if (!filter) return false;
      if (filter.types && (action === undefined || !(filter.types as readonly string[]).includes(action)))
        return false;
      const base = str(get(payload, 'pull_request', 'base', 'ref'));
      if (filter.branches && (base === undefined || !matchList(filter.branches, base))) return false;
      return pathsMatch(filter.paths, event.changedFiles);
    }
    case 'push': {
      const filter = on.push;
      if (!filter) return false;
      if (filter.branches) {
        const ref = str(payload.ref) ?? '';
        if (!ref.startsWith('refs/heads/') || !matchList(filter.branches, ref.slice('refs/heads/'.length)))
          return false;
      }
      return pathsMatch(filter.paths, event.changedFiles ?? pushedFiles(payload));
    }
    case 'issues': {
      const filter = on.issues;
      if (!filter) return false;
      if (filter.types && (action === undefined || !(filter.types as readonly string[]).includes(action)))
        return false;
      if (!filter.labels) return true;
      if (action === 'labeled' || action === 'unlabeled') {
        const changed = str(get(payload, 'label', 'name'));
        return changed !== undefined && filter.labels.includes(changed);
      }
      const labels = Array.isArray(get(payload, 'issue', 'labels'))
        ? (get(payload, 'issue', 'labels') as unknown[])
        : [];
      return labels.some((label) => {
        const name = typeof label === 'string' ? label : str(get(label, 'name'));
        return name !== undefined && (filter.labels ?? []).includes(name);
      });
    }
    case 'issue_comment': {
      const filter = on.issue_comment;
      if (!filter) return false;
      if (action !== undefined && action !== 'created') return false;
      if (filter.command === undefined) return true;
      const line = event.command ?? firstLine(str(get(payload, 'comment', 'body')) ?? '');
      return startsWithCommand(line.trim(), filter.command);
    }
    case 'schedule': {
      const crons = on.schedule;
      if (!crons) return false;
      if (crons.length === 0) return true;
      const cron = str(payload.schedule);
      return cron !== undefined && crons.some((c) => normalizeCron(c.cron) === normalizeCron(cron));
    }
    case 'workflow_dispatch':
      return on.workflow_dispatch !== undefined;
    default:
      return false;
  }
}

/**
 * Whether `value` matches a list of glob patterns with workflow-file semantics: patterns are tried in
 * order, a `!pattern` excludes, and the last pattern that matches decides. A list of only exclusions
 * starts from "everything matches".
 */
export function matchList(patterns: readonly string[], value: string): boolean {
  let result = patterns.every((p) => p.startsWith('!'));
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (globToRegExp(negated ? pattern.slice(1) : pattern).test(value)) result = !negated;
  }
  return result;
}

/**
 * Compiles a glob: `**` matches any characters including `/`, `*` any characters but `/`, `?` one
 * character but `/`; everything else is literal. A `**` followed by a slash also matches zero directories.
 */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? '';
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` also matches zero directories, so `**/x.ts` matches `x.ts`.
      if (glob[i + 2] === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function pathsMatch(patterns: readonly string[] | undefined, files: readonly string[] | undefined): boolean {
  // Without the list of changed files the filter cannot be decided; running is the visible failure mode.
  if (!patterns || !files) return true;
  return files.some((file) => matchList(patterns, file));
}

function pushedFiles(payload: Record<string, unknown>): string[] | undefined {
  if (!Array.isArray(payload.commits)) return undefined;
  const files = new Set<string>();
  for (const commit of payload.commits) {
    for (const key of ['added', 'modified', 'removed']) {
      const list = get(commit, key);
      if (Array.isArray(list)) for (const f of list) if (typeof f === 'string') files.add(f);
    }
  }
  return [...files];
}

function startsWithCommand(line: string, command: string): boolean {
  return line === command || (line.startsWith(command) && /\s/.test(line.charAt(command.length)));
}

function firstLine(body: string): string {
  return body.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
}

function normalizeCron(cron: string): string {
  return cron.trim().split(/\s+/).join(' ');
}

function get(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
