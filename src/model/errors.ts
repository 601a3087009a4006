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
  /**
   * True when the failure came after HTTP 200, inside the response stream (a cut connection, an
   * SSE `error` event). The SDK never retries these; only the session's turn-level retry does.
   */
  midStream: boolean;
  /** True when the request was aborted by the caller's signal (interrupt, time limit). */
  aborted?: boolean;
  /** HTTP status, when the API answered at all. */
  status?: number;
  /** How long the API asked us to wait, in ms (`retry-after-ms`, else `retry-after`). */
  retryAfterMs?: number;
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
  413: 'the request was too large; make tools return less output, or lower the compaction threshold',
};

/** API error types that mean "the request itself is wrong": retrying it cannot help. */
const NOT_RETRYABLE_TYPES: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
};

/**
 * Classifies an error thrown by an SDK call. Status-bearing API errors map by status (429 rate
 * limited, 529 overloaded, other 5xx failed and retryable, 4xx not retryable); connection errors
 * are retryable; errors raised mid-stream (a cut stream, an SSE `error` event after HTTP 200) are
 * retryable unless the event's error type says the request is invalid. Billing problems (402, or
 * an error of type `billing_error`) are not retryable. Status meanings: Anthropic API docs,
 * "Errors" (HTTP errors and the `error` SSE event).
 */
export function classifyModelError(err: unknown): ModelFailure {
  if (err instanceof Anthropic.APIUserAbortError) {
    return {
      type: 'unknown_error',
      retryable: false,
      midStream: false,
      aborted: true,
      message: 'model request aborted',
    };
  }
  if (err instanceof Anthropic.APIError) {
    const status = err.status;
    const body = err.error as { error?: { type?: string; message?: string } } | undefined;
    const apiType = body?.error?.type;
    const apiMessage = body?.error?.message ?? err.message;
    const requestId = err.requestID ? ` (request ${err.requestID})` : '';
    const retryAfterMs = retryAfter(err.headers);
    const base = {
      ...(status !== undefined ? { status } : {}),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      message: `${status ? `HTTP ${status} ` : ''}${apiType ? `${apiType}: ` : ''}${apiMessage}${requestId}`,
    };
    if (apiType === 'billing_error' || status === 402) {
      return {
        ...base,
        type: 'billing_error',
        retryable: false,
        midStream: status === undefined,
        hint: HINTS[402],
      };
    }
    if (status === undefined) {
      // A connection failure before any answer (the SDK already retried it), or an `error` event
      // inside a 200 stream (the SDK does not retry those).
      const midStream = !(err instanceof Anthropic.APIConnectionError);
      const badRequest = apiType ? NOT_RETRYABLE_TYPES[apiType] : undefined;
      if (badRequest !== undefined) {
        const hint = HINTS[badRequest];
        return {
          ...base,
          type: 'model_request_failed_error',
          retryable: false,
          midStream,
          ...(hint ? { hint } : {}),
        };
      }
      const type = apiType === 'overloaded_error' ? 'model_overloaded_error' : 'model_request_failed_error';
      return { ...base, type, retryable: true, midStream };
    }
    if (status === 429)
      return { ...base, type: 'model_rate_limited_error', retryable: true, midStream: false };
    if (status === 529 || apiType === 'overloaded_error') {
      return { ...base, type: 'model_overloaded_error', retryable: true, midStream: false };
    }
    if (status === 408 || status === 409 || status >= 500) {
      return { ...base, type: 'model_request_failed_error', retryable: true, midStream: false };
    }
    const hint = HINTS[status];
    return {
      ...base,
      type: 'model_request_failed_error',
      retryable: false,
      midStream: false,
      ...(hint ? { hint } : {}),
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  // Errors the SDK raises while parsing a stream that ended early are plain AnthropicErrors
  // ("terminated"), and raw iteration surfaces undici's TypeError("terminated").
  if (err instanceof Anthropic.AnthropicError || (err instanceof TypeError && message === 'terminated')) {
    return {
      type: 'model_request_failed_error',
      retryable: true,
      midStream: true,
      message: `the response stream ended early: ${message}`,
    };
  }
  return { type: 'unknown_error', retryable: false, midStream: false, message };
}

/** `retry-after-ms` (ms) or `retry-after` (seconds, or an HTTP date), as the SDK reads them. */
function retryAfter(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get?.('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers?.get?.('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}
