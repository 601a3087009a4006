/**
 * Fault injection of the fake Messages API, observed through the real `@anthropic-ai/sdk`: what the
 * SDK throws for each fault kind, and that its own retry recovers where the real API would let it.
 */
import Anthropic, { type APIError } from '@anthropic-ai/sdk';
import { afterEach, describe, expect, test } from 'vitest';
import {
  defineScenario,
  type FakeMessagesApi,
  type Fault,
  startFakeMessagesApi,
} from '../../fakes/messages/index.ts';

const MODEL = 'claude-sonnet-5';
const PARAMS = { model: MODEL, max_tokens: 256, messages: [{ role: 'user' as const, content: 'Hello' }] };
const ANSWER = [
  { type: 'text' as const, text: 'Here is a fairly long answer so the stream has several deltas.' },
  { type: 'tool_use' as const, name: 'bash', input: { command: 'npm test -- --reporter=dot' } },
];

let fake: FakeMessagesApi | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function withFaults(faults: Fault[]): Promise<FakeMessagesApi> {
  fake = await startFakeMessagesApi({
    scenario: defineScenario({ name: 'faulty', turns: [{ content: ANSWER, faults }] }),
  });
  return fake;
}

function client(api: FakeMessagesApi, maxRetries: number, timeout?: number): Anthropic {
  return new Anthropic({ apiKey: 'test', baseURL: api.url, maxRetries, ...(timeout ? { timeout } : {}) });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

describe('HTTP error faults (maxRetries 0)', () => {
  const cases = [
    { status: 429, type: 'rate_limit_error', cls: Anthropic.RateLimitError },
    { status: 529, type: 'overloaded_error', cls: Anthropic.InternalServerError },
    { status: 500, type: 'api_error', cls: Anthropic.InternalServerError },
    { status: 400, type: 'invalid_request_error', cls: Anthropic.BadRequestError },
    { status: 401, type: 'authentication_error', cls: Anthropic.AuthenticationError },
  ];
  for (const { status, type, cls } of cases) {
    test(`${status} → ${cls.name} with type ${type}`, async () => {
      const api = await withFaults([{ kind: 'http', status, retry_after: 0 }]);
      const error = await failure(client(api, 0).messages.create(PARAMS));
      expect(error).toBeInstanceOf(cls);
      const apiError = error as APIError;
      expect(apiError.status).toBe(status);
      expect(apiError.type).toBe(type);
      expect(apiError.requestID).toBe(api.requests[0]?.requestId);
      expect(apiError.headers?.get('retry-after')).toBe('0');
      expect(api.requests[0]).toMatchObject({ outcome: 'fault', status, fault: { kind: 'http', status } });
      expect(api.remainingTurns()).toBe(1);
    });
  }

  test('529 is the SDK OverloadedError, and a custom message and x-should-retry are sent', async () => {
    const api = await withFaults([{ kind: 'http', status: 529, message: 'busy', should_retry: false }]);
    const error = await failure(client(api, 3).messages.create(PARAMS));
    expect((error as Error).constructor.name).toBe('OverloadedError');
    expect((error as APIError).apiMessage).toBe('busy');
    expect(api.requestCount).toBe(1);
  });
});

describe('SDK retry recovers', () => {
  test('from a 429 with retry-after 0 and then a 529', async () => {
    const api = await withFaults([
      { kind: 'http', status: 429, retry_after: 0 },
      { kind: 'http', status: 529 },
    ]);
    const message = await client(api, 2).messages.create(PARAMS);
    expect(message.stop_reason).toBe('tool_use');
    expect(api.requests.map((r) => [r.outcome, r.status, r.headers['x-stainless-retry-count']])).toEqual([
      ['fault', 429, '0'],
      ['fault', 529, '1'],
      ['answered', 200, '2'],
    ]);
    expect(api.requests.every((r) => r.turn === 0)).toBe(true);
    api.assertDone();
  });

  test('at once when retry-after-ms is sent', async () => {
    const api = await withFaults([{ kind: 'http', status: 429, retry_after_ms: 5 }]);
    const began = Date.now();
    await client(api, 1).messages.create(PARAMS);
    expect(Date.now() - began).toBeLessThan(300);
    expect(api.requests[0]?.fault).toEqual({ kind: 'http', status: 429, retry_after_ms: 5 });
  });

  test('from a connection reset before headers; without retries it is an APIConnectionError', async () => {
    const api = await withFaults([{ kind: 'reset' }, { kind: 'reset' }]);
    const error = await failure(client(api, 0).messages.create(PARAMS));
    expect(error).toBeInstanceOf(Anthropic.APIConnectionError);
    const message = await client(api, 1).messages.stream(PARAMS).finalMessage();
    expect(message.content).toHaveLength(2);
    expect(api.requests.map((r) => [r.outcome, r.status])).toEqual([
      ['fault', 0],
      ['fault', 0],
      ['answered', 200],
    ]);
  });

  test('from a slow first byte that exceeds the client timeout', async () => {
    const api = await withFaults([{ kind: 'delay', ms: 1500 }]);
    const message = await client(api, 1, 300).messages.create(PARAMS);
    expect(message.stop_reason).toBe('tool_use');
    expect(api.requests[1]).toMatchObject({ outcome: 'answered' });
    // The first attempt is still sleeping when the retry is answered; wait for it to give up.
    await new Promise((resolve) => setTimeout(resolve, 1400));
    expect(api.requests[0]).toMatchObject({ outcome: 'abandoned', fault: { kind: 'delay' } });
    expect(api.turnsServed()).toBe(1);
  });
});

describe('faults after HTTP 200 surface as SDK errors', () => {
  test('a slow first byte within the timeout still answers', async () => {
    const api = await withFaults([{ kind: 'delay', ms: 150 }]);
    const began = Date.now();
    await client(api, 0).messages.create(PARAMS);
    expect(Date.now() - began).toBeGreaterThanOrEqual(140);
    expect(api.requests[0]).toMatchObject({ outcome: 'answered', fault: { kind: 'delay', ms: 150 } });
  });

  test('a stream cut mid-message: MessageStream rejects with AnthropicError "terminated"', async () => {
    const api = await withFaults([{ kind: 'cut', after_events: 4 }]);
    const anthropic = client(api, 2);
    const error = await failure(anthropic.messages.stream(PARAMS).finalMessage());
    // The SDK wraps the fetch body error (TypeError "terminated") and cannot retry after 200.
    expect(error).toBeInstanceOf(Anthropic.AnthropicError);
    expect(error).not.toBeInstanceOf(Anthropic.APIError);
    expect((error as Error).message).toBe('terminated');
    expect(api.requestCount).toBe(1);
    expect(api.requests[0]).toMatchObject({
      outcome: 'fault',
      status: 200,
      messageId: 'msg_01FAKE000000000000000001',
    });
    // The harness's own retry then gets the turn.
    const message = await anthropic.messages.stream(PARAMS).finalMessage();
    expect(message.id).toBe('msg_01FAKE000000000000000002');
  });

  test('a stream cut seen through raw events: the iterator throws TypeError "terminated"', async () => {
    const api = await withFaults([{ kind: 'cut', after_events: 3 }]);
    const stream = await client(api, 0).messages.create({ ...PARAMS, stream: true });
    const seen: string[] = [];
    const error = await failure(
      (async () => {
        for await (const event of stream) seen.push(event.type);
      })(),
    );
    expect(seen).toEqual(['message_start', 'content_block_start']);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('terminated');
  });

  test('a non-streaming body cut in half rejects with TypeError "terminated"', async () => {
    const api = await withFaults([{ kind: 'cut' }]);
    const error = await failure(client(api, 2).messages.create(PARAMS));
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/terminated/);
    expect(api.requestCount).toBe(1);
  });

  test('an SSE error event after 200: APIError with the overloaded_error type', async () => {
    const api = await withFaults([{ kind: 'sse_error', after_events: 2 }]);
    const error = await failure(client(api, 2).messages.stream(PARAMS).finalMessage());
    expect(error).toBeInstanceOf(Anthropic.APIError);
    const apiError = error as APIError;
    expect(apiError.status).toBeUndefined();
    expect(apiError.type).toBe('overloaded_error');
    expect(apiError.apiMessage).toBe('Overloaded');
    expect(apiError.requestID).toBe(api.requests[0]?.requestId);
    expect(api.requests[0]).toMatchObject({ outcome: 'fault', status: 200 });
    expect(api.requestCount).toBe(1);
  });

  test('sse_error on a non-streaming request becomes the matching HTTP error', async () => {
    const api = await withFaults([{ kind: 'sse_error', error_type: 'api_error' }]);
    const message = await client(api, 1).messages.create(PARAMS);
    expect(message.stop_reason).toBe('tool_use');
    expect(api.requests.map((r) => r.status)).toEqual([500, 200]);
  });
});

describe('stream pacing', () => {
  test('stream_delay_ms spaces the events out', async () => {
    fake = await startFakeMessagesApi({
      scenario: defineScenario({ name: 'slow', turns: [{ content: 'abc', stream_delay_ms: 20 }] }),
    });
    const began = Date.now();
    await client(fake, 0).messages.stream(PARAMS).finalMessage();
    // message_start, block start, ping, 1 delta, block stop, message_delta, message_stop: 6 gaps.
    expect(Date.now() - began).toBeGreaterThanOrEqual(6 * 20 - 10);
  });
});
