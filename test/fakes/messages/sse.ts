/**
 * Server-sent events of a streamed Message, in the order and shapes of the API's streaming docs
 * (https://platform.claude.com/docs/en/build-with-claude/streaming) as parsed by
 * `@anthropic-ai/sdk` (`core/streaming.ts`, `lib/MessageStream.ts`):
 *
 * `message_start` (content empty, stop_reason null, usage with the input counters and
 * output_tokens 1) → per block `content_block_start` / `content_block_delta`* / `content_block_stop`,
 * with one `ping` after the first `content_block_start` → `message_delta` (stop_reason and the
 * cumulative usage) → `message_stop`.
 */
import type { WireUsage } from './types.ts';

/** One SSE event: the `event:` name and the JSON `data:` payload. */
export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Frame one event as `event: …\ndata: …\n\n` (data is single-line JSON). */
export function frameSse(event: SseEvent): string {
  return `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/** Split `text` into pieces of at most `size` code points (never splitting a surrogate pair). */
export function chunkText(text: string, size: number): string[] {
  const points = Array.from(text);
  const chunks: string[] = [];
  for (let i = 0; i < points.length; i += size) chunks.push(points.slice(i, i + size).join(''));
  return chunks;
}

/** A Message as sent by the API (non-streaming body, or the accumulated stream). */
export interface WireMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: Record<string, unknown>[];
  stop_reason: string;
  stop_sequence: null;
  stop_details: null;
  container: null;
  usage: WireUsage;
}

function emptyStart(block: Record<string, unknown>): Record<string, unknown> {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: '', citations: null };
    case 'thinking':
      return { type: 'thinking', thinking: '', signature: '' };
    case 'tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, input: {} };
    default:
      // Blocks without a delta type (redacted_thinking) arrive whole in content_block_start.
      return block;
  }
}

function deltas(block: Record<string, unknown>, chunkChars: number): Record<string, unknown>[] {
  switch (block.type) {
    case 'text':
      return chunkText(String(block.text), chunkChars).map((text) => ({ type: 'text_delta', text }));
    case 'thinking':
      return [
        ...chunkText(String(block.thinking), chunkChars).map((thinking) => ({
          type: 'thinking_delta',
          thinking,
        })),
        { type: 'signature_delta', signature: block.signature },
      ];
    case 'tool_use':
      // The API opens tool input with an empty partial_json, then sends the JSON text in pieces.
      return ['', ...chunkText(JSON.stringify(block.input), chunkChars)].map((partial_json) => ({
        type: 'input_json_delta',
        partial_json,
      }));
    default:
      return [];
  }
}

/**
 * The full event sequence for `message`. `chunkChars` bounds the size of each text, thinking and
 * partial_json delta.
 */
export function messageEvents(message: WireMessage, chunkChars: number): SseEvent[] {
  const { usage } = message;
  const events: SseEvent[] = [
    {
      event: 'message_start',
      data: {
        type: 'message_start',
        message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } },
      },
    },
  ];
  message.content.forEach((block, index) => {
    events.push({
      event: 'content_block_start',
      data: { type: 'content_block_start', index, content_block: emptyStart(block) },
    });
    if (index === 0) events.push({ event: 'ping', data: { type: 'ping' } });
    for (const delta of deltas(block, chunkChars)) {
      events.push({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta } });
    }
    events.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index } });
  });
  if (message.content.length === 0) events.push({ event: 'ping', data: { type: 'ping' } });
  events.push({
    event: 'message_delta',
    data: {
      type: 'message_delta',
      delta: { stop_reason: message.stop_reason, stop_sequence: null, stop_details: null },
      usage: {
        input_tokens: usage.input_tokens,
        cache_creation_input_tokens: usage.cache_creation_input_tokens,
        cache_read_input_tokens: usage.cache_read_input_tokens,
        output_tokens: usage.output_tokens,
      },
    },
  });
  events.push({ event: 'message_stop', data: { type: 'message_stop' } });
  return events;
}

/** The `event: error` an overloaded (or other) API sends after HTTP 200, in the error envelope. */
export function errorEvent(errorType: string, message: string, requestId: string): SseEvent {
  return {
    event: 'error',
    data: { type: 'error', error: { type: errorType, message }, request_id: requestId },
  };
}
