import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { priceOf } from '../../../src/model/pricing.ts';
import { renderResultComment } from '../../../src/report/markdown.ts';
import { type FakeMessagesApi, repeatTurns, startFakeMessagesApi } from '../../fakes/messages/index.ts';
import type { Scenario } from '../../fakes/messages/types.ts';
import { LIMITS, lines, ofType, runScenario } from './harness.ts';

let fake: FakeMessagesApi;
beforeAll(async () => {
  fake = await startFakeMessagesApi();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

/** `n` turns, each running one bash step (with `output` forced output tokens when given). */
function steps(n: number, output?: number): Scenario {
  return {
    name: `steps-${n}`,
    turns: repeatTurns(n, (i) => ({
      content: [
        { type: 'text' as const, text: `Step ${i}.` },
        { type: 'tool_use' as const, name: 'bash', input: { command: `echo step${i} >> ran.log` } },
      ],
      ...(output ? { usage: { output_tokens: output } } : {}),
    })),
  };
}

const total = (u: {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
}) => u.input_tokens + u.output_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens;

describe('budgets', () => {
  it('stops at max_turns before the next request and names the limit', async () => {
    const { result, events } = await runScenario(fake, steps(5), { limits: { ...LIMITS, maxTurns: 2 } });
    expect(result.state).toBe('budget_reached');
    expect(result.limit).toBe('turns');
    expect(result.turns).toBe(2);
    expect(fake.turnsServed()).toBe(2);
    expect(events.at(-1)).toMatchObject({
      type: 'session.status_idle',
      stop_reason: { type: 'budget_reached' },
    });
    expect(renderResultComment(result)).toContain('Stopped at the **turns** limit');
  });

  it('stops before the token budget would be passed', async () => {
    const maxTokens = 25_000;
    const { result } = await runScenario(fake, steps(30), { limits: { ...LIMITS, maxTokens } });
    expect(result.state).toBe('budget_reached');
    expect(result.limit).toBe('tokens');
    expect(total(result.usage)).toBeLessThanOrEqual(maxTokens);
    expect(result.turns).toBeGreaterThan(2);
    // The last request asked for less than max_tokens, to stay within the budget.
    const sent = fake.requests
      .filter((r) => r.outcome === 'answered')
      .map((r) => (r.body as { max_tokens: number }).max_tokens);
    expect(sent.at(-1)).toBeLessThan(4096);
  });

  it.each([0.02, 0.05, 0.1, 0.25])(
    'never passes a cost cap of $%s by more than one response',
    async (cap) => {
      const { result } = await runScenario(fake, steps(60, 1000), { limits: { ...LIMITS, maxCostUsd: cap } });
      const oneResponse = (4096 * priceOf('claude-sonnet-5-5').price.output) / 1_000_000;
      expect(result.state).toBe('budget_reached');
      expect(result.limit).toBe('cost');
      expect(result.usage.cost_usd).toBeLessThanOrEqual(cap + oneResponse);
      // The estimate is a worst case, so in fact the cap itself holds.
      expect(result.usage.cost_usd).toBeLessThanOrEqual(cap);
      expect(renderResultComment(result)).toContain('Stopped at the **cost** limit');
    },
  );

  it('stops a tool call that runs past the time limit, and makes no further request', async () => {
    const { result, events, ws } = await runScenario(
      fake,
      {
        name: 'slow tool',
        turns: [
          {
            content: [
              { type: 'tool_use', name: 'bash', input: { command: 'sleep 30; echo late >> ran.log' } },
            ],
          },
          { content: 'never reached' },
        ],
      },
      { limits: { ...LIMITS, timeoutMs: 1500 } },
    );
    expect(result.state).toBe('budget_reached');
    expect(result.limit).toBe('time');
    expect(fake.turnsServed()).toBe(1);
    const toolResult = ofType(events, 'agent.tool_result')[0];
    expect(toolResult).toMatchObject({ is_error: true });
    expect(JSON.stringify(toolResult?.content)).toContain('time limit');
    expect(lines(join(ws, 'ran.log'))).toEqual([]);
    expect(renderResultComment(result)).toContain('Stopped at the **time** limit');
  });

  it('aborts a model request that runs past the time limit', async () => {
    const { result, events } = await runScenario(
      fake,
      { name: 'slow model', turns: [{ faults: [{ kind: 'delay', ms: 60_000 }], content: 'too late' }] },
      { limits: { ...LIMITS, timeoutMs: 800 } },
    );
    expect(result.state).toBe('budget_reached');
    expect(result.limit).toBe('time');
    expect(ofType(events, 'session.error')).toEqual([]);
  });

  it('warns the model at 80 % and 95 % of a budget, once each, in the next user turn', async () => {
    const scenario = steps(10);
    scenario.turns[8] = {
      ...(scenario.turns[8] as object),
      expect: { last_user_text_contains: "80% of this session's turns budget" },
    } as Scenario['turns'][number];
    const { result, events } = await runScenario(fake, scenario, { limits: { ...LIMITS, maxTurns: 10 } });
    fake.assertNoMismatches();
    expect(result.limit).toBe('turns');
    const notes = ofType(events, 'system.message').map((e) => JSON.stringify(e.content));
    expect(notes).toHaveLength(2);
    expect(notes[0]).toContain('80%');
    expect(notes[1]).toContain('100%');
    expect(notes[1]).toContain('give your final answer now');
  });
});
