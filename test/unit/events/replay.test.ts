import { describe, expect, it } from 'vitest';
import { appendUserContent, replayEvents } from '../../../src/events/replay.ts';
import type { SessionEvent } from '../../../src/events/types.ts';

let clock = Date.parse('2026-11-21T10:00:00Z');
let n = 0;
/** An event as the log holds it, one second after the previous one. */
function ev(fields: Record<string, unknown>): SessionEvent {
  clock += 1000;
  n += 1;
  return {
    id: `sevt_${n}`,
    processed_at: new Date(clock).toISOString(),
    ...fields,
  } as unknown as SessionEvent;
}
const usage = (input: number, output: number) => ({
  input_tokens: input,
  output_tokens: output,
  cache_read_input_tokens: 0,
  cache_creation_input_tokens: 0,
});
const text = (t: string) => [{ type: 'text', text: t }];

describe('replayEvents', () => {
  it('rebuilds the conversation, with tool results in call order and notes after them', () => {
    const events = [
      ev({ type: 'user.message', content: text('Fix it') }),
      ev({ type: 'system.message', content: text('Definition of done: tests pass') }),
      ev({ type: 'session.status_running' }),
      ev({ type: 'span.model_request_start' }),
      ev({
        type: 'span.model_request_end',
        is_error: false,
        model_request_start_id: 'x',
        model_usage: usage(100, 20),
      }),
      ev({ type: 'agent.thinking' }),
      ev({ type: 'steward.content_block', block: { type: 'thinking', thinking: 'hmm', signature: 'sig' } }),
      ev({ type: 'agent.message', content: text('Looking.') }),
      ev({
        type: 'agent.tool_use',
        id: 'toolu_a',
        name: 'read',
        input: { file_path: 'a' },
        evaluated_permission: 'allow',
      }),
      ev({
        type: 'agent.tool_use',
        id: 'toolu_b',
        name: 'bash',
        input: { command: 'ls' },
        evaluated_permission: 'allow',
      }),
      // b finished first.
      ev({ type: 'agent.tool_result', tool_use_id: 'toolu_b', content: text('a.txt'), is_error: false }),
      ev({ type: 'agent.tool_result', tool_use_id: 'toolu_a', content: text('boom'), is_error: true }),
      ev({ type: 'system.message', content: text('80% of budget') }),
      ev({ type: 'span.model_request_start' }),
      ev({
        type: 'span.model_request_end',
        is_error: true,
        model_request_start_id: 'y',
        model_usage: usage(0, 0),
      }),
      ev({ type: 'span.model_request_start' }),
      ev({
        type: 'span.model_request_end',
        is_error: false,
        model_request_start_id: 'z',
        model_usage: usage(150, 10),
      }),
      ev({ type: 'agent.message', content: text('Done.') }),
      ev({ type: 'session.status_idle', stop_reason: { type: 'end_turn' }, stop_details: null }),
    ];
    const r = replayEvents(events);
    expect(r.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Fix it' },
          { type: 'text', text: 'Definition of done: tests pass' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'hmm', signature: 'sig' },
          { type: 'text', text: 'Looking.' },
          { type: 'tool_use', id: 'toolu_a', name: 'read', input: { file_path: 'a' } },
          { type: 'tool_use', id: 'toolu_b', name: 'bash', input: { command: 'ls' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_a', content: 'boom', is_error: true },
          { type: 'tool_result', tool_use_id: 'toolu_b', content: 'a.txt' },
          { type: 'text', text: '80% of budget' },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'Done.' }] },
    ]);
    expect(r.turns).toBe(2);
    expect(r.usage).toEqual({
      input_tokens: 250,
      output_tokens: 30,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
    });
    expect(r.lastText).toBe('Done.');
    expect(r.lastStop).toEqual({ type: 'end_turn' });
    expect(r.unanswered).toEqual([]);
    // From status_running (3rd event) to status_idle (19th): 16 seconds.
    expect(r.activeMs).toBe(16_000);
  });

  it('keeps consecutive assistant messages apart (pause_turn) and lists calls without a result', () => {
    const r = replayEvents([
      ev({ type: 'user.message', content: text('Go') }),
      ev({
        type: 'span.model_request_end',
        is_error: false,
        model_request_start_id: 'a',
        model_usage: usage(1, 1),
      }),
      ev({ type: 'agent.message', content: text('Paused') }),
      ev({
        type: 'span.model_request_end',
        is_error: false,
        model_request_start_id: 'b',
        model_usage: usage(1, 1),
      }),
      ev({ type: 'agent.tool_use', id: 'toolu_run', name: 'bash', input: {}, evaluated_permission: 'allow' }),
      ev({ type: 'agent.tool_use', id: 'toolu_ask', name: 'write', input: {}, evaluated_permission: 'ask' }),
    ]);
    expect(r.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'assistant']);
    expect(r.unanswered.map((c) => [c.id, c.evaluated_permission])).toEqual([
      ['toolu_run', 'allow'],
      ['toolu_ask', 'ask'],
    ]);
    expect(r.lastStop).toBeNull();
  });

  it('replaces the conversation with the summary of a summarizing compaction', () => {
    const r = replayEvents([
      ev({ type: 'user.message', content: text('Long task') }),
      ev({
        type: 'span.model_request_end',
        is_error: false,
        model_request_start_id: 'a',
        model_usage: usage(1, 1),
      }),
      ev({ type: 'agent.message', content: text('Working') }),
      ev({ type: 'steward.context_summary', content: text('Summary so far') }),
      ev({ type: 'agent.thread_context_compacted' }),
      ev({
        type: 'span.model_request_end',
        is_error: false,
        model_request_start_id: 'b',
        model_usage: usage(1, 1),
      }),
      ev({ type: 'agent.message', content: text('Continuing') }),
    ]);
    expect(r.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Summary so far' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Continuing' }] },
    ]);
  });

  it('ignores events it does not know, and empty text', () => {
    const r = replayEvents([
      ev({ type: 'user.message', content: text('Hi') }),
      ev({ type: 'steward.redaction', what: 'token' }),
      ev({ type: 'agent.message', content: text('') }),
    ]);
    expect(r.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }]);
  });
});

describe('appendUserContent', () => {
  it('merges into a trailing user message and opens one after an assistant message', () => {
    const messages: Parameters<typeof appendUserContent>[0] = [{ role: 'user', content: 'plain' }];
    appendUserContent(messages, [{ type: 'text', text: 'more' }]);
    expect(messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'plain' },
          { type: 'text', text: 'more' },
        ],
      },
    ]);
    messages.push({ role: 'assistant', content: [{ type: 'text', text: 'ok' }] });
    appendUserContent(messages, [{ type: 'text', text: 'next' }]);
    expect(messages).toHaveLength(3);
    appendUserContent(messages, []);
    expect(messages).toHaveLength(3);
  });
});
