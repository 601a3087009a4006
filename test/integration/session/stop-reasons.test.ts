/**
 * Every model stop reason, handled as the Anthropic docs ("Handling stop reasons") describe, and
 * checked on the requests the harness sends next (the fake's `expect`).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { replayEvents } from '../../../src/events/replay.ts';
import { type FakeMessagesApi, startFakeMessagesApi } from '../../fakes/messages/index.ts';
import { lines, ofType, runScenario, withoutCacheControl } from './harness.ts';

let fake: FakeMessagesApi;
beforeAll(async () => {
  fake = await startFakeMessagesApi();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

const bash = (command: string) => ({ type: 'tool_use' as const, name: 'bash', input: { command } });

describe('model stop reasons', () => {
  it('max_tokens: keeps the partial answer and asks the model to continue', async () => {
    const { result, events } = await runScenario(fake, {
      name: 'max_tokens',
      turns: [
        { content: 'The answer starts here', stop_reason: 'max_tokens' },
        {
          expect: { message_count: 3, last_user_text_contains: 'cut off by the output token limit' },
          content: ' and ends here.',
        },
      ],
    });
    fake.assertDone();
    expect(result.state).toBe('completed');
    expect(result.result).toBe('The answer starts here and ends here.');
    expect(events.at(-1)).toMatchObject({ stop_reason: { type: 'end_turn' } });
  });

  it('max_tokens inside a tool call: never runs the cut call, asks again with more room', async () => {
    const { result, events, ws } = await runScenario(fake, {
      name: 'cut tool call',
      turns: [
        {
          content: [{ type: 'text', text: 'Running it.' }, bash('echo cut >> ran.log')],
          stop_reason: 'max_tokens',
        },
        { expect: { message_count: 1, max_tokens_at_least: 8192 }, content: [bash('echo whole >> ran.log')] },
        { content: 'Done.' },
      ],
    });
    fake.assertDone();
    expect(result.state).toBe('completed');
    expect(lines(join(ws, 'ran.log'))).toEqual(['whole']);
    expect(ofType(events, 'agent.tool_use')).toHaveLength(1);
    expect(ofType(events, 'agent.message').map((e) => JSON.stringify(e.content))).not.toContain(
      'Running it.',
    );
  });

  it('pause_turn: sends the paused content back as it is, with no new user message', async () => {
    const { result } = await runScenario(fake, {
      name: 'pause_turn',
      turns: [
        { content: 'Still working', stop_reason: 'pause_turn' },
        { expect: { message_count: 2 }, content: ', now done.' },
      ],
    });
    fake.assertDone();
    expect(result.state).toBe('completed');
    expect(result.result).toBe('Still working, now done.');
    const second = fake.requests.filter((r) => r.outcome === 'answered')[1]?.body as {
      messages: Array<{ role: string }>;
    };
    expect(second.messages.at(-1)?.role).toBe('assistant');
  });

  it('refusal: stops in error, and leaves the refused turn out of the conversation', async () => {
    const { result, events } = await runScenario(fake, {
      name: 'refusal',
      turns: [
        { content: [bash('echo one >> ran.log')] },
        { content: 'I will not do that.', stop_reason: 'refusal' },
      ],
    });
    expect(result.state).toBe('error');
    expect(result.error?.type).toBe('refusal');
    expect(result.error?.message).toContain('refusal');
    expect(events.at(-1)).toMatchObject({
      type: 'session.status_idle',
      stop_reason: { type: 'refusal' },
      stop_details: { type: 'refusal' },
    });
    expect(replayEvents(events).messages.at(-1)?.role).toBe('user');
  });

  it('model_context_window_exceeded: compacts by summarizing, then continues', async () => {
    const { result, events, ws } = await runScenario(fake, {
      name: 'context window',
      turns: [
        { content: [bash('echo step0 >> ran.log')] },
        {
          content: [{ type: 'text', text: 'Next I will' }, bash('echo never >> ran.log')],
          stop_reason: 'model_context_window_exceeded',
        },
        { expect: { last_user_text_contains: 'Write that summary now' }, content: 'SUMMARY: step0 ran.' },
        {
          expect: { message_count: 1, last_user_text_contains: 'SUMMARY: step0 ran.' },
          content: 'Finished.',
        },
      ],
    });
    fake.assertDone();
    expect(result.state).toBe('completed');
    expect(lines(join(ws, 'ran.log'))).toEqual(['step0']);
    expect(ofType(events, 'agent.thread_context_compacted')).toHaveLength(1);
    // The summarizing request offered no tool use.
    const summaryRequest = fake.requests.filter((r) => r.outcome === 'answered')[2]?.body as Record<
      string,
      unknown
    >;
    expect(summaryRequest.tool_choice).toEqual({ type: 'none' });
    // The log rebuilds the compacted conversation.
    const last = fake.requests.at(-1)?.body as { messages: unknown[] };
    expect(replayEvents(events).messages.slice(0, -1)).toEqual(withoutCacheControl(last.messages));
  });
});
