import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEventLog } from '../../../src/events/log.ts';
import { createModelClient } from '../../../src/model/client.ts';
import { composeSession } from '../../../src/session/compose.ts';
import { runSession } from '../../../src/session/run.ts';
import { parseSpec } from '../../../src/spec/index.ts';
import { toolEnvironment } from '../../../src/tools/env.ts';
import { defineScenario, type FakeMessagesApi, startFakeMessagesApi } from '../../fakes/messages/index.ts';

let fake: FakeMessagesApi;
beforeAll(async () => {
  fake = await startFakeMessagesApi();
});
afterAll(async () => {
  await fake.close();
});

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'steward-ws-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'math.ts'), 'export function add(a: number, b: number) { return a + b; }\n');
  return dir;
}

async function run(scenario: Parameters<typeof defineScenario>[0], specYaml = 'name: t\n') {
  fake.load(defineScenario(scenario));
  const ws = workspace();
  const home = mkdtempSync(join(tmpdir(), 'steward-home-'));
  const options = composeSession(parseSpec(specYaml, 't.yml'), {
    prompt: 'Check add()',
    workspace: ws,
    outDir: join(ws, '..', `${ws.split('/').pop()}-out`),
    toolEnv: toolEnvironment({ parent: { PATH: process.env.PATH, SECRET_TOKEN: 'x' }, home }),
    model: createModelClient({ apiKey: 'test-key', baseURL: fake.url, maxRetries: 1 }),
    nonce: 'n0nce',
  });
  // The session's own retry with tiny delays (its default waits seconds between retries).
  const result = await runSession({ ...options, retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 } });
  return { result, events: readEventLog(result.event_log).events, ws };
}

describe('runSession against the fake Messages API', () => {
  it('runs tools in parallel, pairs results by id, and ends with end_turn', async () => {
    const { result, events } = await run({
      name: 'parallel',
      turns: [
        {
          content: [
            { type: 'tool_use', name: 'read', input: { file_path: 'src/math.ts' } },
            {
              type: 'tool_use',
              name: 'bash',
              input: { command: 'echo "passed; HOME=$HOME; SECRET=[$SECRET_TOKEN]"' },
            },
          ],
        },
        { expect: { last_tool_result_contains: 'SECRET=[]' }, content: 'All good.' },
      ],
    });
    fake.assertNoMismatches();
    expect(result.state).toBe('completed');
    expect(result.result).toBe('All good.');
    expect(result.turns).toBe(2);
    expect(events[0]?.type).toBe('user.message');
    expect(events.at(-1)).toMatchObject({ type: 'session.status_idle', stop_reason: { type: 'end_turn' } });
    const uses = events.filter((e) => e.type === 'agent.tool_use');
    const results = events.filter((e) => e.type === 'agent.tool_result');
    expect(uses.map((u) => u.id).sort()).toEqual(
      results.map((r) => (r as { tool_use_id: string }).tool_use_id).sort(),
    );
    const read = results.find((r) => (r as { tool_use_id: string }).tool_use_id === uses[0]?.id);
    expect(JSON.stringify(read)).toContain('export function add');
    const ends = events.filter((e) => e.type === 'span.model_request_end');
    expect(ends).toHaveLength(2);
    expect(result.usage.input_tokens + result.usage.cache_read_input_tokens).toBeGreaterThan(0);
    expect(result.usage.cost_usd).toBeGreaterThan(0);
  });

  it('returns a failing command to the model as an is_error tool result', async () => {
    const { events } = await run({
      name: 'failing command',
      turns: [
        {
          content: [{ type: 'tool_use', name: 'bash', input: { command: "sh -c 'echo boom >&2; exit 3'" } }],
        },
        {
          expect: { last_tool_result_is_error: true, last_tool_result_contains: 'boom' },
          content: 'It failed.',
        },
      ],
    });
    fake.assertNoMismatches();
    const result = events.find((e) => e.type === 'agent.tool_result');
    expect(result).toMatchObject({ is_error: true });
  });

  it('stops at max_turns with budget_reached', async () => {
    const turn = { content: [{ type: 'tool_use' as const, name: 'glob', input: { pattern: '**/*.ts' } }] };
    const { result, events } = await run(
      { name: 'endless', turns: [turn, turn, turn, turn] },
      'name: t\nlimits: { max_turns: 2 }\n',
    );
    expect(result.state).toBe('budget_reached');
    expect(result.limit).toBe('turns');
    expect(result.turns).toBe(2);
    expect(events.at(-1)).toMatchObject({ stop_reason: { type: 'budget_reached' } });
  });

  it('ends in error with the API message when the model keeps failing', async () => {
    const fail = { kind: 'http' as const, status: 500, retry_after_ms: 1 };
    const { result, events } = await run({
      name: 'down',
      // Two attempts of the SDK (maxRetries 1) for each of the three attempts of the session.
      turns: [{ faults: [fail, fail, fail, fail, fail, fail], content: 'never' }],
    });
    expect(result.state).toBe('error');
    expect(result.error?.message).toContain('500');
    expect(events.some((e) => e.type === 'session.error')).toBe(true);
    expect(events.at(-1)).toMatchObject({
      type: 'session.status_idle',
      stop_reason: { type: 'retries_exhausted' },
    });
  });
});
