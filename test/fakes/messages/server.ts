/**
 * The fake Anthropic Messages API server: `POST /v1/messages` (JSON or SSE) and
 * `POST /v1/messages/count_tokens`, on 127.0.0.1 with an OS-chosen port. It plays a scenario one
 * turn per successful create request, injects the turn's faults one per attempt, checks the turn's
 * expectations, simulates prompt caching, and records every request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { buildMessage } from './answer.ts';
import { CacheControlError, findBreakpoints, PromptCacheSimulator } from './cache.ts';
import { defaultErrorMessage, errorTypeForStatus, statusForErrorType } from './errors.ts';
import { checkExpectation } from './expect.ts';
import { IdSource } from './ids.ts';
import {
  clientGone,
  cutConnection,
  type Exchange,
  resetConnection,
  sendError,
  sendJson,
  sendTruncatedJson,
  sleep,
  startSse,
  writeEvents,
} from './respond.ts';
import { type ResolvedTurn, resolveTurn } from './scenario.ts';
import { errorEvent, messageEvents, type WireMessage } from './sse.ts';
import { countInputTokens, renderPrompt } from './tokens.ts';
import type { Clock, Fault, Mismatch, RecordedRequest, Scenario } from './types.ts';
import { validateRequest } from './validate.ts';

/** Options of {@link startFakeMessagesApi}. */
export interface FakeMessagesApiOptions {
  /** Script to play; can be replaced later with `load`. */
  scenario?: Scenario;
  /** Time source for cache TTLs and request timestamps (ms); default `Date.now`. */
  clock?: Clock;
  /** Maximum code points per text / thinking / partial_json delta; default 16. */
  chunkChars?: number;
  /** Answer 401 when neither `x-api-key` nor `authorization` is sent, like the API; default true. */
  requireApiKey?: boolean;
}

/** A running fake. All state is per instance. */
export interface FakeMessagesApi {
  /** Base URL for the SDK's `baseURL` / `ANTHROPIC_BASE_URL`, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Every request received, in arrival order (live array). */
  readonly requests: readonly RecordedRequest[];
  /** Requests refused for an expectation, API validation, an exhausted or a broken script. */
  readonly mismatches: readonly Mismatch[];
  /** Number of requests received (any path). */
  readonly requestCount: number;
  /** The simulated prompt cache (size for assertions, clear to drop entries). */
  readonly cache: PromptCacheSimulator;
  /** Replace the script and start it from its first turn (requests, cache and ids are kept). */
  load(scenario: Scenario): void;
  /** Forget requests, mismatches, cache entries and id counters; replay the script from its start. */
  reset(): void;
  /** Turns not yet answered. */
  remainingTurns(): number;
  /** Turns answered so far. */
  turnsServed(): number;
  /** @throws Error listing every recorded mismatch, if any. */
  assertNoMismatches(): void;
  /** @throws Error when there are mismatches or turns left unplayed. */
  assertDone(): void;
  /** Stop listening and destroy every connection (including keep-alive ones); idempotent. */
  close(): Promise<void>;
}

const NO_RETRY = { 'x-should-retry': 'false' };

class FakeMessagesServer implements FakeMessagesApi {
  url = '';
  readonly requests: RecordedRequest[] = [];
  readonly mismatches: Mismatch[] = [];
  readonly cache: PromptCacheSimulator;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #closing = new AbortController();
  readonly #clock: Clock;
  readonly #ids = new IdSource();
  readonly #chunkChars: number;
  readonly #requireApiKey: boolean;
  readonly #records = new WeakMap<IncomingMessage, RecordedRequest>();
  #scenario: Scenario | undefined;
  #cursor = 0;
  #attempts: number[] = [];
  #faultsUsed: number[] = [];

  constructor(options: FakeMessagesApiOptions) {
    this.#clock = options.clock ?? { now: () => Date.now() };
    this.cache = new PromptCacheSimulator(this.#clock);
    this.#chunkChars = Math.max(1, options.chunkChars ?? 16);
    this.#requireApiKey = options.requireApiKey ?? true;
    this.#scenario = options.scenario;
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => this.#internalError(req, res, error));
    });
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.#server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
  }

  get requestCount(): number {
    return this.requests.length;
  }

  load(scenario: Scenario): void {
    this.#scenario = scenario;
    this.#cursor = 0;
    this.#attempts = [];
    this.#faultsUsed = [];
  }

  reset(): void {
    this.requests.length = 0;
    this.mismatches.length = 0;
    this.cache.clear();
    this.#ids.reset();
    this.#cursor = 0;
    this.#attempts = [];
    this.#faultsUsed = [];
  }

  remainingTurns(): number {
    return Math.max(0, (this.#scenario?.turns.length ?? 0) - this.#cursor);
  }

  turnsServed(): number {
    return this.#cursor;
  }

  assertNoMismatches(): void {
    if (this.mismatches.length === 0) return;
    const lines = this.mismatches.map((m) => `request #${m.seq} (${m.kind}):\n${m.message}`);
    throw new Error(`fake Messages API refused ${this.mismatches.length} request(s):\n${lines.join('\n\n')}`);
  }

  assertDone(): void {
    this.assertNoMismatches();
    const left = this.remainingTurns();
    if (left > 0) {
      throw new Error(
        `scenario '${this.#scenario?.name}' has ${left} unplayed turn(s) of ${this.#scenario?.turns.length}`,
      );
    }
  }

  async close(): Promise<void> {
    this.#closing.abort();
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    for (const socket of this.#sockets) socket.destroy();
    await closed;
  }

  #mismatch(ex: Exchange, kind: Mismatch['kind'], message: string): void {
    const mismatch: Mismatch = { seq: ex.record.seq, kind, message };
    if (ex.record.turn !== undefined) mismatch.turn = ex.record.turn;
    this.mismatches.push(mismatch);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const [path = '', query = ''] = (req.url ?? '').split('?', 2);
    let body: unknown = raw;
    let parsed: Record<string, unknown> | undefined;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
      if (body !== null && typeof body === 'object' && !Array.isArray(body))
        parsed = body as Record<string, unknown>;
    } catch {
      // Kept as raw text in the record; answered below as invalid JSON.
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const record: RecordedRequest = {
      seq: this.requests.length + 1,
      method: req.method ?? '',
      path,
      query,
      headers,
      body,
      time: this.#clock.now(),
      stream: parsed?.stream === true,
      outcome: 'not_found',
      status: 0,
      requestId: this.#ids.next('req'),
    };
    this.requests.push(record);
    this.#records.set(req, record);
    const ex: Exchange = { req, res, record };

    const route = req.method === 'POST' ? path.replace(/\/+$/, '') : '';
    if (route !== '/v1/messages' && route !== '/v1/messages/count_tokens') {
      return sendError(ex, 404, 'not_found_error', `Not Found: ${req.method} ${path}`);
    }
    if (this.#requireApiKey && !headers['x-api-key'] && !headers.authorization) {
      record.outcome = 'invalid';
      return sendError(ex, 401, 'authentication_error', 'x-api-key header is required');
    }
    if (!parsed) {
      record.outcome = 'invalid';
      const message = 'There was an error parsing the body of your request: expected a JSON object';
      this.#mismatch(ex, 'invalid_request', message);
      return sendError(ex, 400, 'invalid_request_error', message);
    }
    const forCreate = route === '/v1/messages';
    const problems = validateRequest(parsed, forCreate);
    if (forCreate && problems.length === 0) {
      try {
        findBreakpoints(renderPrompt(parsed), parsed.cache_control);
      } catch (error) {
        if (!(error instanceof CacheControlError)) throw error;
        problems.push(error.message);
      }
    }
    if (problems.length > 0) {
      record.outcome = 'invalid';
      this.#mismatch(ex, 'invalid_request', problems.join('\n'));
      return sendError(ex, 400, 'invalid_request_error', problems.join('\n'), NO_RETRY);
    }
    if (!forCreate) {
      record.outcome = 'counted';
      return sendJson(ex, 200, { input_tokens: countInputTokens(parsed) });
    }
    return this.#create(ex, parsed);
  }

  async #create(ex: Exchange, body: Record<string, unknown>): Promise<void> {
    const { record } = ex;
    const scenario = this.#scenario;
    if (!scenario) {
      record.outcome = 'exhausted';
      const message = 'fake Messages API: no scenario loaded';
      this.#mismatch(ex, 'exhausted', message);
      return sendError(ex, 500, 'api_error', message, NO_RETRY);
    }
    const turnIndex = this.#cursor;
    const turn = scenario.turns[turnIndex];
    if (turn === undefined) {
      record.outcome = 'exhausted';
      const message = `scenario '${scenario.name}' exhausted after ${scenario.turns.length} turns`;
      this.#mismatch(ex, 'exhausted', message);
      return sendError(ex, 500, 'api_error', message, NO_RETRY);
    }
    record.turn = turnIndex;
    const attempt = this.#attempts[turnIndex] ?? 0;
    this.#attempts[turnIndex] = attempt + 1;

    let resolved: ResolvedTurn;
    try {
      resolved = resolveTurn(turn, { body, turnIndex, attempt });
    } catch (error) {
      record.outcome = 'mismatch';
      const message = `scenario '${scenario.name}' turn ${turnIndex + 1}: turn function failed: ${String(error)}`;
      this.#mismatch(ex, 'scenario_error', message);
      return sendError(ex, 500, 'api_error', message, NO_RETRY);
    }

    const diff = resolved.expect ? checkExpectation(resolved.expect, body) : [];
    if (diff.length > 0) {
      record.outcome = 'mismatch';
      const message = `scenario '${scenario.name}' ${resolved.label} (index ${turnIndex}): request does not match expectation\n${diff.join('\n')}`;
      this.#mismatch(ex, 'expectation', message);
      return sendError(ex, 400, 'invalid_request_error', message, NO_RETRY);
    }

    const used = this.#faultsUsed[turnIndex] ?? 0;
    const fault = resolved.faults?.[used];
    if (fault) {
      this.#faultsUsed[turnIndex] = used + 1;
      record.fault = fault;
      record.outcome = 'fault';
      const served = await this.#applyFault(ex, body, resolved, fault);
      if (!served) return;
    }
    this.#cursor = turnIndex + 1;
    record.outcome = 'answered';
    const message = this.#answer(ex, body, resolved);
    if (!record.stream) return sendJson(ex, 200, message);
    startSse(ex);
    const events = messageEvents(message, this.#chunkChars);
    if (await writeEvents(ex, events, resolved.stream_delay_ms ?? 0, this.#closing.signal)) ex.res.end();
  }

  /** Build the answer, running the cache simulation; records message id and usage. */
  #answer(ex: Exchange, body: Record<string, unknown>, turn: ResolvedTurn): WireMessage {
    const requestModel = String(body.model);
    const input = this.cache.process(requestModel, renderPrompt(body), body.cache_control);
    const model = turn.model ?? this.#scenario?.model ?? requestModel;
    const message = buildMessage(turn, model, input, this.#ids);
    ex.record.messageId = message.id;
    ex.record.usage = message.usage;
    return message;
  }

  /** Apply one fault. Returns true when the attempt should go on to serve the real answer. */
  async #applyFault(
    ex: Exchange,
    body: Record<string, unknown>,
    turn: ResolvedTurn,
    fault: Fault,
  ): Promise<boolean> {
    switch (fault.kind) {
      case 'http': {
        const type = fault.error_type ?? errorTypeForStatus(fault.status);
        const headers: Record<string, string> = {};
        if (fault.retry_after !== undefined) headers['retry-after'] = String(fault.retry_after);
        if (fault.retry_after_ms !== undefined) headers['retry-after-ms'] = String(fault.retry_after_ms);
        if (fault.should_retry !== undefined) headers['x-should-retry'] = String(fault.should_retry);
        sendError(ex, fault.status, type, fault.message ?? defaultErrorMessage(type), headers);
        return false;
      }
      case 'reset':
        resetConnection(ex);
        return false;
      case 'cut': {
        const message = this.#answer(ex, body, turn);
        if (!ex.record.stream) {
          await sendTruncatedJson(ex, message);
          return false;
        }
        startSse(ex);
        const events = messageEvents(message, this.#chunkChars).slice(0, fault.after_events ?? 2);
        await writeEvents(ex, events, 0, this.#closing.signal);
        cutConnection(ex);
        return false;
      }
      case 'sse_error': {
        const type = fault.error_type ?? 'overloaded_error';
        const text = fault.message ?? defaultErrorMessage(type);
        if (!ex.record.stream) {
          sendError(ex, statusForErrorType(type), type, text);
          return false;
        }
        const message = this.#answer(ex, body, turn);
        startSse(ex);
        const events = messageEvents(message, this.#chunkChars).slice(0, fault.after_events ?? 0);
        events.push(errorEvent(type, text, ex.record.requestId));
        if (await writeEvents(ex, events, 0, this.#closing.signal)) ex.res.end();
        return false;
      }
      case 'delay': {
        const waited = await sleep(fault.ms, this.#closing.signal);
        // A retry may have been answered this very turn while this attempt slept: never serve it twice.
        if (!waited || clientGone(ex) || this.#cursor !== ex.record.turn) {
          ex.record.outcome = 'abandoned';
          if (!clientGone(ex)) resetConnection(ex);
          return false;
        }
        return true;
      }
    }
  }

  #internalError(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    const record = this.#records.get(req);
    if (record && !res.headersSent && !res.destroyed) {
      const message = `fake Messages API internal error: ${error instanceof Error ? error.stack : String(error)}`;
      this.mismatches.push({ seq: record.seq, kind: 'scenario_error', message });
      sendError({ req, res, record }, 500, 'api_error', message, NO_RETRY);
    } else {
      res.destroy();
    }
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Start a fake Messages API on 127.0.0.1, port chosen by the OS.
 * @returns the running fake; call `close()` when done (it leaves no open handles).
 */
export async function startFakeMessagesApi(options: FakeMessagesApiOptions = {}): Promise<FakeMessagesApi> {
  const server = new FakeMessagesServer(options);
  await server.listen();
  return server;
}
