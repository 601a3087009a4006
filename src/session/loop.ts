import type { BetaMessageParam, BetaToolUseBlock } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import type { EventSink, StopReason } from '../events/types.ts';
import type { ModelClient, ModelResponse } from '../model/client.ts';
import { classifyModelError, type ModelFailure } from '../model/errors.ts';
import type { StewardTool } from '../tools/types.ts';
import { buildRequest, type RequestTemplate } from './request.ts';
import { runToolCalls } from './tool-call.ts';
import type { UsageMeter } from './usage.ts';

/** Everything one run of the agent loop needs. The loop reads nothing else. */
export interface LoopContext {
  model: ModelClient;
  template: RequestTemplate;
  tools: ReadonlyMap<string, StewardTool>;
  events: EventSink;
  meter: UsageMeter;
  /** Model requests allowed in this session, counting those already made (resume). */
  maxTurns: number;
  /** Model turns already taken (0 for a new session). */
  turnsTaken?: number;
  signal?: AbortSignal;
}

/** How the loop ended. */
export interface LoopOutcome {
  stopReason: StopReason;
  /** Text of the model's last message (the answer), possibly empty. */
  finalText: string;
  /** Model turns taken in total. */
  turns: number;
  /** Which limit stopped the session, for `budget_reached`. */
  limit?: 'turns';
  /** The model failure that ended the session, when one did. */
  error?: ModelFailure;
}

/**
 * The agent loop: ask the model, run the tools it calls, repeat until it ends its turn, a limit
 * is reached, or a request fails for good. `messages` is extended in place with every turn, so
 * the caller holds the conversation afterwards. Emits Managed Agents events
 * (`span.model_request_start/end`, `agent.message`, `agent.thinking`, `agent.tool_use`,
 * `agent.tool_result`, `session.error`) and never throws for a model or tool failure.
 */
export async function runLoop(ctx: LoopContext, messages: BetaMessageParam[]): Promise<LoopOutcome> {
  let turns = ctx.turnsTaken ?? 0;
  let finalText = '';
  for (;;) {
    if (turns >= ctx.maxTurns) {
      return { stopReason: { type: 'budget_reached' }, finalText, turns, limit: 'turns' };
    }
    const response = await requestTurn(ctx, messages);
    if ('failure' in response) {
      const error = response.failure;
      const stopReason: StopReason = error.retryable ? { type: 'retries_exhausted' } : { type: 'end_turn' };
      return { stopReason, finalText, turns, error };
    }
    turns += 1;
    const message = response.message;
    messages.push({ role: 'assistant', content: message.content });
    finalText = emitAssistantContent(ctx.events, message) || finalText;

    const calls = message.content.filter((b): b is BetaToolUseBlock => b.type === 'tool_use');
    if (calls.length === 0) return { stopReason: { type: 'end_turn' }, finalText, turns };
    const results = await runToolCalls(calls, ctx.tools, ctx.events, ctx.signal);
    messages.push({ role: 'user', content: results });
  }
}

/** One model request between its two span events. */
async function requestTurn(
  ctx: LoopContext,
  messages: readonly BetaMessageParam[],
): Promise<{ message: ModelResponse } | { failure: ModelFailure }> {
  const start = ctx.events.emit({ type: 'span.model_request_start' });
  try {
    const message = await ctx.model.createMessage(buildRequest(ctx.template, messages), ctx.signal);
    const u = message.usage;
    const model_usage = {
      input_tokens: u.input_tokens,
      output_tokens: u.output_tokens,
      cache_creation_input_tokens: u.cache_creation_input_tokens ?? 0,
      cache_read_input_tokens: u.cache_read_input_tokens ?? 0,
    };
    ctx.meter.add({
      ...model_usage,
      cache_creation_1h_input_tokens: u.cache_creation?.ephemeral_1h_input_tokens ?? 0,
    });
    ctx.events.emit({
      type: 'span.model_request_end',
      model_request_start_id: start.id,
      is_error: false,
      model_usage,
    });
    return { message };
  } catch (err) {
    const failure = classifyModelError(err);
    ctx.events.emit({
      type: 'span.model_request_end',
      model_request_start_id: start.id,
      is_error: true,
      model_usage: {
        input_tokens: 0,
        output_tokens: 0,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    });
    ctx.events.emit({
      type: 'session.error',
      error: {
        type: failure.type,
        message: failure.hint ? `${failure.message}; ${failure.hint}` : failure.message,
        retry_status: { type: failure.retryable ? 'exhausted' : 'terminal' },
      },
    });
    return { failure };
  }
}

/** Emits `agent.thinking` / `agent.message` for a response; returns its text. */
function emitAssistantContent(events: LoopContext['events'], message: ModelResponse): string {
  if (message.content.some((b) => b.type === 'thinking' || b.type === 'redacted_thinking')) {
    events.emit({ type: 'agent.thinking' });
  }
  const texts = message.content.flatMap((b) => (b.type === 'text' && b.text.length > 0 ? [b.text] : []));
  if (texts.length > 0) {
    events.emit({ type: 'agent.message', content: texts.map((text) => ({ type: 'text', text })) });
  }
  return texts.join('\n\n');
}
