import type {
  BetaMessageParam,
  BetaTextBlockParam,
} from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { appendUserContent, CONTEXT_SUMMARY_EVENT } from '../events/replay.ts';
import { MIN_SERVER_COMPACTION_TRIGGER, supportsServerCompaction } from '../model/capabilities.ts';
import { callModel, type Halt, type ModelCallContext } from './model-turn.ts';
import { buildRequest, fixedBytes, messagesBytes, type RequestTemplate } from './request.ts';

/** How a long conversation is kept inside the context window. */
export interface CompactionSettings {
  /** Input tokens of a request past which the conversation is compacted. Default 150,000. */
  triggerTokens: number;
  /**
   * `auto`: the API's server-side compaction where the model supports it (model/capabilities.ts),
   * else Steward's summarizing request; `server` or `summarize` force one of them.
   */
  mode: 'auto' | 'server' | 'summarize';
}

/** Defaults: 150k tokens, the API's own default trigger (Anthropic docs, "Compaction"). */
export const DEFAULT_COMPACTION: CompactionSettings = { triggerTokens: 150_000, mode: 'auto' };

/**
 * The `compact_20260112` trigger to send with every request, in input tokens, or undefined when
 * the session compacts by summarizing instead. The API rejects triggers under 50k tokens, so a
 * lower setting is raised to that for the server path.
 */
export function serverCompactionTrigger(model: string, settings: CompactionSettings): number | undefined {
  const server = settings.mode === 'server' || (settings.mode === 'auto' && supportsServerCompaction(model));
  return server ? Math.max(settings.triggerTokens, MIN_SERVER_COMPACTION_TRIGGER) : undefined;
}

/** What the summarizing request asks for. */
const SUMMARY_INSTRUCTION =
  'Context limit reached: this conversation is about to be replaced by your summary of it. Write that summary now, ' +
  'for yourself to continue the task from: the task and its constraints, what you did and found, files you changed, ' +
  'commands that matter and their results, decisions made, and the exact next steps. Be complete but concise. ' +
  'Reply with the summary only; do not call tools.';

/** Frames the summary in the user message that replaces the conversation. */
function summaryMessage(summary: string): BetaTextBlockParam[] {
  return [
    {
      type: 'text',
      text: `This session's earlier conversation was compacted to save context. Your summary of it:\n\n${summary}\n\nContinue the task from here.`,
    },
  ];
}

/**
 * Steward's summarizing compaction, for models without server-side compaction (and after a
 * `model_context_window_exceeded` stop): one request with the same system prompt and tools (so
 * their cache still hits) and the conversation plus {@link SUMMARY_INSTRUCTION}, with tool use
 * off; the conversation is then replaced by one user message holding the summary. Emits the
 * request's spans, `steward.context_summary` (the replacing content, for replay) and
 * `agent.thread_context_compacted`. Returns undefined on success, else why it stopped; the
 * conversation is unchanged then.
 */
export async function summarizeConversation(
  ctx: ModelCallContext & { template: RequestTemplate },
  messages: BetaMessageParam[],
): Promise<Halt | undefined> {
  const ask = messages.map((m) => ({ ...m }));
  appendUserContent(ask, [{ type: 'text', text: SUMMARY_INSTRUCTION }]);
  const template = { ...ctx.template, serverCompactionTrigger: undefined };
  const plan = ctx.budget.plan(
    ctx.budget.estimateInputTokens(messagesBytes(ask), fixedBytes(template)),
    ctx.template.maxTokens,
  );
  if (!plan.ok) return { limit: plan.limit };
  const call = await callModel(ctx, {
    ...buildRequest(template, ask, plan.maxTokens),
    tool_choice: { type: 'none' },
  });
  if (!call.ok) return { call };
  const summary = call.message.content
    .flatMap((b) => (b.type === 'text' ? [b.text] : []))
    .join('\n\n')
    .trim();
  if (!summary) return { empty: true };
  const content = summaryMessage(summary);
  ctx.events.emit({ type: CONTEXT_SUMMARY_EVENT, content });
  ctx.events.emit({ type: 'agent.thread_context_compacted' });
  messages.splice(0, messages.length, { role: 'user', content });
  ctx.budget.resetContext();
  return undefined;
}
