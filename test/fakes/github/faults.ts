/**
 * Fault injection: answers that replace the normal response of matching requests a given number of
 * times, so tests can show clients (Octokit's retry and throttling plugins) recovering.
 */

/** Which requests a fault hits and what it answers instead. */
export interface FaultSpec {
  /** HTTP method to match (case-insensitive); any method when omitted. */
  method?: string;
  /** Path to match (without the query string): exact string, or a RegExp tested against the path. */
  path: string | RegExp;
  /** Status to answer; default 502. */
  status?: number;
  /** How many matching requests to fault; default 1. `Infinity` faults them all. */
  times?: number;
  /** Extra response headers (these override the fake's rate-limit headers). */
  headers?: Record<string, string>;
  /** JSON body to answer; default `{message}` with a message fitting the status. */
  body?: unknown;
  /** Destroy the connection without answering (a network error for the client). */
  reset?: boolean;
  /** Wait this long before answering. */
  delayMs?: number;
}

/** A registered fault; `hits` counts the requests it answered, `remaining` how many it still will. */
export interface InjectedFault {
  readonly spec: FaultSpec;
  hits: number;
  remaining: number;
}

/**
 * GitHub's secondary-rate-limit answer: 403, `retry-after` in seconds, and the documented message
 * "You have exceeded a secondary rate limit", which is what `@octokit/plugin-throttling` looks for.
 * Keep `retryAfter` ≥ 1: the plugin treats 0 as absent and falls back to 60 seconds.
 * Source: https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits
 */
export function secondaryRateLimit(options: {
  method?: string;
  path: string | RegExp;
  retryAfter?: number;
  times?: number;
}): FaultSpec {
  return {
    ...(options.method ? { method: options.method } : {}),
    path: options.path,
    times: options.times ?? 1,
    status: 403,
    headers: { 'retry-after': String(options.retryAfter ?? 1) },
    body: {
      message:
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
        'If you reach out to GitHub Support for help, please include the request ID.',
      documentation_url:
        'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits',
      status: '403',
    },
  };
}

/**
 * GitHub's primary-rate-limit answer: 403 with `x-ratelimit-remaining: 0` and `x-ratelimit-reset`
 * `resetInSeconds` from now (Octokit's throttling plugin waits until then plus one second).
 * Source: https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-primary-rate-limit
 */
export function primaryRateLimit(options: {
  method?: string;
  path: string | RegExp;
  resetInSeconds?: number;
  times?: number;
}): FaultSpec {
  const reset = Math.ceil(Date.now() / 1000) + (options.resetInSeconds ?? 1);
  return {
    ...(options.method ? { method: options.method } : {}),
    path: options.path,
    times: options.times ?? 1,
    status: 403,
    headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
    body: {
      message: 'API rate limit exceeded for installation ID 1.',
      documentation_url:
        'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-primary-rate-limit',
      status: '403',
    },
  };
}

/** Holds registered faults and finds the one (if any) that answers a request. */
export class FaultRegistry {
  readonly faults: InjectedFault[] = [];

  /** Registers `spec` and returns its live handle. */
  add(spec: FaultSpec): InjectedFault {
    const fault: InjectedFault = { spec, hits: 0, remaining: spec.times ?? 1 };
    this.faults.push(fault);
    return fault;
  }

  /** Removes every fault. */
  clear(): void {
    this.faults.length = 0;
  }

  /** The first fault with uses left that matches, after counting the use; undefined otherwise. */
  take(method: string, path: string): InjectedFault | undefined {
    const fault = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        (f.spec.method === undefined || f.spec.method.toUpperCase() === method) &&
        (typeof f.spec.path === 'string' ? f.spec.path === path : f.spec.path.test(path)),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    fault.hits += 1;
    return fault;
  }
}

/** The default body of a faulted answer: GitHub's short messages for common statuses. */
export function defaultFaultBody(status: number): Record<string, unknown> {
  const messages: Record<number, string> = {
    500: 'Server Error',
    502: 'Server Error',
    503: 'Service Unavailable',
    504: 'We couldn’t respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists.',
  };
  return { message: messages[status] ?? `Injected fault ${status}`, status: String(status) };
}
