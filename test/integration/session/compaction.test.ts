/**
 * Compaction. The fake Messages API does not implement server-side compaction, so: the summarizing
 * path runs end to end against the fake; the server path is checked on the requests it sends,
 * and its `compaction` block round trip with a client that adds the block to one response, as the
 * API would.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { replayEvents } from '../../../src/events/replay.ts';
import { createModelClient, type ModelClient } from '../../../src/model/client.ts';
import { type FakeMessagesApi, startFakeMessagesApi, toolLoopScenario } from '../../fakes/messages/index.ts';
import { ofType, runScenario, withoutCacheControl } from './harness.ts';

let fake: FakeMessagesApi;
beforeAll(async () => {
  fake = await startFakeMessagesApi();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

const big = {
  type: 'tool_use' as const,
  name: 'bash',
  input: { command: "head -c 6000 /dev/zero | tr '\\0' x" },
};
const answered = () => fake.requests.filter((r) => r.outcome === 'answered');

describe('compaction', () => {
  it('summarizes past the threshold on a model without server compaction, and goes on', async () => {
    const { result, events } = await runScenario(
      fake,
      {
        name: 'summarize',
        turns: [
          { content: [big] },
          { content: [big] },
          {
            expect: { last_user_text_contains: 'Write that summary now' },
            content: 'SUMMARY-1: two big outputs seen.',
          },
          { expect: { message_count: 1, last_user_text_contains: 'SUMMARY-1' }, content: [big] },
          { expect: { message_count: 3 }, content: 'Done after compaction.' },
        ],
      },
      { compaction: { triggerTokens: 4500 } },
    );
    fake.assertDone();
    expect(result.state).toBe('completed');
    expect(result.result).toBe('Done after compaction.');
    expect(ofType(events, 'agent.thread_context_compacted')).toHaveLength(1);
    expect(answered().every((r) => !('context_management' in (r.body as object)))).toBe(true);
    // Every request before the summary carried more input than after it.
    const inputs = answered().map(
      (r) => r.usage!.input_tokens + r.usage!.cache_read_input_tokens + r.usage!.cache_creation_input_tokens,
    );
    expect(inputs[3]).toBeLessThan(inputs[1]!);
    // The log rebuilds the conversation as the last request sent it.
    const last = answered().at(-1)?.body as { messages: unknown[] };
    expect(replayEvents(events).messages.slice(0, -1)).toEqual(withoutCacheControl(last.messages));
  });

  it('asks the API to compact on models that support it (compact_20260112, its beta header)', async () => {
    const { result } = await runScenario(fake, toolLoopScenario({ turns: 3 }), {
      agent: { name: 't', model: 'claude-sonnet-4-6', system: 'Be brief.', maxOutputTokens: 4096 },
      compaction: { triggerTokens: 20_000 },
    });
    expect(result.state).toBe('completed');
    for (const r of answered()) {
      expect(r.headers['anthropic-beta']).toContain('compact-2026-01-12');
      // Below the API's minimum of 50,000 tokens, the trigger is raised to it.
      expect((r.body as Record<string, unknown>).context_management).toEqual({
        edits: [{ type: 'compact_20260112', trigger: { type: 'input_tokens', value: 50_000 } }],
      });
    }
  });

  it('sends a compaction block back in its assistant message and records it for replay', async () => {
    const inner = createModelClient({ apiKey: 'test-key', baseURL: fake.url, maxRetries: 0 });
    let calls = 0;
    // Stands in for the API's server-side compaction: the second response starts with a compaction block.
    const model: ModelClient = {
      async createMessage(request, signal, onEvent) {
        const message = await inner.createMessage(request, signal, onEvent);
        calls += 1;
        if (calls === 2) {
          message.content.unshift({
            type: 'compaction',
            content: 'Earlier: step 0 ran.',
            encrypted_content: null,
          });
        }
        return message;
      },
    };
    const { result, events } = await runScenario(fake, toolLoopScenario({ turns: 4 }), {
      agent: { name: 't', model: 'claude-opus-4-6', system: 'Be brief.', maxOutputTokens: 4096 },
      model,
    });
    expect(result.state).toBe('completed');
    expect(ofType(events, 'agent.thread_context_compacted')).toHaveLength(1);
    expect(ofType(events, 'steward.content_block')[0]?.block).toEqual({
      type: 'compaction',
      content: 'Earlier: step 0 ran.',
      encrypted_content: null,
    });
    const third = answered()[2]?.body as {
      messages: Array<{ role: string; content: Array<{ type: string }> }>;
    };
    expect(third.messages[3]?.role).toBe('assistant');
    expect(third.messages[3]?.content[0]?.type).toBe('compaction');
    const last = answered().at(-1)?.body as { messages: unknown[] };
    expect(replayEvents(events).messages.slice(0, -1)).toEqual(withoutCacheControl(last.messages));
  });
});
