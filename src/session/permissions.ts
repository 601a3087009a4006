import type { BetaManagedAgentsAgentToolEvaluation } from '@anthropic-ai/sdk/resources/beta/sessions/events';
import type { RecordedToolUse } from '../events/replay.ts';
import type { StewardTool } from '../tools/types.ts';

/** The permission a tool call was given (`agent.tool_use.evaluated_permission`). */
export type EvaluatedPermission = 'allow' | 'ask' | 'deny';

/** A maintainer's answer to a call that waited for approval (`user.tool_confirmation`). */
export interface ToolConfirmation {
  tool_use_id: string;
  result: 'allow' | 'deny';
  deny_message?: string;
}

/** Thrown when confirmations do not match the calls that wait for one; says what to change. */
export class ConfirmationError extends Error {}

/**
 * Evaluates a call against the session's tools (Managed Agents permission policies): a tool that
 * is not offered is denied; `always_ask` holds the call for a maintainer (`ask`); `always_allow`
 * runs it. Returns the `evaluation` field of the `agent.tool_use` event with it.
 */
export function evaluatePermission(
  name: string,
  tools: ReadonlyMap<string, StewardTool>,
): { permission: EvaluatedPermission; evaluation?: BetaManagedAgentsAgentToolEvaluation } {
  const tool = tools.get(name);
  if (!tool) return { permission: 'deny' };
  return tool.permission === 'always_ask'
    ? { permission: 'ask', evaluation: { type: 'always_ask' } }
    : { permission: 'allow', evaluation: { type: 'always_allow' } };
}

/** The `tool_result` text of a call the maintainer denied. */
export function denialText(message: string | undefined): string {
  const why = message?.trim() ? `: ${message.trim()}` : '.';
  return `A maintainer denied this tool call${why} It was not run. Do not retry it; continue another way or explain what you needed.`;
}

/** The `tool_result` text of a call to a tool the session does not offer. */
export function unavailableText(name: string): string {
  return `Error: tool "${name}" is not available in this session`;
}

/**
 * Pairs the calls waiting for approval with `confirmations`. Calls without an answer stay waiting.
 *
 * @throws ConfirmationError naming the id when a confirmation answers no waiting call.
 */
export function matchConfirmations(
  waiting: readonly RecordedToolUse[],
  confirmations: readonly ToolConfirmation[],
): {
  answered: Array<{ call: RecordedToolUse; confirmation: ToolConfirmation }>;
  unanswered: RecordedToolUse[];
} {
  const byId = new Map(waiting.map((c) => [c.id, c]));
  for (const c of confirmations) {
    if (!byId.has(c.tool_use_id)) {
      const ids = waiting.map((w) => w.id).join(', ') || 'none';
      throw new ConfirmationError(
        `no tool call waits for approval with id "${c.tool_use_id}" (waiting: ${ids}); approve or deny one of those`,
      );
    }
  }
  const answers = new Map(confirmations.map((c) => [c.tool_use_id, c]));
  const answered: Array<{ call: RecordedToolUse; confirmation: ToolConfirmation }> = [];
  const unanswered: RecordedToolUse[] = [];
  for (const call of waiting) {
    const confirmation = answers.get(call.id);
    if (confirmation) answered.push({ call, confirmation });
    else unanswered.push(call);
  }
  return { answered, unanswered };
}
