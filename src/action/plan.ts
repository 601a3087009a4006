/**
 * Which agents a workflow event runs, and how: the `agent` input, a comment command
 * (`/steward [AGENT] …`, src/github/commands.ts), or `on:` matching (src/spec selectSpecs).
 * Comment commands reach only agents whose `on:` lists `issue_comment`; without an agent name they
 * go to the agent that already has a session on the thread, else to every agent that takes plain
 * `/steward` commands (no `command:` filter of its own).
 */
import { type CommandBudget, commandText, parseCommand } from '../github/commands.ts';
import type { Task } from '../github/context.ts';
import type { PreviousSession } from '../github/tracking.ts';
import { type AgentSpec, findSpec, selectSpecs } from '../spec/index.ts';

/** How a planned session starts. */
export type RunMode =
  | { kind: 'fresh' }
  /** Continue the agent's previous session on the thread when there is one. */
  | { kind: 'continue' }
  | { kind: 'approve' }
  | { kind: 'deny'; reason: string };

/** One session to run. */
export interface PlannedRun {
  spec: AgentSpec;
  /** The request of a comment command (trusted: its author is authorized before the run). */
  request: string | null;
  budget: CommandBudget;
  mode: RunMode;
  /** True when an explicit comment command asked for the run (refusals get a reply). */
  command: boolean;
  /** The session to continue or answer, when already known. */
  previous?: PreviousSession;
}

/** The outcome of planning. */
export interface Plan {
  runs: PlannedRun[];
  /** A problem with a comment command, for a reply (only to authorized commenters). */
  problem?: string;
  /** Why nothing runs, for the log and the job summary. */
  notice?: string;
}

/** What planning may look up on GitHub. */
export interface PlanLookups {
  /** The latest session on the task's thread, optionally of one agent or in one state. */
  previous(filter: { agent?: string; state?: string }): Promise<PreviousSession | null>;
  /** Changed files of the pull request, for `paths:` filters. */
  changedFiles(): Promise<string[] | undefined>;
}

const takesComments = (s: AgentSpec) => s.on.issue_comment !== undefined;

/**
 * Plans the sessions for `task`.
 * @param agentInput the Action's `agent` input (empty: select by the event).
 */
export async function planRuns(
  task: Task,
  specs: readonly AgentSpec[],
  agentInput: string,
  lookups: PlanLookups,
): Promise<Plan> {
  const names = specs.map((s) => s.name);
  const command =
    task.comment && task.event.name === 'issue_comment' ? parseCommand(task.comment.body, names) : null;

  // The `agent` input chooses the agent whatever its `on:` says; a command still says how to run it.
  let forced: AgentSpec | undefined;
  if (agentInput) {
    forced = findSpec(specs, agentInput);
    if (!forced)
      return { runs: [], notice: `no agent named "${agentInput}" (agents: ${names.join(', ') || 'none'})` };
    if (!command) {
      const request = task.comment && task.event.name === 'issue_comment' ? task.comment.body : null;
      const mode: RunMode = request !== null ? { kind: 'continue' } : { kind: 'fresh' };
      return { runs: [{ spec: forced, request, budget: {}, mode, command: false }] };
    }
    if (command.agent && command.agent !== forced.name)
      return {
        runs: [],
        problem: `this workflow runs only agent \`${forced.name}\`; leave the agent name out or use that one.`,
      };
  }
  const takes = (s: AgentSpec) => s === forced || takesComments(s);

  if (command) {
    const named = forced ?? (command.agent ? findSpec(specs, command.agent) : undefined);
    if (named && !takes(named))
      return {
        runs: [],
        problem: `agent \`${named.name}\` does not take comment commands; add \`issue_comment:\` to the \`on:\` block of ${named.source.file}.`,
      };
    if (command.kind === 'approve' || command.kind === 'deny') {
      const waiting = await lookups.previous({
        state: 'requires_action',
        ...(named ? { agent: named.name } : {}),
      });
      const spec = waiting ? findSpec(specs, waiting.meta.agent) : undefined;
      if (!waiting || !spec)
        return {
          runs: [],
          problem: 'nothing on this thread is waiting for approval, so there is nothing to approve or deny.',
        };
      const mode: RunMode =
        command.kind === 'approve' ? { kind: 'approve' } : { kind: 'deny', reason: command.reason };
      return { runs: [{ spec, request: null, budget: {}, mode, command: true, previous: waiting }] };
    }
    if (command.problems.length > 0) return { runs: [], problem: command.problems.join('\n') };
    if (!command.instruction)
      return {
        runs: [],
        problem:
          'the command has no instruction; write what to do after `/steward`, e.g. `/steward fix the failing test`.',
      };
    const mode: RunMode = command.fresh ? { kind: 'fresh' } : { kind: 'continue' };
    const base = { request: command.instruction, budget: command.budget, mode, command: true };
    if (named) return { runs: [{ spec: named, ...base }] };
    const candidates = specs.filter((s) => takesComments(s) && s.on.issue_comment?.command === undefined);
    if (candidates.length === 0)
      return {
        runs: [],
        problem:
          'no agent takes `/steward` commands; add `issue_comment:` (without `command:`) to the `on:` block of an agent, or name one: `/steward AGENT …`.',
      };
    if (!command.fresh && candidates.length > 1) {
      const last = await lookups.previous({});
      const again = last ? candidates.find((s) => s.name === last.meta.agent) : undefined;
      if (again) return { runs: [{ spec: again, ...base }] };
    }
    return { runs: candidates.map((spec) => ({ spec, ...base })) };
  }

  const needsFiles = specs.some((s) => {
    const f =
      task.event.name === 'pull_request'
        ? s.on.pull_request
        : task.event.name === 'pull_request_target'
          ? s.on.pull_request_target
          : undefined;
    return f?.paths !== undefined;
  });
  const changedFiles = needsFiles ? await lookups.changedFiles() : undefined;
  const selected = selectSpecs(specs, {
    name: task.event.name,
    ...(task.event.action ? { action: task.event.action } : {}),
    payload: task.payload,
    ...(changedFiles ? { changedFiles } : {}),
  });
  if (selected.length === 0) {
    return {
      runs: [],
      notice: `no agent answers ${task.event.name}${task.event.action ? `.${task.event.action}` : ''}`,
    };
  }
  return {
    runs: selected.map((spec) => {
      // A comment that matched an agent's own `command:` is a request, like `/steward`.
      const own = spec.on.issue_comment?.command;
      const request =
        task.comment && task.event.name === 'issue_comment'
          ? own
            ? commandText(task.comment.body, own)
            : task.comment.body
          : null;
      return {
        spec,
        request,
        budget: {},
        mode: task.comment ? { kind: 'continue' } : { kind: 'fresh' },
        command: own !== undefined,
      };
    }),
  };
}
