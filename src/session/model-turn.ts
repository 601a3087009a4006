import type { EventSink, ModelUsage } from '../events/types.ts';
import type { ModelClient, ModelRequest, ModelResponse } from '../model/client.ts';
import { classifyModelError, type ModelFailure } from '../model/errors.ts';
import { billedTokens } from '../model/pricing.ts';
import type { Budget, LimitName } from './budget.ts';
import { messagesBytes } from './request.ts';
import { type RetryPolicy, retryDelayMs, sleep } from './retry.ts';
import type { UsageMeter } from './usage.ts';

/** What a model request needs besides the request itself. */
export interface ModelCallContext {
  model: ModelClient;
  events: EventSink;
  meter: UsageMeter;
  budget: Budget;
  retry: RetryPolicy;
  /** Aborts the request and any retry wait (interrupt, time limit). */
  signal?: AbortSignal;
}

/** How a model request ended. */
export type ModelCall =
  | { ok: true; message: ModelResponse }
  | { ok: false; aborted: true }
  | { ok: false; aborted: false; failure: ModelFailure };

/**
 * Why a step of the session could not go on: the next request did not fit a budget (`limit`), its
 * model request was aborted or failed for good (`call`), or a summary came back empty.
 */
export type Halt = { limit: LimitName } | { call: Exclude<ModelCall, { ok: true }> } | { empty: true };

const NO_USAGE: ModelUsage = {
  input_tokens: 0,
  output_tokens: 0,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
};

/**
 * Sends one model request, retrying failures per the retry policy (session/retry.ts). Every
 * attempt is a `span.model_request_start` / `span.model_request_end` pair; an answered one carries
 * the billed usage (compaction iterations included), which is also added to the meter and the
 * budget. A failed attempt emits `session.error` with `retry_status` `retrying` (followed by
 * `session.status_rescheduled`, the wait, and `session.status_running`), `exhausted` (retryable,
 * but no retries left) or `terminal` (retrying cannot help: 4xx, billing). An aborted request
 * emits no error: the caller reports the interrupt. Never throws for a model failure.
 */
export async function callModel(ctx: ModelCallContext, request: ModelRequest): Promise<ModelCall> {
  const bytes = messagesBytes(request.messages);
  for (let retry = 0; ; retry += 1) {
    const start = ctx.events.emit({ type: 'span.model_request_start' });
    try {
      const message = await ctx.model.createMessage(request, ctx.signal);
      const tokens = billedTokens(message.usage);
      const cost = ctx.meter.add(tokens);
      ctx.budget.record(tokens, cost, bytes);
      const { cache_creation_1h_input_tokens: _, ...model_usage } = tokens;
      ctx.events.emit({
        type: 'span.model_request_end',
        model_request_start_id: start.id,
        is_error: false,
        model_usage,
      });
      return { ok: true, message };
    } catch (err) {
      const failure = classifyModelError(err);
      ctx.events.emit({
        type: 'span.model_request_end',
        model_request_start_id: start.id,
        is_error: true,
        model_usage: NO_USAGE,
      });
      if (failure.aborted || ctx.signal?.aborted) return { ok: false, aborted: true };
      const again = failure.retryable && retry < ctx.retry.maxRetries;
      ctx.events.emit({
        type: 'session.error',
        error: {
          type: failure.type,
          message: failure.hint ? `${failure.message}; ${failure.hint}` : failure.message,
          retry_status: { type: again ? 'retrying' : failure.retryable ? 'exhausted' : 'terminal' },
        },
      });
      if (!again) return { ok: false, aborted: false, failure };
      ctx.events.emit({ type: 'session.status_rescheduled' });
      if (!(await sleep(retryDelayMs(ctx.retry, retry + 1, failure), ctx.signal)))
        return { ok: false, aborted: true };
      ctx.events.emit({ type: 'session.status_running' });
    }
  }
}
