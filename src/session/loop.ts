import type { BetaMessageParam } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import type { BetaManagedAgentsSessionRefusalStopDetails } from '@anthropic-ai/sdk/resources/beta/sessions/events';
import { appendUserContent } from '../events/replay.ts';
import type { EventSink, StopReason } from '../events/types.ts';
import type { ModelResponse } from '../model/client.ts';
import type { ModelFailure } from '../model/errors.ts';
import type { StewardTool } from '../tools/types.ts';
import { recordAssistantContent } from './assistant.ts';
import type { LimitName } from './budget.ts';
import { summarizeConversation } from './compaction.ts';
import { callModel, type Halt, type ModelCallContext } from './model-turn.ts';
import { buildRequest, fixedBytes, messagesBytes, type RequestTemplate } from './request.ts';
import type { SessionFailure } from './result.ts';
import { runToolCalls } from './tool-call.ts';

/** Everything one run of the agent loop needs. The loop reads nothing else. */
export interface LoopContext extends ModelCallContext {
  template: RequestTemplate;
  tools: ReadonlyMap<string, StewardTool>;
  /** Input tokens past which the loop compacts by summarizing; undefined when the API compacts. */
  summarizeAt?: number;
  /** The user's interrupt, to tell it apart from the time limit (both abort `signal`). */
  interrupt?: AbortSignal;
}

/** How the loop ended. */
export interface LoopOutcome {
  /** `stop_reason` of the closing `session.status_idle`; null when the session terminates. */
  stopReason: StopReason | null;
  stopDetails?: BetaManagedAgentsSessionRefusalStopDetails;
  /** Text of the model's last message (the answer), possibly empty. */
  finalText: string;
  /** Which limit stopped the session, for `budget_reached`. */
  limit?: LimitName;
  /** What failed, when the session ends in error. */
  error?: SessionFailure;
  /** True when the user interrupted the session. */
  interrupted?: boolean;
}

/** Sent after a response cut by `max_tokens`, so the model continues its turn. */
const CONTINUE_NOTE =
  '[Steward] Your previous response was cut off by the output token limit (max_tokens). Continue exactly where it stopped.';

/**
 * The agent loop: ask the model, run the tools it calls, repeat until it ends its turn, a tool
 * call waits for approval, a budget stops it, the user interrupts, or a request fails for good.
 * `messages` is extended in place, by the same rules `replayEvents` applies to the events, so a
 * resumed session continues the very same conversation. Model stop reasons are handled as the
 * Anthropic docs ("Handling stop reasons") describe:
 * - `tool_use`: run the calls (permission-checked), send the results back;
 * - `end_turn` / `stop_sequence`: done;
 * - `max_tokens`: keep the partial answer and ask the model to continue; a `tool_use` cut off
 *   there has incomplete input, so it is never run: the request is repeated with more room;
 * - `pause_turn` (and `compaction`, a paused server-side compaction): send the conversation with
 *   the paused assistant content back as it is, with no new user message, to let it continue;
 * - `refusal`: stop, and leave the refused turn out of the conversation;
 * - `model_context_window_exceeded`: keep the partial text (no cut-off tool call), compact by
 *   summarizing, continue.
 * Budget warnings and continuation requests reach the model as `system.message` notes appended to
 * the next user turn. Never throws for a model or tool failure.
 */
export async function runLoop(ctx: LoopContext, messages: BetaMessageParam[]): Promise<LoopOutcome> {
  let finalText = '';
  let room = ctx.template.maxTokens;
  let continuing = false;
  const maxRoom = Math.max(room, Math.min(4 * room, 32_000));
  for (;;) {
    if (ctx.signal?.aborted) return aborted(ctx, finalText);
    const input = ctx.budget.estimateInputTokens(messagesBytes(messages), fixedBytes(ctx.template));
    if (ctx.summarizeAt !== undefined && input.tokens > ctx.summarizeAt && messages.length > 1) {
      const stop = await summarizeConversation(ctx, messages);
      if (stop) return haltedBy(ctx, stop, finalText);
      continue;
    }
    const plan = ctx.budget.plan(input, room);
    if (!plan.ok) return { stopReason: { type: 'budget_reached' }, limit: plan.limit, finalText };
    const call = await callModel(ctx, buildRequest(ctx.template, messages, plan.maxTokens));
    if (!call.ok) return call.aborted ? aborted(ctx, finalText) : failed(call.failure, finalText);
    const { message } = call;
    const stop = message.stop_reason;
    if (stop === 'refusal') return refused(message, finalText);
    if (stop === 'max_tokens' && message.content.at(-1)?.type === 'tool_use') {
      if (plan.clampedBy) return { stopReason: { type: 'budget_reached' }, limit: plan.clampedBy, finalText };
      if (plan.maxTokens >= maxRoom) return toolCallTooLarge(plan.maxTokens, finalText);
      room = Math.min(maxRoom, plan.maxTokens * 2);
      continue;
    }
    room = ctx.template.maxTokens;
    const overflow = stop === 'model_context_window_exceeded';
    const content = recordAssistantContent(ctx.events, message.content, ctx.tools, overflow);
    if (content.blocks.length > 0) messages.push({ role: 'assistant', content: content.blocks });
    // After a cut-off (max_tokens) or paused turn, the answer is the parts together.
    if (content.text) finalText = continuing ? `${finalText}${content.text}` : content.text;
    continuing = stop === 'max_tokens' || stop === 'pause_turn';
    if (overflow) {
      const stopped = await summarizeConversation(ctx, messages);
      if (stopped) return haltedBy(ctx, stopped, finalText);
      continue;
    }
    if (stop === 'pause_turn' || stop === 'compaction') continue;
    if (content.calls.length > 0) {
      const turn = await runToolCalls(content.calls, ctx.tools, ctx.events, ctx.signal);
      appendUserContent(messages, turn.results);
      if (turn.waiting.length > 0) {
        return { stopReason: { type: 'requires_action', event_ids: turn.waiting }, finalText };
      }
    } else if (stop !== 'max_tokens') {
      return { stopReason: { type: 'end_turn' }, finalText };
    }
    addNotes(ctx.events, messages, [
      ...(stop === 'max_tokens' ? [CONTINUE_NOTE] : []),
      ...ctx.budget.warnings(),
    ]);
  }
}

/**
 * Appends harness notes to the trailing user turn, each recorded as a `system.message` (rendered
 * as user text, events/replay.ts).
 */
export function addNotes(events: EventSink, messages: BetaMessageParam[], notes: readonly string[]): void {
  for (const text of notes) {
    events.emit({ type: 'system.message', content: [{ type: 'text', text }] });
    appendUserContent(messages, [{ type: 'text', text }]);
  }
}

/** The user's interrupt ends the turn (resumable); otherwise the time limit aborted it. */
export function aborted(ctx: LoopContext, finalText: string): LoopOutcome {
  if (ctx.interrupt?.aborted) return { stopReason: { type: 'end_turn' }, finalText, interrupted: true };
  return { stopReason: { type: 'budget_reached' }, limit: 'time', finalText };
}

/** A request that failed for good: retries ran out (idle, resumable) or retrying cannot help (terminated). */
function failed(failure: ModelFailure, finalText: string): LoopOutcome {
  return {
    stopReason: failure.retryable ? { type: 'retries_exhausted' } : null,
    finalText,
    error: { type: failure.type, message: failure.message, ...(failure.hint ? { hint: failure.hint } : {}) },
  };
}

function refused(message: ModelResponse, finalText: string): LoopOutcome {
  const details = message.stop_details;
  const why = details?.explanation ?? 'the model declined to continue this task';
  return {
    stopReason: { type: 'refusal' },
    stopDetails: {
      type: 'refusal',
      category: details?.category ?? null,
      explanation: details?.explanation ?? null,
    },
    finalText,
    error: { type: 'refusal', message: `refusal: ${why}`, hint: 'rephrase the task or the system prompt' },
  };
}

function toolCallTooLarge(maxTokens: number, finalText: string): LoopOutcome {
  return {
    stopReason: { type: 'end_turn' },
    finalText,
    error: {
      type: 'max_tokens',
      message: `a tool call did not fit in ${maxTokens} output tokens and was not run`,
      hint: 'raise `limits.max_output_tokens_per_turn` in the spec',
    },
  };
}

/**
 * The outcome for a step that could not go on: a budget it did not fit (`limit`), its model request
 * aborted or failed for good (`call`), or an empty compaction summary.
 */
export function haltedBy(ctx: LoopContext, stop: Halt, finalText: string): LoopOutcome {
  if ('limit' in stop) return { stopReason: { type: 'budget_reached' }, limit: stop.limit, finalText };
  if ('call' in stop)
    return stop.call.aborted ? aborted(ctx, finalText) : failed(stop.call.failure, finalText);
  return {
    stopReason: { type: 'end_turn' },
    finalText,
    error: {
      type: 'compaction_failed',
      message: 'the model returned an empty summary when compacting the conversation',
    },
  };
}
