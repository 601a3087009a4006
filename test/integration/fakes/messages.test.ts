/**
 * The fake Messages API driven by the real `@anthropic-ai/sdk` client: wire format (JSON and SSE),
 * scenarios from code and YAML, request expectations, exhaustion, validation and count_tokens.
 */
import { fileURLToPath } from 'node:url';
import Anthropic, { type APIError } from '@anthropic-ai/sdk';
import type { MessageParam, RawMessageStreamEvent, Tool } from '@anthropic-ai/sdk/resources/messages';
import { afterEach, describe, expect, test } from 'vitest';
import {
  countInputTokens,
  defineScenario,
  type FakeMessagesApi,
  loadScenarioFile,
  parseScenario,
  repeatTurns,
  ScenarioFormatError,
  startFakeMessagesApi,
  toolLoopScenario,
} from '../../fakes/messages/index.ts';

const MODEL = 'claude-sonnet-5';
const FIXTURE = fileURLToPath(new URL('../../fixtures/scenarios/read-and-answer.yaml', import.meta.url));

const TOOLS: Tool[] = ['bash', 'read', 'write', 'edit', 'glob', 'grep'].map((name) => ({
  name,
  description: `The ${name} tool.`,
  input_schema: { type: 'object', properties: {} },
}));

const RICH_TURN = {
  content: [
    { type: 'thinking' as const, thinking: 'The user wants the file; I will read it and then summarize.' },
    { type: 'text' as const, text: 'Reading the file now, this takes a moment.' },
    { type: 'tool_use' as const, name: 'read', input: { file_path: 'src/index.ts', limit: 200 } },
  ],
};

let fake: FakeMessagesApi | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(scenario: Parameters<typeof defineScenario>[0]): Promise<FakeMessagesApi> {
  fake = await startFakeMessagesApi({ scenario: defineScenario(scenario) });
  return fake;
}

function client(api: FakeMessagesApi, maxRetries = 0): Anthropic {
  return new Anthropic({ apiKey: 'test', baseURL: api.url, maxRetries });
}

function ask(text: string): MessageParam[] {
  return [{ role: 'user', content: text }];
}

describe('wire format', () => {
  test('listens on 127.0.0.1 with an OS-chosen port', async () => {
    const api = await start({ name: 'empty', turns: [] });
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(api.url).port)).toBeGreaterThan(0);
  });

  test('non-streaming: thinking, text and tool_use blocks, stop_reason, usage, ids', async () => {
    const api = await start({ name: 'rich', turns: [RICH_TURN, { content: 'Done.' }] });
    const anthropic = client(api);
    const first = await anthropic.messages.create({
      model: MODEL,
      max_tokens: 1024,
      messages: ask('Read it'),
    });
    expect(first.id).toBe('msg_01FAKE000000000000000001');
    expect(first.type).toBe('message');
    expect(first.role).toBe('assistant');
    expect(first.model).toBe(MODEL);
    expect(first.stop_reason).toBe('tool_use');
    expect(first.content.map((b) => b.type)).toEqual(['thinking', 'text', 'tool_use']);
    const toolUse = first.content[2];
    expect(toolUse).toEqual({
      type: 'tool_use',
      id: 'toolu_01FAKE000000000000000001',
      name: 'read',
      input: { file_path: 'src/index.ts', limit: 200 },
    });
    const thinking = first.content[0];
    expect(thinking?.type === 'thinking' && thinking.signature.length).toBeGreaterThan(0);
    // 'Read it' is 7 bytes → ceil(7/4) = 2 tokens; no cache_control → no cache counters.
    expect(first.usage).toMatchObject({
      input_tokens: 2,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    });
    expect(first.usage.output_tokens).toBeGreaterThan(10);
    expect(first._request_id).toBe(api.requests[0]?.requestId);

    const second = await anthropic.messages.create({
      model: MODEL,
      max_tokens: 1024,
      messages: ask('Go on'),
    });
    expect(second.stop_reason).toBe('end_turn');
    expect(second.content).toEqual([{ type: 'text', text: 'Done.', citations: null }]);
    expect(api.remainingTurns()).toBe(0);
    api.assertDone();
  });

  test('streaming: the SDK accumulates the same message from SSE events', async () => {
    const api = await start({ name: 'rich-stream', turns: [RICH_TURN, RICH_TURN] });
    const anthropic = client(api);
    const plain = await anthropic.messages.create({
      model: MODEL,
      max_tokens: 1024,
      messages: ask('Read it'),
    });
    const streamed = await anthropic.messages
      .stream({ model: MODEL, max_tokens: 1024, messages: ask('Read it') })
      .finalMessage();
    expect(streamed.stop_reason).toBe('tool_use');
    expect(streamed.content.map((b) => b.type)).toEqual(['thinking', 'text', 'tool_use']);
    expect(streamed.content[1]).toEqual(plain.content[1]);
    expect(streamed.content[2]).toMatchObject({
      name: 'read',
      input: { file_path: 'src/index.ts', limit: 200 },
    });
    expect(streamed.usage.input_tokens).toBe(plain.usage.input_tokens);
    expect(streamed.usage.output_tokens).toBe(plain.usage.output_tokens);
    expect(api.requests[1]?.headers['content-type']).toContain('application/json');
    expect(api.requests[1]?.stream).toBe(true);
  });

  test('streaming: event order, ping, input_json_delta chunks, thinking and signature deltas', async () => {
    const api = await start({ name: 'raw', turns: [RICH_TURN] });
    const stream = await client(api).messages.create({
      model: MODEL,
      max_tokens: 1024,
      messages: ask('Read it'),
      stream: true,
    });
    const events: RawMessageStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('message_start');
    expect(types[1]).toBe('content_block_start');
    expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
    const deltas = events.flatMap((e) => (e.type === 'content_block_delta' ? [e.delta] : []));
    const partials = deltas.flatMap((d) => (d.type === 'input_json_delta' ? [d.partial_json] : []));
    expect(partials.length).toBeGreaterThan(2);
    expect(partials[0]).toBe('');
    expect(JSON.parse(partials.join(''))).toEqual({ file_path: 'src/index.ts', limit: 200 });
    expect(deltas.filter((d) => d.type === 'thinking_delta').length).toBeGreaterThan(1);
    expect(deltas.filter((d) => d.type === 'signature_delta')).toHaveLength(1);
    const start0 = events[0];
    expect(start0?.type === 'message_start' && start0.message.stop_reason).toBe(null);
    const delta = events.at(-2);
    expect(delta?.type === 'message_delta' && delta.delta.stop_reason).toBe('tool_use');
  });

  test('beta client, explicit stop_reason, usage override and response model', async () => {
    const api = await start({
      name: 'beta',
      model: 'claude-opus-5',
      turns: [
        {
          content: 'Truncated answ',
          stop_reason: 'max_tokens',
          usage: { output_tokens: 7, input_tokens: 99 },
        },
      ],
    });
    const message = await client(api).beta.messages.create({
      model: MODEL,
      max_tokens: 5,
      messages: ask('Hi'),
    });
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.usage.output_tokens).toBe(7);
    expect(message.usage.input_tokens).toBe(99);
    expect(message.model).toBe('claude-opus-5');
    expect(api.requests[0]).toMatchObject({ path: '/v1/messages', outcome: 'answered' });
  });

  test('records method, path, headers, body, turn and outcome', async () => {
    const api = await start({ name: 'record', turns: [{ content: 'ok' }] });
    await client(api).messages.create({ model: MODEL, max_tokens: 10, messages: ask('Hi') });
    expect(api.requestCount).toBe(1);
    const [record] = api.requests;
    expect(record).toMatchObject({
      seq: 1,
      method: 'POST',
      path: '/v1/messages',
      turn: 0,
      outcome: 'answered',
      status: 200,
      stream: false,
      messageId: 'msg_01FAKE000000000000000001',
      body: { model: MODEL, max_tokens: 10 },
    });
    // SDK v1.11 sends the key as a bearer token and a dated anthropic-version.
    expect(record?.headers.authorization).toBe('Bearer test');
    expect(record?.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(record?.headers['x-stainless-retry-count']).toBe('0');
  });

  test('ids restart after reset, and load() swaps the script', async () => {
    const api = await start({ name: 'a', turns: [{ content: 'one' }] });
    const anthropic = client(api);
    expect((await anthropic.messages.create({ model: MODEL, max_tokens: 9, messages: ask('x') })).id).toBe(
      'msg_01FAKE000000000000000001',
    );
    api.load(defineScenario({ name: 'b', turns: [{ content: 'two' }] }));
    const two = await anthropic.messages.create({ model: MODEL, max_tokens: 9, messages: ask('x') });
    expect(two.content).toEqual([{ type: 'text', text: 'two', citations: null }]);
    expect(two.id).toBe('msg_01FAKE000000000000000002');
    api.reset();
    expect(api.requestCount).toBe(0);
    expect((await anthropic.messages.create({ model: MODEL, max_tokens: 9, messages: ask('x') })).id).toBe(
      'msg_01FAKE000000000000000001',
    );
  });
});

describe('scenario script', () => {
  test('a matching expectation lets the turn through', async () => {
    const api = await start({
      name: 'expect-ok',
      turns: [
        {
          expect: {
            model: MODEL,
            system_contains: ['careful', 'reviewer'],
            last_user_text_contains: 'review',
            tools_include: ['bash', 'read'],
            tools_exclude: ['web_fetch'],
            max_tokens_at_least: 1000,
            message_count: 1,
            stream: false,
          },
          content: 'Looks good.',
        },
      ],
    });
    const message = await client(api).messages.create({
      model: MODEL,
      max_tokens: 2048,
      system: [{ type: 'text', text: 'You are a careful code reviewer.' }],
      tools: TOOLS,
      messages: ask('Please review this PR.'),
    });
    expect(message.content[0]).toMatchObject({ text: 'Looks good.' });
    api.assertNoMismatches();
  });

  test('a mismatch answers 400 with a readable diff, is recorded, and keeps the turn', async () => {
    const api = await start({
      name: 'expect-bad',
      turns: [
        {
          expect: { last_tool_result_contains: 'PASS', tools_include: ['bash', 'grep'], message_count: 3 },
          content: 'ok',
        },
      ],
    });
    const messages: MessageParam[] = [
      { role: 'user', content: 'run it' },
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 'toolu_x', name: 'bash', input: { command: 'npm test' } }],
      },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 'toolu_x', content: 'FAIL src/a.test.ts' }],
      },
    ];
    const error = await client(api)
      .messages.create({ model: MODEL, max_tokens: 100, tools: TOOLS.slice(0, 2), messages })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    const apiError = error as InstanceType<typeof Anthropic.BadRequestError>;
    expect(apiError.status).toBe(400);
    expect(apiError.type).toBe('invalid_request_error');
    const text = apiError.apiMessage ?? '';
    expect(text).toContain("scenario 'expect-bad' turn 1 (index 0): request does not match expectation");
    expect(text).toContain(
      'last_tool_result_contains:\n    expected to contain: ["PASS"]\n    actual:              "FAIL src/a.test.ts"',
    );
    expect(text).toContain('tools_include:\n    missing: ["grep"]');
    expect(text).not.toContain('message_count');
    expect(api.mismatches).toHaveLength(1);
    expect(api.mismatches[0]).toMatchObject({ seq: 1, kind: 'expectation', turn: 0 });
    expect(api.requests[0]).toMatchObject({ outcome: 'mismatch', status: 400 });
    expect(() => api.assertNoMismatches()).toThrow(/request #1 \(expectation\)[\s\S]*missing: \["grep"\]/);
    expect(api.remainingTurns()).toBe(1);
  });

  test('an exhausted script answers a clear 500 at once, without SDK retries', async () => {
    const api = await start({ name: 'short', turns: [{ content: 'only turn' }] });
    const anthropic = client(api, 2);
    await anthropic.messages.create({ model: MODEL, max_tokens: 10, messages: ask('1') });
    const began = Date.now();
    const error = await anthropic.messages
      .create({ model: MODEL, max_tokens: 10, messages: ask('2') })
      .catch((e) => e);
    expect(Date.now() - began).toBeLessThan(400);
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect((error as APIError).apiMessage).toBe("scenario 'short' exhausted after 1 turns");
    expect(api.requestCount).toBe(2);
    expect(api.mismatches[0]?.kind).toBe('exhausted');
  });

  test('the API validation catches a tool_use left without tool_result', async () => {
    const api = await start({ name: 'pairing', turns: [{ content: 'x' }] });
    const error = await client(api)
      .messages.create({
        model: MODEL,
        max_tokens: 10,
        messages: [
          { role: 'user', content: 'go' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_a', name: 'bash', input: {} }] },
          { role: 'user', content: 'what happened?' },
        ],
      })
      .catch((e) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as APIError).apiMessage).toContain(
      'messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_a',
    );
    expect(api.mismatches[0]?.kind).toBe('invalid_request');
    expect(api.remainingTurns()).toBe(1);
  });

  test('a missing API key gets 401 like the real API', async () => {
    const api = await start({ name: 'auth', turns: [{ content: 'x' }] });
    const response = await fetch(`${api.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, max_tokens: 1, messages: ask('x') }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      type: 'error',
      error: { type: 'authentication_error', message: 'x-api-key header is required' },
      request_id: 'req_01FAKE000000000000000001',
    });
    expect(response.headers.get('request-id')).toBe('req_01FAKE000000000000000001');
  });

  test('turn functions see the request; repeatTurns builds long sessions', async () => {
    const api = await start({
      name: 'generated',
      turns: repeatTurns(3, (i) => (request) => ({
        content: `turn ${i} saw ${(request.body.messages as unknown[]).length} message(s), attempt ${request.attempt}`,
      })),
    });
    const anthropic = client(api);
    const answers: string[] = [];
    const messages: MessageParam[] = ask('start');
    for (let i = 0; i < 3; i++) {
      const message = await anthropic.messages.create({ model: MODEL, max_tokens: 50, messages });
      const block = message.content[0];
      answers.push(block?.type === 'text' ? block.text : '');
      messages.push({ role: 'assistant', content: message.content }, { role: 'user', content: 'more' });
    }
    expect(answers).toEqual([
      'turn 0 saw 1 message(s), attempt 0',
      'turn 1 saw 3 message(s), attempt 0',
      'turn 2 saw 5 message(s), attempt 0',
    ]);
  });

  test('a 50-turn tool loop plays to the end through the SDK', async () => {
    fake = await startFakeMessagesApi({ scenario: toolLoopScenario({ turns: 50 }) });
    const anthropic = client(fake);
    const messages: MessageParam[] = ask('do 49 steps');
    let stop: string | null = null;
    for (let i = 0; i < 60 && stop !== 'end_turn'; i++) {
      const message = await anthropic.messages
        .stream({ model: MODEL, max_tokens: 100, messages })
        .finalMessage();
      stop = message.stop_reason;
      messages.push({ role: 'assistant', content: message.content });
      const results = message.content.flatMap((b) =>
        b.type === 'tool_use'
          ? [{ type: 'tool_result' as const, tool_use_id: b.id, content: `ran ${b.id}` }]
          : [],
      );
      if (results.length > 0) messages.push({ role: 'user', content: results });
    }
    expect(stop).toBe('end_turn');
    expect(fake.turnsServed()).toBe(50);
    fake.assertDone();
  });

  test('the YAML fixture loads and plays with the toolset tools', async () => {
    const scenario = await loadScenarioFile(FIXTURE);
    expect(scenario.name).toBe('read-and-answer');
    fake = await startFakeMessagesApi({ scenario });
    const anthropic = new Anthropic({ apiKey: 'test', baseURL: fake.url, maxRetries: 1 });
    const messages: MessageParam[] = ask('Make add handle negative numbers.');
    const toolOutput: Record<string, string> = {
      read: '1\texport function add(a: number, b: number) {\n2\t  return a + b;\n3\t}',
      bash: 'Tests: 4 passed, 4 total',
    };
    let final = '';
    for (let i = 0; i < 5; i++) {
      const message = await anthropic.messages
        .stream({ model: MODEL, max_tokens: 4096, tools: TOOLS, messages })
        .finalMessage();
      messages.push({ role: 'assistant', content: message.content });
      const uses = message.content.flatMap((b) => (b.type === 'tool_use' ? [b] : []));
      if (uses.length === 0) {
        final = message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
        break;
      }
      messages.push({
        role: 'user',
        content: uses.map((u) => ({
          type: 'tool_result' as const,
          tool_use_id: u.id,
          content: toolOutput[u.name] ?? '',
        })),
      });
    }
    expect(final).toContain('all tests passed');
    expect(fake.requests.map((r) => r.outcome)).toEqual(['answered', 'fault', 'answered', 'answered']);
    fake.assertDone();
  });

  test('invalid scenarios are refused with the offending path', async () => {
    expect(() =>
      parseScenario({ name: 'bad', turns: [{ content: [{ type: 'tool_use', input: {} }] }] }),
    ).toThrow(/turns\.0\.content\.0\.name/);
    expect(() =>
      parseScenario({ name: 'bad', turns: [{ content: 'x', faults: [{ kind: 'explode' }] }] }),
    ).toThrow(ScenarioFormatError);
    expect(() =>
      parseScenario({ name: 'bad', turns: [{ content: 'x', expect: { tool_include: [] } }] }),
    ).toThrow(/tool_include/);
  });
});

describe('count_tokens', () => {
  test('returns input_tokens by the documented rule, without consuming a turn', async () => {
    const api = await start({ name: 'count', turns: [{ content: 'x' }] });
    const params = {
      model: MODEL,
      system: 'abcdefgh', // 8 bytes → 2 tokens
      tools: TOOLS.slice(0, 1),
      messages: [{ role: 'user' as const, content: 'x'.repeat(400) }], // 400 bytes → 100 tokens
    };
    const counted = await client(api).messages.countTokens(params);
    const toolTokens = Math.ceil(
      JSON.stringify({
        description: 'The bash tool.',
        input_schema: { properties: {}, type: 'object' },
        name: 'bash',
      }).length / 4,
    );
    expect(counted).toMatchObject({ input_tokens: 2 + 100 + toolTokens });
    expect(counted.input_tokens).toBe(countInputTokens(params));
    const beta = await client(api).beta.messages.countTokens(params);
    expect(beta.input_tokens).toBe(counted.input_tokens);
    expect(api.remainingTurns()).toBe(1);
    expect(api.requests.map((r) => r.outcome)).toEqual(['counted', 'counted']);
  });
});
