import type {
  BetaContentBlock,
  BetaContentBlockParam,
  BetaToolUseBlock,
} from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { CONTENT_BLOCK_EVENT, toBlockParam } from '../events/replay.ts';
import type { EventSink } from '../events/types.ts';
import type { StewardTool } from '../tools/types.ts';
import { type EvaluatedPermission, evaluatePermission } from './permissions.ts';

/** A tool call of a response, with the permission it was given. */
export interface EvaluatedCall {
  call: BetaToolUseBlock;
  permission: EvaluatedPermission;
}

/** What one response added to the conversation. */
export interface RecordedContent {
  /** The blocks for the assistant message, in response order (request form; may be empty). */
  blocks: BetaContentBlockParam[];
  /** Its tool calls in order, with their evaluated permission. */
  calls: EvaluatedCall[];
  /** Its text blocks joined by blank lines (the answer, on `end_turn`). */
  text: string;
}

/**
 * Records a response's content as events, in block order, so that `replayEvents` rebuilds the
 * same assistant message (events/replay.ts): runs of text as one `agent.message`, each tool call
 * as `agent.tool_use` (id = the `tool_use` id, with `evaluated_permission`), thinking as
 * `agent.thinking` plus a `steward.content_block` holding the block (its signature must go back to
 * the API), a `compaction` block as `steward.content_block` plus `agent.thread_context_compacted`,
 * and any other block as `steward.content_block`.
 *
 * `tool_use` blocks in `dropToolUse` mode are left out entirely (a response cut short whose calls
 * must never run).
 */
export function recordAssistantContent(
  events: EventSink,
  content: readonly BetaContentBlock[],
  tools: ReadonlyMap<string, StewardTool>,
  dropToolUse = false,
): RecordedContent {
  const blocks: BetaContentBlockParam[] = [];
  const calls: EvaluatedCall[] = [];
  const texts: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length > 0)
      events.emit({ type: 'agent.message', content: run.map((text) => ({ type: 'text', text })) });
    run = [];
  };
  for (const block of content) {
    if (block.type === 'tool_use' && dropToolUse) continue;
    const param = toBlockParam(block);
    if (!param) continue;
    blocks.push(param);
    if (block.type === 'text') {
      run.push(block.text);
      texts.push(block.text);
      continue;
    }
    flush();
    if (block.type === 'tool_use') {
      const { permission, evaluation } = evaluatePermission(block.name, tools);
      events.emit({
        type: 'agent.tool_use',
        id: block.id,
        name: block.name,
        input: (block.input ?? {}) as Record<string, unknown>,
        evaluated_permission: permission,
        ...(evaluation ? { evaluation } : {}),
      });
      calls.push({ call: block, permission });
      continue;
    }
    if (block.type === 'thinking' || block.type === 'redacted_thinking')
      events.emit({ type: 'agent.thinking' });
    events.emit({ type: CONTENT_BLOCK_EVENT, block: param });
    if (block.type === 'compaction') events.emit({ type: 'agent.thread_context_compacted' });
  }
  flush();
  return { blocks, calls, text: texts.join('\n\n') };
}
