import type { SessionEvent } from '../events/types.ts';

const MAX_PREVIEW = 160;

function preview(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > MAX_PREVIEW ? `${one.slice(0, MAX_PREVIEW - 1)}…` : one;
}

function contentText(content: unknown): string {
  if (!Array.isArray(content)) return '';
  return content.map((b) => (b && typeof b === 'object' && 'text' in b ? String(b.text) : '')).join(' ');
}

/**
 * One human-readable line for an event, for `steward run`'s live output; null for events not worth
 * a line (span starts, status changes the next line implies).
 */
export function formatEventLine(event: SessionEvent): string | null {
  switch (event.type) {
    case 'user.message':
      return `▶ task: ${preview(contentText(event.content))}`;
    case 'agent.message':
      return `◆ ${preview(contentText(event.content))}`;
    case 'agent.thinking':
      return '· thinking';
    case 'agent.tool_use':
      return `→ ${event.name} ${preview(JSON.stringify(event.input))}${event.evaluated_permission === 'ask' ? ' (waiting for approval)' : ''}`;
    case 'agent.tool_result':
      return `${event.is_error ? '✗' : '←'} ${preview(contentText(event.content)) || '(no output)'}`;
    case 'span.model_request_end': {
      const u = event.model_usage;
      return `  model: ${u.input_tokens} in, ${u.output_tokens} out, ${u.cache_read_input_tokens} cache read${event.is_error ? ' (failed)' : ''}`;
    }
    case 'session.error':
      return `! ${event.error.type}: ${event.error.message}`;
    case 'session.status_rescheduled':
      return '↻ retrying';
    case 'session.status_idle':
      return `■ idle: ${event.stop_reason.type}`;
    case 'session.status_terminated':
      return '■ terminated';
    case 'system.message':
      return `ℹ ${preview(contentText(event.content))}`;
    case 'user.interrupt':
      return '■ interrupted';
    case 'agent.thread_context_compacted':
      return '· context compacted';
    default:
      return null;
  }
}
