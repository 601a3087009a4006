/**
 * Low-level HTTP writing for the fake: JSON and error answers with the API's headers, SSE streams,
 * and the deliberate breakages (socket reset, cut body). Every writer records the status it sent.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorEnvelope } from './errors.ts';
import { frameSse, type SseEvent } from './sse.ts';
import type { RecordedRequest } from './types.ts';

/** One exchange being answered: node's request/response and the record to fill in. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  record: RecordedRequest;
}

/** Resolves after `ms`, or early with `false` when `signal` aborts (server closing). */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(!signal.aborted);
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Whether the client has gone away (aborted, timed out) or the response can no longer be written. */
export function clientGone(ex: Exchange): boolean {
  return ex.res.destroyed || ex.req.socket.destroyed;
}

function baseHeaders(ex: Exchange): Record<string, string> {
  return { 'request-id': ex.record.requestId };
}

/** Send a JSON body with `content-type: application/json` and the `request-id` header. */
export function sendJson(
  ex: Exchange,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  ex.record.status = status;
  ex.res.writeHead(status, {
    ...baseHeaders(ex),
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  ex.res.end(text);
}

/** Send an error in the API envelope. */
export function sendError(
  ex: Exchange,
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(ex, status, errorEnvelope(type, message, ex.record.requestId), headers);
}

function write(res: ServerResponse, chunk: string): Promise<void> {
  return new Promise((resolve) => {
    res.write(chunk, () => resolve());
  });
}

/** Open an SSE response (HTTP 200, `content-type: text/event-stream`). */
export function startSse(ex: Exchange): void {
  ex.record.status = 200;
  ex.res.writeHead(200, {
    ...baseHeaders(ex),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
  });
  ex.res.flushHeaders();
}

/**
 * Write `events` in order, waiting `delayMs` between them. Stops early (returning false) when the
 * client goes away or `signal` aborts; returns true when everything was written.
 */
export async function writeEvents(
  ex: Exchange,
  events: readonly SseEvent[],
  delayMs: number,
  signal: AbortSignal,
): Promise<boolean> {
  for (const [i, event] of events.entries()) {
    if (i > 0 && delayMs > 0 && !(await sleep(delayMs, signal))) return false;
    if (clientGone(ex)) return false;
    await write(ex.res, frameSse(event));
  }
  return true;
}

/** Destroy the connection without a response (the client sees a reset / "other side closed"). */
export function resetConnection(ex: Exchange): void {
  ex.record.status = 0;
  ex.req.socket.destroy();
}

/** After the written data has been flushed, destroy the connection mid-body. */
export function cutConnection(ex: Exchange): void {
  ex.res.socket?.destroy();
  ex.req.socket.destroy();
}

/**
 * Send HTTP 200 with headers announcing the whole JSON body, write only its first half, then cut
 * the connection (a non-streaming answer broken mid-body).
 */
export async function sendTruncatedJson(ex: Exchange, body: unknown): Promise<void> {
  const text = JSON.stringify(body);
  ex.record.status = 200;
  ex.res.writeHead(200, {
    ...baseHeaders(ex),
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
  });
  await write(ex.res, text.slice(0, Math.floor(text.length / 2)));
  cutConnection(ex);
}
