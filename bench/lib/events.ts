/**
 * Synthetic but realistic session events for the event-log benchmark: the sequence the session
 * loop emits per turn (src/session/loop.ts), with tool outputs of a spread of sizes, and the
 * conversation rebuild used for resume.
 */
import type { BetaMessageParam } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import type { EventInput, SessionEvent } from '../../src/events/types.ts';
import { filler } from './scenarios.ts';

const SMALL = filler(400);
const MEDIUM = filler(4 * 1024);
const LARGE = filler(32 * 1024);

/** Tool output of turn `i`: 70 % 400 B, 25 % 4 KiB, 5 % 32 KiB (about 2.9 KiB on average). */
function toolOutput(i: number): string {
  const r = i % 20;
  if (r === 0) return LARGE;
  if (r <= 5) return MEDIUM;
  return SMALL;
}

/**
 * The events of a session of `turns` tool-calling turns, in the order the loop emits them:
 * `user.message` and `session.status_running` first, then per turn `span.model_request_start`,
 * `span.model_request_end` (with usage), `agent.message`, `agent.tool_use`, `agent.tool_result`
 * (five events per turn).
 */
export function* sessionEvents(turns: number): Generator<EventInput> {
  yield { type: 'user.message', content: [{ type: 'text', text: 'Fix the failing test in src/math.js.' }] };
  yield { type: 'session.status_running' };
  for (let i = 0; i < turns; i++) {
    const start = `sevt_bench_start_${i}`;
    yield { id: start, type: 'span.model_request_start' };
    yield {
      type: 'span.model_request_end',
      model_request_start_id: start,
      is_error: false,
      model_usage: {
        input_tokens: 120,
        output_tokens: 85,
        cache_creation_input_tokens: 300,
        cache_read_input_tokens: 4000 + 40 * i,
      },
    };
    yield { type: 'agent.message', content: [{ type: 'text', text: `Step ${i}: reading the next file.` }] };
    const id = `toolu_bench_${i}`;
    yield {
      type: 'agent.tool_use',
      id,
      name: 'bash',
      input: { command: `cat src/module${i % 50}.js` },
      evaluated_permission: 'allow',
    };
    yield {
      type: 'agent.tool_result',
      tool_use_id: id,
      content: [{ type: 'text', text: toolOutput(i) }],
      is_error: false,
    };
  }
}

/** What a conversation rebuild returns (the fields the benchmark checks). */
export interface Rebuilt {
  messages: BetaMessageParam[];
  source: 'src/events/replay.ts' | 'bench/lib/events.ts';
}

type ReplayFn = (events: readonly SessionEvent[]) => { messages: BetaMessageParam[] };

/**
 * The session engineer's `replayEvents` (src/events/replay.ts) when it exists, else
 * {@link rebuildMessages}. Loaded by a computed path so the benchmark keeps working (and says so)
 * while that module is missing or renamed.
 */
export async function conversationRebuilder(): Promise<(events: readonly SessionEvent[]) => Rebuilt> {
  const path = '../../src/events/replay.ts';
  try {
    const mod = (await import(path)) as { replayEvents?: ReplayFn };
    const replay = mod.replayEvents;
    if (typeof replay === 'function') {
      return (events) => ({ messages: replay(events).messages, source: 'src/events/replay.ts' });
    }
  } catch {
    // fall through to the benchmark's own rebuild
  }
  return (events) => ({ messages: rebuildMessages(events), source: 'bench/lib/events.ts' });
}

/**
 * A minimal events → messages rebuild (user text, assistant text and tool_use after each
 * successful model request, tool results into the next user message), used only when
 * src/events/replay.ts is not available.
 */
export function rebuildMessages(events: readonly SessionEvent[]): BetaMessageParam[] {
  const messages: BetaMessageParam[] = [];
  const tail = (role: 'user' | 'assistant') => {
    const last = messages.at(-1);
    if (last && last.role === role && Array.isArray(last.content)) return last.content as unknown[];
    const content: unknown[] = [];
    messages.push({ role, content } as BetaMessageParam);
    return content;
  };
  let newAssistant = false;
  for (const raw of events) {
    const e = raw as unknown as Record<string, unknown>;
    switch (e.type) {
      case 'user.message':
        tail('user').push(...(e.content as unknown[]));
        break;
      case 'span.model_request_end':
        if (!e.is_error) newAssistant = true;
        break;
      case 'agent.message':
      case 'agent.tool_use': {
        if (newAssistant) {
          messages.push({ role: 'assistant', content: [] });
          newAssistant = false;
        }
        const blocks = tail('assistant');
        if (e.type === 'agent.message') blocks.push(...(e.content as unknown[]));
        else blocks.push({ type: 'tool_use', id: e.id, name: e.name, input: e.input });
        break;
      }
      case 'agent.tool_result':
        tail('user').push({
          type: 'tool_result',
          tool_use_id: e.tool_use_id,
          content: e.content,
          ...(e.is_error ? { is_error: true } : {}),
        });
        break;
    }
  }
  return messages;
}
