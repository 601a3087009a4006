/**
 * Events → Messages API conversation: rebuilds the `messages` a session had sent from its event
 * log, so a session can be resumed (DESIGN section 4), and the helpers the live loop uses to
 * build its conversation the same way (one set of rules, so a replayed conversation equals the
 * live one).
 *
 * Rendering rules (each event in log order):
 * - `user.message`, `system.message`: text blocks appended to the trailing user message, or a new
 *   one. `system.message` carries harness notes (budget warnings, continuation requests, outcome
 *   feedback); it is rendered as user text because mid-conversation `role: "system"` messages are
 *   a beta that not every model accepts.
 * - `span.model_request_end` without error: the next assistant block opens a new assistant message
 *   (consecutive assistant messages happen after `pause_turn`, which the API merges).
 * - `agent.message` (one text block per content item), `agent.tool_use`, and
 *   `steward.content_block` (blocks Managed Agents events do not carry in full: thinking,
 *   redacted thinking, compaction, server tool blocks): appended to that assistant message.
 * - `agent.tool_result`: a `tool_result` block in the trailing user message.
 * - `steward.context_summary`: the conversation is replaced by one user message with its content
 *   (Steward's summarizing compaction).
 */
import type {
  BetaContentBlock,
  BetaContentBlockParam,
  BetaMessageParam,
  BetaTextBlockParam,
  BetaToolResultBlockParam,
} from '@anthropic-ai/sdk/resources/beta/messages/messages';
import type { ModelUsage, SessionEvent, StopReason } from './types.ts';

/** Steward event carrying an assistant block in its request (param) form: `{type, block}`. */
export const CONTENT_BLOCK_EVENT = 'steward.content_block';

/** Steward event carrying the user content that replaces a summarized conversation: `{type, content}`. */
export const CONTEXT_SUMMARY_EVENT = 'steward.context_summary';

/** Text content as events carry it (`agent.tool_result.content`, `system.message.content`). */
export type EventText = Array<{ type: 'text'; text: string }>;

/** A tool call recorded by `agent.tool_use`. */
export interface RecordedToolUse {
  id: string;
  name: string;
  input: Record<string, unknown>;
  evaluated_permission?: 'allow' | 'ask' | 'deny' | undefined;
}

/** Token totals over model requests, in tokens. */
export interface ReplayedUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
}

/** What a session's events say about it. */
export interface Replay {
  /** The conversation as the next model request would send it (without cache breakpoints). */
  messages: BetaMessageParam[];
  /** Tool calls with no `agent.tool_result` yet, in call order (waiting for approval, or cut off). */
  unanswered: RecordedToolUse[];
  /** Sum of `model_usage` over every `span.model_request_end`, failed ones included. */
  usage: ReplayedUsage;
  /** Model requests that returned a message. */
  turns: number;
  /** Wall-clock ms the session was running (from `session.status_running` to the next stop). */
  activeMs: number;
  /** Text of the last `agent.message`, '' when none. */
  lastText: string;
  /** Completed outcome evaluations (`span.outcome_evaluation_end`). */
  outcomeEvaluations: number;
  /** `stop_reason` of the last `session.status_idle`, or null (never stopped, or crashed). */
  lastStop: StopReason | null;
}

/**
 * The request form of a response block, or null for blocks that must not be sent back (empty
 * text, which the API rejects). Output-only fields (`citations`, `caller`) are dropped; compaction
 * and other opaque blocks are kept whole, since the API wants them back verbatim.
 */
export function toBlockParam(block: BetaContentBlock): BetaContentBlockParam | null {
  switch (block.type) {
    case 'text':
      return block.text.length > 0 ? { type: 'text', text: block.text } : null;
    case 'thinking':
      return { type: 'thinking', thinking: block.thinking, signature: block.signature };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: block.data };
    case 'tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, input: block.input ?? {} };
    default:
      return block as unknown as BetaContentBlockParam;
  }
}

/** The `tool_result` content for a result's event text: one string, or several text blocks. */
export function toolResultContent(content: EventText): string | BetaTextBlockParam[] {
  const texts = content.filter((b) => b.text.length > 0);
  if (texts.length <= 1) return texts[0]?.text ?? '';
  return texts.map((b) => ({ type: 'text', text: b.text }));
}

/** A `tool_result` block as the conversation holds it. */
export function toolResultBlock(
  toolUseId: string,
  content: EventText,
  isError: boolean,
): BetaToolResultBlockParam {
  return {
    type: 'tool_result',
    tool_use_id: toolUseId,
    content: toolResultContent(content),
    ...(isError ? { is_error: true } : {}),
  };
}

/**
 * Appends `blocks` to the trailing user message (or a new one), keeping the order the API wants:
 * `tool_result` blocks first, in the order of the previous assistant message's `tool_use` blocks
 * (Anthropic tool-use docs: results come first in the user message), then everything else in
 * arrival order. Mutates `messages`.
 */
export function appendUserContent(
  messages: BetaMessageParam[],
  blocks: readonly BetaContentBlockParam[],
): void {
  if (blocks.length === 0) return;
  const last = messages.at(-1);
  if (last?.role === 'user') {
    const existing: BetaContentBlockParam[] =
      typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : last.content;
    last.content = orderUserBlocks([...existing, ...blocks], messages.at(-2));
  } else {
    messages.push({ role: 'user', content: orderUserBlocks([...blocks], last) });
  }
}

function orderUserBlocks(
  blocks: BetaContentBlockParam[],
  previous: BetaMessageParam | undefined,
): BetaContentBlockParam[] {
  const order = new Map<string, number>();
  if (previous?.role === 'assistant' && Array.isArray(previous.content)) {
    for (const b of previous.content) if (b.type === 'tool_use') order.set(b.id, order.size);
  }
  const results = blocks.filter((b): b is BetaToolResultBlockParam => b.type === 'tool_result');
  const rank = (b: BetaToolResultBlockParam) => order.get(b.tool_use_id) ?? order.size;
  results.sort((a, b) => rank(a) - rank(b));
  return [...results, ...blocks.filter((b) => b.type !== 'tool_result')];
}

/** Appends `blocks` to the trailing assistant message, or opens one when `open` or none trails. */
function appendAssistant(messages: BetaMessageParam[], block: BetaContentBlockParam, open: boolean): void {
  const last = messages.at(-1);
  if (!open && last?.role === 'assistant' && Array.isArray(last.content)) last.content.push(block);
  else messages.push({ role: 'assistant', content: [block] });
}

function textBlocks(content: unknown): BetaTextBlockParam[] {
  if (!Array.isArray(content)) return [];
  return content.flatMap((b: { type?: string; text?: unknown }) =>
    b?.type === 'text' && typeof b.text === 'string' && b.text.length > 0
      ? [{ type: 'text' as const, text: b.text }]
      : [],
  );
}

/**
 * Rebuilds a session from its events (rules in the module comment). Never throws for events it
 * does not know; they do not affect the conversation.
 */
export function replayEvents(events: readonly SessionEvent[]): Replay {
  const messages: BetaMessageParam[] = [];
  const pending = new Map<string, RecordedToolUse>();
  const usage: ReplayedUsage = {
    input_tokens: 0,
    output_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation_input_tokens: 0,
  };
  let openAssistant = false;
  let turns = 0;
  let lastText = '';
  let outcomeEvaluations = 0;
  let lastStop: StopReason | null = null;
  let activeMs = 0;
  let runningSince: number | undefined;
  let lastTime: number | undefined;
  const assistant = (block: BetaContentBlockParam) => {
    appendAssistant(messages, block, openAssistant);
    openAssistant = false;
  };

  for (const event of events) {
    const time = event.processed_at ? Date.parse(event.processed_at) : Number.NaN;
    if (Number.isFinite(time)) lastTime = time;
    const e = event as SessionEvent & Record<string, unknown>;
    switch (event.type) {
      case 'user.message':
      case 'system.message':
        appendUserContent(messages, textBlocks(event.content));
        break;
      case 'span.model_request_end':
        addUsage(usage, event.model_usage);
        if (!event.is_error) {
          turns += 1;
          openAssistant = true;
        }
        break;
      case 'agent.message':
        for (const block of textBlocks(event.content)) assistant(block);
        lastText = textBlocks(event.content)
          .map((b) => b.text)
          .join('\n\n');
        break;
      case 'agent.tool_use':
        assistant({ type: 'tool_use', id: event.id, name: event.name, input: event.input });
        pending.set(event.id, {
          id: event.id,
          name: event.name,
          input: event.input,
          evaluated_permission: event.evaluated_permission,
        });
        break;
      case 'agent.tool_result':
        pending.delete(event.tool_use_id);
        appendUserContent(messages, [
          toolResultBlock(event.tool_use_id, textBlocks(event.content), event.is_error === true),
        ]);
        break;
      case 'span.outcome_evaluation_end':
        outcomeEvaluations += 1;
        break;
      case 'session.status_running':
        if (runningSince === undefined && Number.isFinite(time)) runningSince = time;
        break;
      case 'session.status_idle':
      case 'session.status_terminated':
        if (event.type === 'session.status_idle') lastStop = event.stop_reason;
        if (runningSince !== undefined && Number.isFinite(time)) activeMs += time - runningSince;
        runningSince = undefined;
        break;
      default:
        if (event.type === CONTENT_BLOCK_EVENT && e.block && typeof e.block === 'object') {
          assistant(e.block as BetaContentBlockParam);
        } else if (event.type === CONTEXT_SUMMARY_EVENT) {
          messages.splice(0, messages.length, { role: 'user', content: textBlocks(e.content) });
          pending.clear();
          openAssistant = false;
        }
    }
  }
  if (runningSince !== undefined && lastTime !== undefined) activeMs += lastTime - runningSince;
  return {
    messages,
    unanswered: [...pending.values()],
    usage,
    turns,
    activeMs,
    lastText,
    outcomeEvaluations,
    lastStop,
  };
}

function addUsage(total: ReplayedUsage, u: ModelUsage): void {
  total.input_tokens += u.input_tokens;
  total.output_tokens += u.output_tokens;
  total.cache_read_input_tokens += u.cache_read_input_tokens;
  total.cache_creation_input_tokens += u.cache_creation_input_tokens;
}
