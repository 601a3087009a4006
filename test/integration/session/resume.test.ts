import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readEventLog } from '../../../src/events/log.ts';
import { replayEvents } from '../../../src/events/replay.ts';
import type { SessionEvent } from '../../../src/events/types.ts';
import { ConfirmationError } from '../../../src/session/permissions.ts';
import { INTERRUPTED_TEXT } from '../../../src/session/resume.ts';
import { ResumeError } from '../../../src/session/run.ts';
import { type FakeMessagesApi, startFakeMessagesApi } from '../../fakes/messages/index.ts';
import type { Scenario } from '../../fakes/messages/types.ts';
import { LIMITS, lines, ofType, runScenario, withoutCacheControl } from './harness.ts';

let fake: FakeMessagesApi;
beforeAll(async () => {
  fake = await startFakeMessagesApi();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

const bash = (command: string, id?: string) => ({
  type: 'tool_use' as const,
  name: 'bash',
  input: { command },
  ...(id ? { id } : {}),
});
const answered = () => fake.requests.filter((r) => r.outcome === 'answered');

describe('the conversation rebuilt from the log', () => {
  it('equals the one the session sent, block for block', async () => {
    const scenario: Scenario = {
      name: 'rich',
      turns: [
        {
          content: [
            { type: 'thinking', thinking: 'Look first.' },
            { type: 'text', text: 'Reading and testing.' },
            { type: 'tool_use', name: 'read', input: { file_path: 'src/math.js' } },
            { type: 'text', text: 'And in parallel:' },
            bash('echo ok; false'),
          ],
        },
        { content: [{ type: 'redacted_thinking', data: 'opaque' }, bash('echo two >> ran.log')] },
        { content: 'Partial answer', stop_reason: 'max_tokens' },
        { content: ' completed.' },
      ],
    };
    const { result, events } = await runScenario(fake, scenario, { limits: { ...LIMITS, maxTurns: 5 } });
    fake.assertDone();
    expect(result.state).toBe('completed');
    const replayed = replayEvents(events);
    const last = answered().at(-1)?.body as { messages: unknown[] };
    // Everything the last request sent, then the final answer.
    expect(replayed.messages.slice(0, -1)).toEqual(withoutCacheControl(last.messages));
    expect(replayed.messages.at(-1)).toEqual({
      role: 'assistant',
      content: [{ type: 'text', text: ' completed.' }],
    });
    // Harness notes (here: the request to continue after max_tokens) are part of it too.
    expect(JSON.stringify(last.messages)).toContain('cut off by the output token limit');
    expect(replayed.turns).toBe(4);
    expect(replayed.unanswered).toEqual([]);
  });
});

describe('resume', () => {
  it('reports a tool call cut off by a crash as interrupted, and never re-runs it', async () => {
    const first = await runScenario(fake, {
      name: 'crashing',
      turns: [{ content: [bash('echo once >> ran.log', 'toolu_crash')] }, { content: 'Done.' }],
    });
    // The log as a SIGKILL during the tool call leaves it: up to agent.tool_use, and a torn line.
    const cut = first.events.findIndex((e) => e.type === 'agent.tool_use');
    const log = join(mkdtempSync(join(tmpdir(), 'steward-crash-')), 'events.jsonl');
    writeFileSync(
      log,
      first.events
        .slice(0, cut + 1)
        .map((e) => `${JSON.stringify(e)}\n`)
        .join(''),
    );
    appendFileSync(log, '{"type":"agent.tool_res');
    const history = readEventLog(log);
    expect(history.tornTail).toBe(true);

    const resumed = await runScenario(
      fake,
      {
        name: 'after crash',
        turns: [
          {
            expect: {
              message_count: 3,
              last_tool_result_is_error: true,
              last_tool_result_contains: ['interrupted', 'not re-run'],
            },
            content: 'The step may have run; I checked and it did.',
          },
        ],
      },
      { ws: first.ws, outDir: join(log, '..'), prompt: '', resume: { events: history.events } },
    );
    fake.assertDone();
    expect(resumed.result.state).toBe('completed');
    expect(lines(join(first.ws, 'ran.log'))).toEqual(['once']);
    // The log was continued: the torn line is gone, the history is kept, the new events follow.
    const all = readEventLog(log);
    expect(all.tornTail).toBe(false);
    expect(all.events.slice(0, cut + 1)).toEqual(history.events);
    expect(ofType(all.events, 'agent.tool_result')[0]).toMatchObject({
      tool_use_id: 'toolu_crash',
      is_error: true,
      content: [{ type: 'text', text: INTERRUPTED_TEXT }],
    });
    // Usage and turns carry over.
    expect(resumed.result.turns).toBe(2);
  });

  it('stops for approval of an always_ask tool, then runs it when allowed', async () => {
    const first = await runScenario(
      fake,
      {
        name: 'ask',
        turns: [
          {
            content: [
              { type: 'tool_use', name: 'read', input: { file_path: 'src/math.js' }, id: 'toolu_read' },
              bash('echo approved >> ran.log', 'toolu_ask'),
            ],
          },
        ],
      },
      { ask: ['bash'] },
    );
    expect(first.result.state).toBe('requires_action');
    expect(first.result.stop_reason).toEqual({ type: 'requires_action', event_ids: ['toolu_ask'] });
    expect(ofType(first.events, 'agent.tool_use').map((e) => [e.id, e.evaluated_permission])).toEqual([
      ['toolu_read', 'allow'],
      ['toolu_ask', 'ask'],
    ]);
    expect(ofType(first.events, 'agent.tool_result').map((e) => e.tool_use_id)).toEqual(['toolu_read']);
    expect(lines(join(first.ws, 'ran.log'))).toEqual([]);

    const resumed = await runScenario(
      fake,
      {
        name: 'allowed',
        turns: [{ expect: { message_count: 3, last_tool_result_is_error: false }, content: 'Ran it.' }],
      },
      {
        ws: first.ws,
        ask: ['bash'],
        outDir: first.out,
        prompt: '',
        resume: { events: first.events, confirmations: [{ tool_use_id: 'toolu_ask', result: 'allow' }] },
      },
    );
    fake.assertDone();
    expect(resumed.result.state).toBe('completed');
    expect(lines(join(first.ws, 'ran.log'))).toEqual(['approved']);
    expect(ofType(resumed.events, 'user.tool_confirmation')).toMatchObject([
      { tool_use_id: 'toolu_ask', result: 'allow' },
    ]);
    // The request after approval carries both results, in call order.
    const sent = answered().at(-1)?.body as { messages: Array<{ content: Array<{ tool_use_id?: string }> }> };
    expect(sent.messages.at(-1)?.content.map((b) => b.tool_use_id)).toEqual(['toolu_read', 'toolu_ask']);
  });

  it('tells the model a denied call was not run, with the maintainer message', async () => {
    const first = await runScenario(
      fake,
      { name: 'ask', turns: [{ content: [bash('echo denied >> ran.log', 'toolu_no')] }] },
      { ask: ['bash'] },
    );
    expect(first.result.state).toBe('requires_action');
    const resumed = await runScenario(
      fake,
      {
        name: 'denied',
        turns: [
          {
            expect: {
              last_tool_result_is_error: true,
              last_tool_result_contains: ['denied', 'not now, use read'],
            },
            content: 'Understood.',
          },
        ],
      },
      {
        ws: first.ws,
        ask: ['bash'],
        outDir: first.out,
        prompt: '',
        resume: {
          events: first.events,
          confirmations: [{ tool_use_id: 'toolu_no', result: 'deny', deny_message: 'not now, use read' }],
        },
      },
    );
    fake.assertDone();
    expect(resumed.result.state).toBe('completed');
    expect(lines(join(first.ws, 'ran.log'))).toEqual([]);
    expect(ofType(resumed.events, 'user.tool_confirmation')).toMatchObject([
      { tool_use_id: 'toolu_no', result: 'deny', deny_message: 'not now, use read' },
    ]);
  });

  it('stays waiting when resumed without an answer, and refuses an answer to nothing', async () => {
    const first = await runScenario(
      fake,
      { name: 'ask', turns: [{ content: [bash('echo x >> ran.log', 'toolu_wait')] }] },
      { ask: ['bash'] },
    );
    const requests = answered().length;
    const again = await runScenario(
      fake,
      { name: 'none', turns: [] },
      {
        ws: first.ws,
        ask: ['bash'],
        outDir: first.out,
        prompt: '',
        resume: { events: first.events },
      },
    );
    expect(again.result.state).toBe('requires_action');
    expect(again.result.stop_reason).toEqual({ type: 'requires_action', event_ids: ['toolu_wait'] });
    expect(answered()).toHaveLength(requests);

    const before = readFileSync(join(first.out, 'events.jsonl'), 'utf8');
    await expect(
      runScenario(fake, undefined, {
        ws: first.ws,
        outDir: first.out,
        prompt: '',
        resume: { events: again.events, confirmations: [{ tool_use_id: 'toolu_other', result: 'allow' }] },
      }),
    ).rejects.toThrow(ConfirmationError);
    expect(readFileSync(join(first.out, 'events.jsonl'), 'utf8')).toBe(before);
  });

  it('refuses to resume a finished session without a new task; continues it with one', async () => {
    const first = await runScenario(fake, { name: 'done', turns: [{ content: 'All done.' }] });
    await expect(
      runScenario(fake, undefined, { outDir: first.out, prompt: '', resume: { events: first.events } }),
    ).rejects.toThrow(ResumeError);
    const next = await runScenario(
      fake,
      {
        name: 'follow-up',
        turns: [
          {
            expect: { message_count: 3, last_user_text_contains: 'Also check sub' },
            content: 'sub is fine too.',
          },
        ],
      },
      { ws: first.ws, outDir: first.out, prompt: 'Also check sub()', resume: { events: first.events } },
    );
    fake.assertDone();
    expect(next.result.state).toBe('completed');
    expect(next.result.turns).toBe(2);
    expect(next.result.usage.requests).toBe(2);
  });

  it('copies the history into a new out dir when resumed elsewhere', async () => {
    const first = await runScenario(fake, { name: 'done', turns: [{ content: 'All done.' }] });
    const elsewhere = mkdtempSync(join(tmpdir(), 'steward-elsewhere-'));
    const next = await runScenario(
      fake,
      { name: 'follow-up', turns: [{ content: 'More done.' }] },
      { ws: first.ws, outDir: elsewhere, prompt: 'One more thing', resume: { events: first.events } },
    );
    expect(next.result.state).toBe('completed');
    expect(next.events.slice(0, first.events.length)).toEqual(first.events);
    expect(readEventLog(join(first.out, 'events.jsonl')).events).toEqual(first.events);
    // A log that is not the resumed one is never appended to.
    await expect(
      runScenario(fake, undefined, { outDir: elsewhere, prompt: 'again', resume: { events: first.events } }),
    ).rejects.toThrow(ResumeError);
  });

  it('carries the budget spent over: a resumed session gets only what is left', async () => {
    const steps = (n: number): Scenario => ({
      name: 'steps',
      turns: Array.from({ length: n }, (_, i) => ({ content: [bash(`echo s${i} >> ran.log`)] })),
    });
    const limits = { ...LIMITS, maxTurns: 3 };
    const first = await runScenario(fake, steps(2), { limits: { ...limits, maxTurns: 2 } });
    expect(first.result.limit).toBe('turns');
    const resumed = await runScenario(fake, steps(5), {
      ws: first.ws,
      outDir: first.out,
      prompt: '',
      limits,
      resume: { events: first.events },
    });
    expect(resumed.result.state).toBe('budget_reached');
    expect(resumed.result.limit).toBe('turns');
    expect(resumed.result.turns).toBe(3);
    expect(lines(join(first.ws, 'ran.log'))).toEqual(['s0', 's1', 's0']);
    expect(resumed.result.usage.cost_usd).toBeGreaterThan(first.result.usage.cost_usd);
  });
});

describe('interrupt', () => {
  it('records user.interrupt, goes idle, and can be resumed', async () => {
    const controller = new AbortController();
    const first = await runScenario(
      fake,
      {
        name: 'long',
        turns: [{ content: [bash('echo started >> ran.log; sleep 30; echo finished >> ran.log')] }],
      },
      {
        signal: controller.signal,
        listeners: [
          (e: SessionEvent) => {
            if (e.type === 'agent.tool_use')
              setTimeout(() => controller.abort(new Error('the session was interrupted (SIGINT)')), 300);
          },
        ],
      },
    );
    expect(first.result.state).toBe('error');
    expect(first.result.error?.type).toBe('interrupted');
    const types = first.events.map((e) => e.type);
    expect(types.slice(-2)).toEqual(['user.interrupt', 'session.status_idle']);
    expect(first.events.at(-1)).toMatchObject({ stop_reason: { type: 'end_turn' } });
    expect(ofType(first.events, 'agent.tool_result')[0]).toMatchObject({ is_error: true });
    expect(JSON.stringify(ofType(first.events, 'agent.tool_result')[0]?.content)).toContain(
      'interrupted (SIGINT)',
    );
    expect(lines(join(first.ws, 'ran.log'))).toEqual(['started']);

    const resumed = await runScenario(
      fake,
      {
        name: 'resumed',
        turns: [{ expect: { last_tool_result_is_error: true }, content: 'Resumed and done.' }],
      },
      { ws: first.ws, outDir: first.out, prompt: '', resume: { events: first.events } },
    );
    fake.assertDone();
    expect(resumed.result.state).toBe('completed');
  });
});
