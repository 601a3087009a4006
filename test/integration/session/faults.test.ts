/**
 * Fault-injection matrix: every fault kind of the fake Messages API, at the first model turn and in
 * mid-session, ends the session in its documented state with its documented events, and no tool
 * call ever runs twice (each bash call appends one line to `ran.log`).
 *
 * The SDK client retries once (`maxRetries: 1`) and the session retries twice more (tiny delays).
 *
 * | fault                          | who recovers          | end state                     | events                                                        |
 * | ------------------------------ | --------------------- | ----------------------------- | ------------------------------------------------------------- |
 * | http 429 / 529 / 500, reset    | the SDK (one retry)   | completed                     | no `session.error`                                            |
 * | delay 50 ms                    | nothing to recover    | completed                     | no `session.error`                                            |
 * | delay past the client timeout  | the SDK (timeout)     | completed                     | no `session.error`                                            |
 * | cut (before or inside tool_use), sse_error | the session | completed                   | `session.error` retrying → `status_rescheduled` → `status_running` |
 * | http 400, http 401             | nobody (terminal)     | error, with what to change    | `session.error` terminal → `session.status_terminated`        |
 * | 529 ×6, cut ×3 (persistent)    | retries run out       | error, `retries_exhausted`    | `session.error` retrying ×2 → exhausted → `status_idle`       |
 */
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createModelClient } from '../../../src/model/client.ts';
import { type FakeMessagesApi, startFakeMessagesApi } from '../../fakes/messages/index.ts';
import type { Fault, Scenario, TurnSpec } from '../../fakes/messages/types.ts';
import { lines, ofType, runScenario } from './harness.ts';

let fake: FakeMessagesApi;
beforeAll(async () => {
  fake = await startFakeMessagesApi();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

/** Two bash steps and an answer; `faults` go on turn `at`. */
function scenario(at: number, faults: Fault[]): Scenario {
  const step = (i: number) => ({
    content: [
      { type: 'text' as const, text: `Step ${i}.` },
      { type: 'tool_use' as const, name: 'bash', input: { command: `echo step${i} >> ran.log` } },
    ],
  });
  const turns: TurnSpec[] = [step(0), step(1), { content: 'Both steps ran.' }];
  const target = turns[at];
  if (target) turns[at] = { ...target, faults };
  return { name: `faults at ${at}`, turns };
}

type Expected = 'completed' | 'retried' | 'terminal' | 'exhausted';

const fast = { retry_after_ms: 1 };
const CASES: Array<[string, Fault[], Expected]> = [
  ['http 429', [{ kind: 'http', status: 429, ...fast }], 'completed'],
  ['http 529', [{ kind: 'http', status: 529, ...fast }], 'completed'],
  ['http 500', [{ kind: 'http', status: 500, ...fast }], 'completed'],
  ['reset', [{ kind: 'reset' }], 'completed'],
  ['delay', [{ kind: 'delay', ms: 50 }], 'completed'],
  ['cut before any content', [{ kind: 'cut', after_events: 1 }], 'retried'],
  ['cut inside a tool_use', [{ kind: 'cut', after_events: 6 }], 'retried'],
  ['sse_error', [{ kind: 'sse_error', after_events: 2 }], 'retried'],
  ['http 400', [{ kind: 'http', status: 400 }], 'terminal'],
  ['http 401', [{ kind: 'http', status: 401 }], 'terminal'],
  [
    'persistent 529',
    Array.from({ length: 6 }, () => ({ kind: 'http' as const, status: 529, ...fast })),
    'exhausted',
  ],
  [
    'persistent cut',
    Array.from({ length: 3 }, () => ({ kind: 'cut' as const, after_events: 3 })),
    'exhausted',
  ],
];

describe.each([
  ['the first turn', 0],
  ['mid-session', 1],
])('a fault at %s', (_where, at) => {
  it.each(CASES)('%s', async (_name, faults, expected) => {
    const { result, events, ws } = await runScenario(fake, scenario(at, faults));
    const ran = lines(join(ws, 'ran.log'));
    const errors = ofType(events, 'session.error');
    const last = events.at(-1);

    // No tool call runs twice, whatever happened.
    expect(new Set(ran).size).toBe(ran.length);
    // Every model request attempt is closed by its span.
    expect(ofType(events, 'span.model_request_start')).toHaveLength(
      ofType(events, 'span.model_request_end').length,
    );

    if (expected === 'completed' || expected === 'retried') {
      fake.assertDone();
      expect(result.state).toBe('completed');
      expect(result.result).toBe('Both steps ran.');
      expect(ran).toEqual(['step0', 'step1']);
      expect(last).toMatchObject({ type: 'session.status_idle', stop_reason: { type: 'end_turn' } });
    }
    if (expected === 'completed') expect(errors).toEqual([]);
    if (expected === 'retried') {
      expect(errors.map((e) => (e.error as { retry_status: { type: string } }).retry_status.type)).toEqual([
        'retrying',
      ]);
      const types = events.map((e) => e.type);
      const i = types.indexOf('session.error');
      expect(types.slice(i, i + 3)).toEqual([
        'session.error',
        'session.status_rescheduled',
        'session.status_running',
      ]);
      // The cut response was never recorded: exactly one tool_use per step.
      expect(ofType(events, 'agent.tool_use')).toHaveLength(2);
    }
    if (expected === 'terminal') {
      expect(result.state).toBe('error');
      expect(result.stop_reason).toBeNull();
      expect(result.error?.hint).toBeTruthy();
      expect(errors).toHaveLength(1);
      expect(errors[0]?.error).toMatchObject({ retry_status: { type: 'terminal' } });
      expect(last?.type).toBe('session.status_terminated');
      expect(ran).toEqual(at === 0 ? [] : ['step0']);
      if (faults[0]?.kind === 'http' && faults[0].status === 401)
        expect(result.error?.hint).toContain('API key');
    }
    if (expected === 'exhausted') {
      expect(result.state).toBe('error');
      expect(result.stop_reason).toEqual({ type: 'retries_exhausted' });
      expect(errors.map((e) => (e.error as { retry_status: { type: string } }).retry_status.type)).toEqual([
        'retrying',
        'retrying',
        'exhausted',
      ]);
      expect(ofType(events, 'session.status_rescheduled')).toHaveLength(2);
      expect(last).toMatchObject({ type: 'session.status_idle', stop_reason: { type: 'retries_exhausted' } });
      expect(ran).toEqual(at === 0 ? [] : ['step0']);
    }
  });
});

it('rides out a response slower than the client timeout (the SDK retries it)', async () => {
  const { result, events, ws } = await runScenario(fake, scenario(1, [{ kind: 'delay', ms: 5000 }]), {
    model: createModelClient({
      apiKey: 'test-key',
      baseURL: fake.url,
      maxRetries: 1,
      timeoutMs: 1000,
    }),
  });
  expect(result.state).toBe('completed');
  expect(ofType(events, 'session.error')).toEqual([]);
  expect(lines(join(ws, 'ran.log'))).toEqual(['step0', 'step1']);
  // The delayed attempt was given up by the client and the turn was answered to its retry.
  expect(fake.requests.filter((r) => r.turn === 1).map((r) => r.fault?.kind ?? 'answered')).toEqual([
    'delay',
    'answered',
  ]);
});
