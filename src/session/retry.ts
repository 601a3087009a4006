import type { ModelFailure } from '../model/errors.ts';

/**
 * The session's own retry of a failed model request, on top of the SDK's (which retries 408, 409,
 * 429, 5xx and connection errors before the response headers, `ModelClientOptions.maxRetries`).
 * It covers what the SDK does not retry — a stream cut after HTTP 200, an SSE `error` event — and
 * gives a request whose SDK retries ran out a few more, slower tries. Each retry is visible in the
 * log as `session.error` (`retry_status: retrying`) and `session.status_rescheduled`.
 */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables the session's retry. */
  maxRetries: number;
  /** Delay before the first retry, in ms; doubles with each retry. */
  baseDelayMs: number;
  /** Upper bound of one delay, in ms (`retry-after` included). */
  maxDelayMs: number;
}

/** Defaults: 4 retries after 2, 4, 8, 16 s (±jitter), so about half a minute of outage is ridden out. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 4, baseDelayMs: 2000, maxDelayMs: 60_000 };

/**
 * Delay in ms before retry number `retry` (1-based): exponential backoff with "equal jitter"
 * (half fixed, half random, so retries of many sessions spread out yet none retries at once),
 * never shorter than the `retry-after` the API asked for, never longer than `maxDelayMs`.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  retry: number,
  failure: Pick<ModelFailure, 'retryAfterMs'>,
  random: () => number = Math.random,
): number {
  const exp = policy.baseDelayMs * 2 ** Math.max(0, retry - 1);
  const jittered = exp / 2 + (random() * exp) / 2;
  return Math.min(policy.maxDelayMs, Math.max(jittered, failure.retryAfterMs ?? 0));
}

/** Waits `ms`; resolves false at once when `signal` aborts (before or during the wait). */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
