/**
 * The API's error envelope and its status ↔ type table, from the Messages API errors page
 * (https://platform.claude.com/docs/en/api/errors):
 * `{"type":"error","error":{"type":…,"message":…},"request_id":…}`.
 */

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/** Documented error type for an HTTP status; `api_error` for unlisted 5xx, `invalid_request_error` else. */
export function errorTypeForStatus(status: number): string {
  return TYPE_BY_STATUS[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

/** HTTP status the API uses for an error type; 500 for unknown types. */
export function statusForErrorType(type: string): number {
  for (const [status, name] of Object.entries(TYPE_BY_STATUS)) if (name === type) return Number(status);
  return 500;
}

/** The error body the API sends with every non-2xx answer. */
export interface ErrorEnvelope {
  type: 'error';
  error: { type: string; message: string };
  request_id: string;
}

/** Build an error body. */
export function errorEnvelope(type: string, message: string, requestId: string): ErrorEnvelope {
  return { type: 'error', error: { type, message }, request_id: requestId };
}

/** A default human message per error type, close to the API's own wording. */
export function defaultErrorMessage(type: string): string {
  switch (type) {
    case 'rate_limit_error':
      return 'Number of request tokens has exceeded your per-minute rate limit (fake).';
    case 'overloaded_error':
      return 'Overloaded';
    case 'api_error':
      return 'Internal server error';
    case 'authentication_error':
      return 'invalid x-api-key';
    default:
      return `${type} (injected by the fake Messages API)`;
  }
}
