import type { BetaToolResultBlockParam } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { type EventText, toolResultBlock } from '../events/replay.ts';
import type { EventSink } from '../events/types.ts';
import type { StewardTool, ToolOutcome } from '../tools/types.ts';
import type { EvaluatedCall } from './assistant.ts';
import { unavailableText } from './permissions.ts';

/** The results of one turn's tool calls, and the calls that wait for a maintainer. */
export interface ToolTurn {
  /** `tool_result` blocks of the calls that ran or were denied, in call order. */
  results: BetaToolResultBlockParam[];
  /** Ids of the calls held for approval (`evaluated_permission: ask`); they did not run. */
  waiting: string[];
}

/**
 * Runs the tool calls of one model turn concurrently (the model asked for them together; the
 * SDK's tools serialize what must be serialized, e.g. the one bash shell) and returns their
 * `tool_result` blocks in call order, as the Messages API wants them in one user message
 * (Anthropic tool-use docs, "parallel tool use"). `agent.tool_use` events were already emitted
 * with the response (session/assistant.ts); this emits `agent.tool_result` as each call finishes.
 *
 * Calls evaluated `deny` (no such tool) get an `is_error` result without running; calls evaluated
 * `ask` do not run and are returned in `waiting`. When `signal` aborts, a running call is told to
 * stop and its result says it was interrupted. Nothing here throws for what the model did.
 */
export async function runToolCalls(
  calls: readonly EvaluatedCall[],
  tools: ReadonlyMap<string, StewardTool>,
  events: EventSink,
  signal?: AbortSignal,
): Promise<ToolTurn> {
  const waiting = calls.filter((c) => c.permission === 'ask').map((c) => c.call.id);
  const results = await Promise.all(
    calls
      .filter((c) => c.permission !== 'ask')
      .map(async ({ call, permission }) => {
        const tool = permission === 'allow' ? tools.get(call.name) : undefined;
        const outcome = tool
          ? await runOne(tool, call.input, signal)
          : { content: unavailableText(call.name), is_error: true };
        return recordToolResult(events, call.id, outcome);
      }),
  );
  return { results, waiting };
}

/**
 * Runs one call of `tool` and returns its outcome; when `signal` aborts during the call the
 * outcome says so (whatever the tool made of the abort), since the command may have partly run.
 */
export async function runOne(tool: StewardTool, input: unknown, signal?: AbortSignal): Promise<ToolOutcome> {
  if (signal?.aborted) return interruptedOutcome(signal, false);
  const outcome = await tool.run(input, signal);
  return signal?.aborted ? interruptedOutcome(signal, true) : outcome;
}

function interruptedOutcome(signal: AbortSignal, started: boolean): ToolOutcome {
  const why = signal.reason instanceof Error ? signal.reason.message : 'the session was stopped';
  return {
    content: started
      ? `Interrupted: ${why}. The tool call was stopped before it finished and may have partly run.`
      : `Interrupted: ${why}. The tool call was not run.`,
    is_error: true,
  };
}

/**
 * Emits `agent.tool_result` for `outcome` and returns the matching `tool_result` block. Text is
 * taken from the event content so the live conversation equals the replayed one; non-text blocks
 * (images) are sent to the model as they are and described in the event.
 */
export function recordToolResult(
  events: EventSink,
  toolUseId: string,
  outcome: ToolOutcome,
): BetaToolResultBlockParam {
  const content = toEventContent(outcome.content);
  events.emit({ type: 'agent.tool_result', tool_use_id: toolUseId, content, is_error: outcome.is_error });
  const block = toolResultBlock(toolUseId, content, outcome.is_error);
  if (typeof outcome.content !== 'string' && outcome.content.some((b) => b.type !== 'text')) {
    block.content = outcome.content;
  }
  return block;
}

/** Tool output as Managed Agents event content: text blocks (other block kinds are described). */
function toEventContent(content: ToolOutcome['content']): EventText {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((block) =>
    block.type === 'text'
      ? { type: 'text', text: block.text }
      : { type: 'text', text: `[${block.type} block]` },
  );
}
