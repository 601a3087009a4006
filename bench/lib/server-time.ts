/**
 * Time the fake Messages API spends on each request, measured on the server side through Node's
 * `http.server.request.start` / `http.server.response.finish` diagnostics channels, so the fake's
 * own work (its prompt-cache simulation hashes the whole prompt on every turn) can be subtracted
 * from a harness's wall time without modifying the fake.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';

interface ChannelMessage {
  request: IncomingMessage;
  response: ServerResponse;
}

/** A running meter; `stop()` detaches it. */
export interface ServerTimeMeter {
  /** Milliseconds from request start (headers parsed) to response finish, one per request. */
  readonly durations: number[];
  stop(): void;
}

/** Meters every request served on local `port` from now on. */
export function meterServerTime(port: number): ServerTimeMeter {
  const started = new WeakMap<IncomingMessage, number>();
  const durations: number[] = [];
  const onStart = (message: unknown) => {
    const { request } = message as ChannelMessage;
    if (request.socket.localPort === port) started.set(request, performance.now());
  };
  const onFinish = (message: unknown) => {
    const { request } = message as ChannelMessage;
    const t0 = started.get(request);
    if (t0 !== undefined) durations.push(performance.now() - t0);
  };
  subscribe('http.server.request.start', onStart);
  subscribe('http.server.response.finish', onFinish);
  return {
    durations,
    stop() {
      unsubscribe('http.server.request.start', onStart);
      unsubscribe('http.server.response.finish', onFinish);
    },
  };
}
