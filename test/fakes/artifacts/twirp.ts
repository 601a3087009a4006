/**
 * Twirp (v7/v8) JSON wire helpers: error format, HTTP status mapping and request-body parsing.
 *
 * Source: the Twirp wire protocol spec (https://twitchtv.github.io/twirp/docs/spec_v7.html):
 * requests are `POST /twirp/<package>.<Service>/<Method>` with `Content-Type: application/json`;
 * errors are JSON `{"code": "...", "msg": "...", "meta": {...}}` with the code's HTTP status.
 * How the client reacts: `retryableRequest()` in
 * `node_modules/@actions/artifact/lib/internal/shared/artifact-twirp-client.js` retries 429/500/502/
 * 503/504 (5 attempts, 3 s base back-off) and fails at once on any other non-2xx, appending `msg`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Twirp error codes this fake emits, with the HTTP status the spec assigns to each. */
export const TWIRP_STATUS = {
  invalid_argument: 400,
  malformed: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  failed_precondition: 412,
  internal: 500,
} as const;

/** One of the keys of {@link TWIRP_STATUS}. */
export type TwirpCode = keyof typeof TWIRP_STATUS;

/** A Twirp error; handlers throw it and {@link writeTwirpError} serialises it. */
export class TwirpError extends Error {
  readonly code: TwirpCode;
  constructor(code: TwirpCode, msg: string) {
    super(msg);
    this.name = 'TwirpError';
    this.code = code;
  }
}

/** Writes `body` as JSON with `status` (default 200) and an exact content-length. */
export function writeJson(res: ServerResponse, body: unknown, status = 200): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Writes `error` in Twirp's error format; non-Twirp errors become `internal` (HTTP 500). */
export function writeTwirpError(res: ServerResponse, error: unknown): void {
  const err =
    error instanceof TwirpError
      ? error
      : new TwirpError('internal', error instanceof Error ? error.message : String(error));
  writeJson(res, { code: err.code, msg: err.message, meta: {} }, TWIRP_STATUS[err.code]);
}

/** Reads the whole request body as a string (requests here are small JSON documents). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Parses a Twirp JSON request body into a plain object.
 * @throws TwirpError `malformed` when the body is not a JSON object.
 */
export function parseJsonObject(body: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = body === '' ? {} : JSON.parse(body);
  } catch {
    throw new TwirpError('malformed', 'the json request could not be decoded');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TwirpError('malformed', 'the json request must be an object');
  }
  return value as Record<string, unknown>;
}

/**
 * Reads a proto3 JSON field by its proto (snake_case) name, falling back to the lowerCamelCase
 * JSON name, as protojson parsers accept both. The client sends proto names
 * (`useProtoFieldName: true` in `generated/results/api/v1/artifact.twirp-client.js`).
 */
export function field(body: Record<string, unknown>, protoName: string): unknown {
  if (protoName in body) return body[protoName];
  const camel = protoName.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
  return body[camel];
}

/**
 * Reads a string field (proto `string`, or a `google.protobuf.StringValue` wrapper, whose JSON form
 * is a bare string). Missing fields read as `undefined`.
 * @throws TwirpError `invalid_argument` when present but not a string.
 */
export function stringField(body: Record<string, unknown>, protoName: string): string | undefined {
  const value = field(body, protoName);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new TwirpError('invalid_argument', `${protoName} must be a string`);
  return value;
}

/**
 * Reads an `int64` / `google.protobuf.Int64Value` field; proto3 JSON encodes these as decimal
 * strings, but numbers are accepted too.
 * @throws TwirpError `invalid_argument` when present but not an integer.
 */
export function int64Field(body: Record<string, unknown>, protoName: string): number | undefined {
  const value = field(body, protoName);
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new TwirpError('invalid_argument', `${protoName} must be an int64`);
  }
  return n;
}

/**
 * Reads a `google.protobuf.Timestamp` field (RFC 3339 string in proto3 JSON).
 * @throws TwirpError `invalid_argument` when present but not a parseable timestamp.
 */
export function timestampField(body: Record<string, unknown>, protoName: string): Date | undefined {
  const value = stringField(body, protoName);
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new TwirpError('invalid_argument', `${protoName} must be a timestamp`);
  return date;
}
