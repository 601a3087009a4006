import Anthropic from '@anthropic-ai/sdk';

/**
 * The Managed Agents error types a model failure maps to (`session.error.error.type`, as typed
 * by `BetaManagedAgentsSessionErrorEvent` in `@anthropic-ai/sdk`).
 */
export type ModelErrorType =
  | 'model_overloaded_error'
  | 'model_rate_limited_error'
  | 'model_request_failed_error'
  | 'billing_error'
  | 'unknown_error';

/** How the harness should treat a failed model request. */
export interface ModelFailure {
  type: ModelErrorType;
  /** True when trying the same request again may succeed (overload, rate limit, 5xx, cut stream). */
  retryable: boolean;
  /** HTTP status, when the API answered at all. */
  status?: number;
  /** Seconds from the `retry-after` header, when the API sent one. */
  retryAfterSeconds?: number;
  /** One line: what failed, with the API's own message and request id when known. */
  message: string;
  /** What the user should change, for failures a user can fix (key, model name, request size). */
  hint?: string;
}

/** Hints for failures the user can fix, by HTTP status. */
const HINTS: Record<number, string> = {
  400: 'the request was rejected as invalid; check the model id and the spec (tools, system prompt size)',
  401: 'the API key was rejected; set the `anthropic_api_key` input (or ANTHROPIC_API_KEY) to a valid key',
  402: 'the account has no credit; add credit or use another key',
  403: 'the API key lacks permission for this model or feature; check the key and the model id',
  404: 'the model or endpoint was not found; check `model:` in the spec and the base URL',
  413: 'the request was too large; lower tool output sizes or `limits.max_tokens`',
};

/**
 * Classifies an error thrown by an SDK call. Status-bearing API errors map by status (429 rate
 * limited, 529 overloaded, other 5xx failed and retryable, 4xx not retryable); connection errors
 * and errors raised mid-stream (a cut stream, an SSE `error` event after HTTP 200) are retryable.
 * Billing problems (402, or an error body of type `billing_error`) are not.
 */
export function classifyModelError(err: unknown): ModelFailure {
  if (err instanceof Anthropic.APIUserAbortError) {
    return { type: 'unknown_error', retryable: false, message: 'model request aborted' };
  }
  if (err instanceof Anthropic.APIError) {
    const status = err.status;
    const body = err.error as { error?: { type?: string; message?: string } } | undefined;
    const apiType = body?.error?.type;
    const apiMessage = body?.error?.message ?? err.message;
    const requestId = err.requestID ? ` (request ${err.requestID})` : '';
    const retryAfter = Number(err.headers?.get?.('retry-after') ?? Number.NaN);
    const base = {
      ...(status !== undefined ? { status } : {}),
      ...(Number.isFinite(retryAfter) ? { retryAfterSeconds: retryAfter } : {}),
      message: `${status ? `HTTP ${status} ` : ''}${apiType ? `${apiType}: ` : ''}${apiMessage}${requestId}`,
    };
    if (apiType === 'billing_error' || status === 402) {
      return { ...base, type: 'billing_error', retryable: false, hint: HINTS[402] };
    }
    if (status === undefined) {
      // No status: a connection failure, or an error event inside a 200 stream.
      const type = apiType === 'overloaded_error' ? 'model_overloaded_error' : 'model_request_failed_error';
      return { ...base, type, retryable: true };
    }
    if (status === 429) return { ...base, type: 'model_rate_limited_error', retryable: true };
    if (status === 529 || apiType === 'overloaded_error') {
      return { ...base, type: 'model_overloaded_error', retryable: true };
    }
    if (status === 408 || status === 409 || status >= 500) {
      return { ...base, type: 'model_request_failed_error', retryable: true };
    }
    const hint = HINTS[status];
    return { ...base, type: 'model_request_failed_error', retryable: false, ...(hint ? { hint } : {}) };
  }
  const message = err instanceof Error ? err.message : String(err);
  // Errors the SDK raises while parsing a stream that ended early are plain AnthropicErrors.
  if (err instanceof Anthropic.AnthropicError) {
    return { type: 'model_request_failed_error', retryable: true, message };
  }
  return { type: 'unknown_error', retryable: false, message };
}
