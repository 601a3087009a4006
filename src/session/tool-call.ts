import type {
  BetaToolResultBlockParam,
  BetaToolUseBlock,
} from '@anthropic-ai/sdk/resources/beta/messages/messages';
import type { EventSink } from '../events/types.ts';
import type { StewardTool, ToolOutcome } from '../tools/types.ts';

type EventContent = Array<{ type: 'text'; text: string }>;

/**
 * Runs the tool calls of one model turn concurrently (the model asked for them together; the
 * SDK's tools serialize what must be serialized, e.g. the one bash shell) and returns their
 * `tool_result` blocks in the order of the calls, as the Messages API wants them: all in one user
 * message (Anthropic tool-use docs, "parallel tool use").
 *
 * Emits `agent.tool_use` for every call before any runs, and `agent.tool_result` as each
 * finishes. The `agent.tool_use` event id is the `tool_use` block id, so results pair by id.
 * A call to a tool that is not offered gets an `is_error` result; nothing here throws for what
 * the model did.
 */
export async function runToolCalls(
  calls: readonly BetaToolUseBlock[],
  tools: ReadonlyMap<string, StewardTool>,
  events: EventSink,
  signal?: AbortSignal,
): Promise<BetaToolResultBlockParam[]> {
  for (const call of calls) {
    events.emit({
      type: 'agent.tool_use',
      id: call.id,
      name: call.name,
      input: (call.input ?? {}) as Record<string, unknown>,
      evaluated_permission: tools.has(call.name) ? 'allow' : 'deny',
    });
  }
  return Promise.all(
    calls.map(async (call) => {
      const tool = tools.get(call.name);
      const outcome: ToolOutcome = tool
        ? await tool.run(call.input, signal)
        : { content: `Error: tool "${call.name}" is not available in this session`, is_error: true };
      const content = toEventContent(outcome.content);
      events.emit({ type: 'agent.tool_result', tool_use_id: call.id, content, is_error: outcome.is_error });
      return {
        type: 'tool_result',
        tool_use_id: call.id,
        content: outcome.content,
        ...(outcome.is_error ? { is_error: true } : {}),
      } satisfies BetaToolResultBlockParam;
    }),
  );
}

/** Tool output as Managed Agents event content: text blocks (other block kinds are described). */
function toEventContent(content: ToolOutcome['content']): EventContent {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((block) =>
    block.type === 'text'
      ? { type: 'text', text: block.text }
      : { type: 'text', text: `[${block.type} block]` },
  );
}
