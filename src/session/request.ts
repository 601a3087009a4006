import type {
  BetaContentBlockParam,
  BetaMessageParam,
  BetaTextBlockParam,
  BetaTool,
} from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { SERVER_COMPACTION_BETA } from '../model/capabilities.ts';
import type { ModelRequest } from '../model/client.ts';

/** The fixed part of every request of a session. */
export interface RequestTemplate {
  model: string;
  system: string;
  tools: BetaTool[];
  /** `max_tokens` of each response, in output tokens. */
  maxTokens: number;
  /**
   * Input tokens at which the API compacts the conversation itself (`compact_20260112` context
   * edit, beta `compact-2026-01-12`); absent when the model lacks server-side compaction.
   */
  serverCompactionTrigger?: number;
}

const EPHEMERAL = { type: 'ephemeral' } as const;

/**
 * Builds the Messages API request for the next turn, with prompt-cache breakpoints where they
 * pay: the last tool definition and the system prompt (constant for the whole session), and the
 * last block of the conversation, so each turn reads the previous turn's prefix from the cache
 * and writes the new end. That is three of the four breakpoints the API allows (Anthropic
 * prompt caching docs: "up to 4 cache breakpoints"; render order tools, system, messages).
 *
 * `messages` is not modified; the breakpoint goes on a shallow copy of its last block.
 */
export function buildRequest(
  template: RequestTemplate,
  messages: readonly BetaMessageParam[],
  maxTokens: number = template.maxTokens,
): ModelRequest {
  const tools = template.tools.map((t, i) =>
    i === template.tools.length - 1 ? { ...t, cache_control: EPHEMERAL } : t,
  );
  const system: BetaTextBlockParam[] = [{ type: 'text', text: template.system, cache_control: EPHEMERAL }];
  return {
    model: template.model,
    max_tokens: maxTokens,
    system,
    ...(tools.length > 0 ? { tools } : {}),
    messages: withTrailingBreakpoint(messages),
    ...(template.serverCompactionTrigger !== undefined
      ? serverCompaction(template.serverCompactionTrigger)
      : {}),
  };
}

/**
 * The request fields that turn on server-side compaction: the `compact_20260112` edit with an
 * input-token trigger, and its beta header (Anthropic docs, "Compaction"). The API then answers
 * with a `compaction` block first when the context passed the trigger; the block goes back in the
 * assistant message and the API ignores everything before it.
 */
function serverCompaction(trigger: number): Pick<ModelRequest, 'context_management' | 'betas'> {
  return {
    context_management: {
      edits: [{ type: 'compact_20260112', trigger: { type: 'input_tokens', value: trigger } }],
    },
    betas: [SERVER_COMPACTION_BETA],
  };
}

/** UTF-8 size in bytes of the serialized `messages` (the budget's estimate grows from it). */
export function messagesBytes(messages: readonly BetaMessageParam[]): number {
  return Buffer.byteLength(JSON.stringify(messages));
}

/** UTF-8 size in bytes of the parts of every request that do not change: tools and system prompt. */
export function fixedBytes(template: RequestTemplate): number {
  return Buffer.byteLength(JSON.stringify(template.tools)) + Buffer.byteLength(template.system);
}

function withTrailingBreakpoint(messages: readonly BetaMessageParam[]): BetaMessageParam[] {
  const out = messages.slice();
  const last = out.at(-1);
  if (!last) return out;
  const blocks: BetaContentBlockParam[] =
    typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : (last.content ?? []).slice();
  const end = blocks.at(-1);
  if (end && end.type !== 'thinking' && end.type !== 'redacted_thinking') {
    blocks[blocks.length - 1] = { ...end, cache_control: EPHEMERAL } as BetaContentBlockParam;
  }
  out[out.length - 1] = { ...last, content: blocks } as BetaMessageParam;
  return out;
}
