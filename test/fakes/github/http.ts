/**
 * HTTP-level helpers shared by the routes: GitHub-shaped errors, body field readers that answer 422
 * the way GitHub does, Link-header pagination and media-type parsing.
 */

/** GitHub's generic REST documentation link, used when no more specific page applies. */
export const DOCS_URL = 'https://docs.github.com/rest';

/** A GitHub-style validation error entry (`errors[]` of a 422 body). */
export interface ValidationErrorEntry {
  resource: string;
  field: string;
  code: 'missing' | 'missing_field' | 'invalid' | 'already_exists' | 'unprocessable' | 'custom';
  message?: string;
}

/**
 * Thrown by route handlers to answer with a GitHub error body
 * `{ message, documentation_url, status, errors? }` (the shape of GitHub's client errors:
 * https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api).
 */
export class HttpError extends Error {
  readonly status: number;
  readonly errors: unknown[] | undefined;
  readonly documentationUrl: string;

  constructor(status: number, message: string, errors?: unknown[], documentationUrl = DOCS_URL) {
    super(message);
    this.status = status;
    this.errors = errors;
    this.documentationUrl = documentationUrl;
  }

  /** The JSON body GitHub sends for this error. */
  toBody(): Record<string, unknown> {
    const body: Record<string, unknown> = {
      message: this.message,
      documentation_url: this.documentationUrl,
      status: String(this.status),
    };
    if (this.errors) body.errors = this.errors;
    return body;
  }
}

/** 404 with GitHub's plain `Not Found` message, as for any missing resource. */
export function notFound(message = 'Not Found'): HttpError {
  return new HttpError(404, message);
}

/** 422 `Validation Failed` with one error entry, as GitHub answers a bad field. */
export function validationFailed(entry: ValidationErrorEntry): HttpError {
  return new HttpError(422, 'Validation Failed', [entry]);
}

/**
 * What a route handler returns. `body` is sent as JSON unless `text` is set, in which case `text` is
 * sent with `contentType` (used for diff/patch/raw media types). Status defaults to 200.
 */
export interface RouteResult {
  status?: number;
  body?: unknown;
  text?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

/** The request body as an object; a missing body reads as `{}`, anything else non-object is a 400. */
export function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'Problems parsing JSON');
  return body as Record<string, unknown>;
}

/** A required string field; throws 422 `missing_field` naming `resource` and `field` when absent. */
export function requiredString(body: Record<string, unknown>, field: string, resource: string): string {
  const value = body[field];
  if (typeof value !== 'string') {
    throw validationFailed({ resource, field, code: value === undefined ? 'missing_field' : 'invalid' });
  }
  return value;
}

/** An optional string field (null allowed); throws 422 `invalid` for another type. */
export function optionalString(
  body: Record<string, unknown>,
  field: string,
  resource: string,
): string | null | undefined {
  const value = body[field];
  if (value === undefined || value === null || typeof value === 'string') return value;
  throw validationFailed({ resource, field, code: 'invalid' });
}

/** An optional integer field (strings of digits accepted, as GitHub does); 422 `invalid` otherwise. */
export function optionalInt(
  body: Record<string, unknown>,
  field: string,
  resource: string,
): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n))
    throw validationFailed({ resource, field, code: 'invalid' });
  return n;
}

/** An integer path parameter such as `{issue_number}`; 404 when it is not a number, as GitHub does. */
export function intParam(params: Record<string, string>, name: string): number {
  const raw = params[name] ?? '';
  if (!/^\d+$/.test(raw)) throw notFound();
  return Number(raw);
}

/** Current time in GitHub's timestamp format (ISO 8601, UTC, no milliseconds). */
export function now(): string {
  return isoSeconds(new Date());
}

/** `date` in GitHub's timestamp format (ISO 8601, UTC, no milliseconds). */
export function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * Pages `items` as GitHub's list endpoints do: `per_page` (default 30, max 100) and `page` (from 1),
 * with a `link` header carrying `next`/`last`/`first`/`prev` relations, which Octokit's paginate
 * follows. Source: https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api
 */
export function paginate<T>(
  items: readonly T[],
  query: Record<string, string>,
  selfUrl: string,
): { page: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Math.max(Number(query.per_page) || 30, 1), 100);
  const page = Math.max(Number(query.page) || 1, 1);
  const lastPage = Math.max(Math.ceil(items.length / perPage), 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (p: number, rel: string): string => {
    const url = new URL(selfUrl);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    url.searchParams.set('per_page', String(perPage));
    url.searchParams.set('page', String(p));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
  if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
  return { page: slice, headers: links.length > 0 ? { link: links.join(', ') } : {} };
}

/** A non-JSON representation asked for through the `Accept` header. */
export type MediaFormat = 'json' | 'diff' | 'patch' | 'raw' | 'sha';

/**
 * Which representation the `Accept` header asks for: `application/vnd.github.diff`,
 * `application/vnd.github.v3.patch`, `application/vnd.github.raw`, `application/vnd.github.sha`
 * (with or without `.v3`, with or without `+json`), else JSON.
 * Source: https://docs.github.com/en/rest/using-the-rest-api/getting-started-with-the-rest-api#media-types
 */
export function mediaFormat(accept: string | undefined): MediaFormat {
  const match = /application\/vnd\.github(?:\.v3)?\.(diff|patch|raw|sha)\b/.exec(accept ?? '');
  return (match?.[1] as MediaFormat | undefined) ?? 'json';
}

/** A diff or patch text response with the content type GitHub uses for it. */
export function diffResult(format: 'diff' | 'patch', text: string): RouteResult {
  return {
    text,
    contentType: `application/vnd.github.${format}; charset=utf-8`,
    headers: { 'x-github-media-type': `github.v3; format=${format}` },
  };
}
