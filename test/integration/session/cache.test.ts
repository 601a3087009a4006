/**
 * Prompt caching on a 30-turn tool loop, measured by the fake's cache simulation
 * (test/fakes/README.md, "Prompt caching"). The request builder puts breakpoints on the last tool,
 * the system prompt and the moving end of the conversation, so each turn reads the previous
 * turn's prefix from the cache.
 *
 * Model and prompt: `claude-sonnet-5-5`, whose minimum cacheable prefix is 1,024 tokens (the
 * fake's rule; 4,096 for Opus 4.5–4.8 and Haiku 4.5, 2,048 for Sonnet 4.6), with the harness's
 * system prompt (about 1,100 tokens) and the six agent tools, so the fixed prefix alone passes
 * that minimum and is cached from the first turn.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import {
  type FakeMessagesApi,
  minCacheableTokens,
  startFakeMessagesApi,
  toolLoopScenario,
} from '../../fakes/messages/index.ts';
import { runScenario } from './harness.ts';

let fake: FakeMessagesApi;
beforeAll(async () => {
  fake = await startFakeMessagesApi();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

it('reads at least 85 % of the input tokens of a 30-turn session from the cache', async () => {
  const { result } = await runScenario(fake, toolLoopScenario({ turns: 30 }));
  expect(result.state).toBe('completed');
  expect(result.turns).toBe(30);
  fake.assertDone();

  const answered = fake.requests.filter((r) => r.outcome === 'answered' && r.usage);
  expect(answered).toHaveLength(30);
  let read = 0;
  let input = 0;
  for (const r of answered) {
    const u = r.usage!;
    read += u.cache_read_input_tokens;
    input += u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens;
  }
  const share = read / input;
  console.log(
    `cache-read share over 30 turns (claude-sonnet-5-5, minimum cacheable ${minCacheableTokens('claude-sonnet-5-5')} tokens): ` +
      `${(share * 100).toFixed(1)} % (${read.toLocaleString('en-US')} of ${input.toLocaleString('en-US')} input tokens)`,
  );
  expect(share).toBeGreaterThanOrEqual(0.85);
  // The session's own accounting agrees with the server's.
  expect(result.usage.cache_read_input_tokens).toBe(read);
  // The first request already wrote the fixed prefix (tools + system) to the cache.
  expect(answered[0]?.usage?.cache_creation_input_tokens).toBeGreaterThanOrEqual(
    minCacheableTokens('claude-sonnet-5-5'),
  );
});
