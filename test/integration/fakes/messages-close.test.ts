/**
 * `close()` of the fake Messages API leaves no open handles: no listening server, no client or
 * server sockets (keep-alive included), no pending timers, even with requests in flight.
 * In a file of its own so that no other test's handles blur the count.
 */
import Anthropic from '@anthropic-ai/sdk';
import { expect, test } from 'vitest';
import { defineScenario, startFakeMessagesApi } from '../../fakes/messages/index.ts';

const PARAMS = {
  model: 'claude-sonnet-5',
  max_tokens: 64,
  messages: [{ role: 'user' as const, content: 'Hi' }],
};

function handles(): string[] {
  return process.getActiveResourcesInfo().filter((name) => name.startsWith('TCP') || name === 'Timeout');
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

test('close() destroys keep-alive and in-flight connections and cancels pending waits', async () => {
  await settle();
  const before = handles();
  const fake = await startFakeMessagesApi({
    scenario: defineScenario({
      name: 'close',
      turns: [
        { content: 'first' },
        { content: 'second' },
        { content: 'slow stream', stream_delay_ms: 10_000 },
        { content: 'delayed', faults: [{ kind: 'delay', ms: 10_000 }] },
      ],
    }),
  });
  const anthropic = new Anthropic({ apiKey: 'test', baseURL: fake.url, maxRetries: 0 });
  await anthropic.messages.create(PARAMS);
  await anthropic.messages.stream(PARAMS).finalMessage();
  // A stream stuck between events, then a request stuck before its first byte.
  const stuckStream = anthropic.messages
    .stream(PARAMS)
    .finalMessage()
    .catch((e: unknown) => e);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const stuckCreate = anthropic.messages.create(PARAMS).catch((e: unknown) => e);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(fake.requestCount).toBe(4);

  const began = Date.now();
  await fake.close();
  expect(Date.now() - began).toBeLessThan(1000);
  expect(await stuckStream).toBeInstanceOf(Error);
  expect(await stuckCreate).toBeInstanceOf(Anthropic.APIConnectionError);
  await settle();
  const after = handles();
  expect(after.filter((name) => name.startsWith('TCP'))).toEqual([]);
  // Timers of the test runner itself may come and go; ours must all be gone.
  expect(after.filter((name) => name === 'Timeout').length).toBeLessThanOrEqual(
    before.filter((name) => name === 'Timeout').length,
  );
  await fake.close(); // idempotent
  await expect(fetch(`${fake.url}/v1/messages`, { method: 'POST' })).rejects.toThrow();
});
