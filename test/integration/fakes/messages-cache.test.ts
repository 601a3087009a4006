/**
 * Prompt-cache simulation of the fake Messages API, driven by the real SDK: breakpoints on tools,
 * system and the moving end of the conversation give mostly cache reads; no breakpoints give none;
 * TTLs expire on an injected clock; short prefixes are not cached.
 */
import Anthropic, { type APIError } from '@anthropic-ai/sdk';
import type { MessageParam, TextBlockParam, Tool, Usage } from '@anthropic-ai/sdk/resources/messages';
import { afterEach, describe, expect, test } from 'vitest';
import {
  defineScenario,
  type FakeMessagesApi,
  type ManualClock,
  manualClock,
  minCacheableTokens,
  repeatTurns,
  startFakeMessagesApi,
  toolLoopScenario,
} from '../../fakes/messages/index.ts';

const MODEL = 'claude-sonnet-5';

// ~6,000 tokens of system prompt and ~1,200 of tools, as a real harness has.
const SYSTEM_TEXT = 'You are a careful software engineer working in a repository. '.repeat(400);
const TOOLS: Tool[] = ['bash', 'read', 'write', 'edit', 'glob', 'grep'].map((name) => ({
  name,
  description: `The ${name} tool. ${'It does exactly what its name says, within the working directory. '.repeat(12)}`,
  input_schema: { type: 'object', properties: { command: { type: 'string' } } },
}));
const TOOL_OUTPUT = 'line of command output that a tool returned to the model\n'.repeat(14);

type Placement = 'explicit' | 'automatic' | 'none';

let fake: FakeMessagesApi | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function markLast(messages: MessageParam[]): MessageParam[] {
  return messages.map((message, index) => {
    if (index !== messages.length - 1 || typeof message.content === 'string') return message;
    const content = message.content.map((block, i) =>
      i === message.content.length - 1 ? { ...block, cache_control: { type: 'ephemeral' as const } } : block,
    );
    return { ...message, content } as MessageParam;
  });
}

/** A minimal agent loop: answer every tool_use with a fixed output until end_turn. */
async function runSession(api: FakeMessagesApi, placement: Placement, model = MODEL): Promise<Usage[]> {
  const anthropic = new Anthropic({ apiKey: 'test', baseURL: api.url, maxRetries: 0 });
  const explicit = placement === 'explicit';
  const system: TextBlockParam[] = [
    {
      type: 'text',
      text: SYSTEM_TEXT,
      ...(explicit ? { cache_control: { type: 'ephemeral' as const } } : {}),
    },
  ];
  const tools = TOOLS.map((tool, i) =>
    explicit && i === TOOLS.length - 1 ? { ...tool, cache_control: { type: 'ephemeral' as const } } : tool,
  );
  const messages: MessageParam[] = [
    { role: 'user', content: [{ type: 'text', text: 'Fix the failing test.' }] },
  ];
  const usages: Usage[] = [];
  for (let turn = 0; turn < 100; turn++) {
    const message = await anthropic.messages
      .stream({
        model,
        max_tokens: 4096,
        system,
        tools,
        messages: explicit ? markLast(messages) : messages,
        ...(placement === 'automatic' ? { cache_control: { type: 'ephemeral' as const } } : {}),
      })
      .finalMessage();
    usages.push(message.usage);
    messages.push({ role: 'assistant', content: message.content });
    const uses = message.content.flatMap((b) => (b.type === 'tool_use' ? [b] : []));
    if (uses.length === 0) break;
    messages.push({
      role: 'user',
      content: uses.map((u) => ({ type: 'tool_result' as const, tool_use_id: u.id, content: TOOL_OUTPUT })),
    });
  }
  return usages;
}

function totals(usages: Usage[]): { input: number; read: number; created: number; all: number } {
  const sum = (pick: (u: Usage) => number | null) => usages.reduce((s, u) => s + (pick(u) ?? 0), 0);
  const input = sum((u) => u.input_tokens);
  const read = sum((u) => u.cache_read_input_tokens);
  const created = sum((u) => u.cache_creation_input_tokens);
  return { input, read, created, all: input + read + created };
}

async function startLoop(turns: number, clock?: ManualClock): Promise<FakeMessagesApi> {
  fake = await startFakeMessagesApi({ scenario: toolLoopScenario({ turns }), ...(clock ? { clock } : {}) });
  return fake;
}

describe('a 30-turn session', () => {
  test('with breakpoints on tools, system and the last message reads ≥ 85 % of input from cache', async () => {
    const usages = await runSession(await startLoop(30), 'explicit');
    expect(usages).toHaveLength(30);
    const t = totals(usages);
    expect(t.read / t.all).toBeGreaterThanOrEqual(0.85);
    expect(usages[0]?.cache_read_input_tokens).toBe(0);
    expect(usages[0]?.cache_creation_input_tokens).toBeGreaterThan(7000);
    // After the first turn each request reads the whole previous prompt and writes only the new turn.
    for (const usage of usages.slice(1)) {
      expect(usage.cache_read_input_tokens).toBeGreaterThan(7000);
      expect(usage.cache_creation_input_tokens).toBeLessThan(400);
      expect(usage.input_tokens).toBe(0);
    }
  });

  test('without breakpoints reads nothing from cache', async () => {
    const t = totals(await runSession(await startLoop(30), 'none'));
    expect(t.read).toBe(0);
    expect(t.created).toBe(0);
    expect(t.input).toBeGreaterThan(30 * 7000);
  });

  test('automatic caching (top-level cache_control) also reads most input from cache', async () => {
    const t = totals(await runSession(await startLoop(30), 'automatic'));
    expect(t.read / t.all).toBeGreaterThanOrEqual(0.85);
  });

  test('the totals are deterministic across runs', async () => {
    const first = totals(await runSession(await startLoop(10), 'explicit'));
    await fake?.close();
    const second = totals(await runSession(await startLoop(10), 'explicit'));
    expect(second).toEqual(first);
  });
});

async function cachedOnce(
  api: FakeMessagesApi,
  ttl?: '5m' | '1h',
  model = MODEL,
  text = SYSTEM_TEXT,
): Promise<Usage> {
  const anthropic = new Anthropic({ apiKey: 'test', baseURL: api.url, maxRetries: 0 });
  const message = await anthropic.messages.create({
    model,
    max_tokens: 100,
    system: [{ type: 'text', text, cache_control: { type: 'ephemeral', ...(ttl ? { ttl } : {}) } }],
    messages: [{ role: 'user', content: 'What next?' }],
  });
  return message.usage;
}

async function startTurns(count: number, clock: ManualClock): Promise<FakeMessagesApi> {
  fake = await startFakeMessagesApi({
    clock,
    scenario: defineScenario({ name: 'plain', turns: repeatTurns(count, () => ({ content: 'ok' })) }),
  });
  return fake;
}

describe('TTL on an injected clock', () => {
  test('a 5-minute entry expires; reads refresh it', async () => {
    const clock = manualClock();
    const api = await startTurns(5, clock);
    const systemTokens = Math.ceil(Buffer.byteLength(SYSTEM_TEXT) / 4);
    const first = await cachedOnce(api);
    expect(first).toMatchObject({
      cache_creation_input_tokens: systemTokens,
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: systemTokens, ephemeral_1h_input_tokens: 0 },
      input_tokens: 3, // 'What next?' = 10 bytes
    });
    clock.advance(4 * 60_000);
    expect((await cachedOnce(api)).cache_read_input_tokens).toBe(systemTokens);
    clock.advance(4 * 60_000); // 8 minutes after the write, 4 after the refreshing read
    expect((await cachedOnce(api)).cache_read_input_tokens).toBe(systemTokens);
    clock.advance(5 * 60_000);
    const expired = await cachedOnce(api);
    expect(expired.cache_read_input_tokens).toBe(0);
    expect(expired.cache_creation_input_tokens).toBe(systemTokens);
  });

  test('a 1-hour entry survives 59 minutes and not 61', async () => {
    const clock = manualClock(1_000_000);
    const api = await startTurns(4, clock);
    const first = await cachedOnce(api, '1h');
    expect(first.cache_creation?.ephemeral_1h_input_tokens).toBe(first.cache_creation_input_tokens);
    clock.advance(59 * 60_000);
    expect((await cachedOnce(api, '1h')).cache_read_input_tokens).toBeGreaterThan(0);
    clock.advance(61 * 60_000);
    expect((await cachedOnce(api, '1h')).cache_read_input_tokens).toBe(0);
  });
});

describe('cacheable length and limits', () => {
  test('prefixes under the model minimum are neither written nor read', async () => {
    const clock = manualClock();
    const api = await startTurns(6, clock);
    // 1,500 tokens: above 1,024 (claude-sonnet-5), below 2,048 (claude-sonnet-4-6) and 4,096 (opus 4.8).
    const text = 'abcd'.repeat(1500);
    expect(minCacheableTokens('claude-sonnet-5')).toBe(1024);
    expect(minCacheableTokens('claude-sonnet-4-6')).toBe(2048);
    expect(minCacheableTokens('claude-opus-4-8')).toBe(4096);
    expect(minCacheableTokens('claude-haiku-4-5-20251001')).toBe(4096);
    for (const model of ['claude-sonnet-4-6', 'claude-opus-4-8']) {
      await cachedOnce(api, undefined, model, text);
      const again = await cachedOnce(api, undefined, model, text);
      expect(again).toMatchObject({
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        input_tokens: 1503,
      });
    }
    await cachedOnce(api, undefined, 'claude-sonnet-5', text);
    expect(await cachedOnce(api, undefined, 'claude-sonnet-5', text)).toMatchObject({
      cache_read_input_tokens: 1500,
      input_tokens: 3,
    });
  });

  test('caches are per model', async () => {
    const api = await startTurns(2, manualClock());
    await cachedOnce(api, undefined, 'claude-sonnet-5');
    expect((await cachedOnce(api, undefined, 'claude-opus-5')).cache_read_input_tokens).toBe(0);
  });

  test('more than 4 breakpoints is a 400 like the real API', async () => {
    const api = await startTurns(1, manualClock());
    const anthropic = new Anthropic({ apiKey: 'test', baseURL: api.url, maxRetries: 0 });
    const marked = { type: 'ephemeral' as const };
    const error = await anthropic.messages
      .create({
        model: MODEL,
        max_tokens: 10,
        system: [1, 2, 3].map((i) => ({ type: 'text' as const, text: `part ${i}`, cache_control: marked })),
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'hi', cache_control: marked },
              { type: 'text', text: 'there' },
            ],
          },
        ],
        // Automatic caching takes a fifth slot, on the last block ('there').
        cache_control: marked,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as APIError).apiMessage).toBe(
      'A maximum of 4 blocks with cache_control may be provided. Found 5.',
    );
    expect(api.remainingTurns()).toBe(1);
  });

  test('a breakpoint more than 20 blocks past the last cached one misses (lookback window)', async () => {
    const api = await startTurns(4, manualClock());
    const anthropic = new Anthropic({ apiKey: 'test', baseURL: api.url, maxRetries: 0 });
    const big = { type: 'text' as const, text: 'x'.repeat(8000) };
    const filler = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ type: 'text' as const, text: `note ${i}` }));
    const session = (content: TextBlockParam[]) =>
      anthropic.messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content }] });
    const end = { type: 'text' as const, text: 'end' };
    const tail = { type: 'text' as const, text: 'tail', cache_control: { type: 'ephemeral' as const } };
    // Breakpoint on block 1: the prefix big + 'end' (2000 + 1 tokens) is stored.
    const written = await session([big, { ...end, cache_control: { type: 'ephemeral' } }]);
    expect(written.usage.cache_creation_input_tokens).toBe(2001);
    // The breakpoint moved 20 blocks on: block 1 is still inside the window.
    const hit = await session([big, end, ...filler(19), tail]);
    expect(hit.usage.cache_read_input_tokens).toBe(2001);
    // 21 blocks on: outside the window, so nothing is read.
    const miss = await session([big, end, ...filler(20), tail]);
    expect(miss.usage.cache_read_input_tokens).toBe(0);
  });
});
