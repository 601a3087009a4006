import type { SessionEvent } from '../events/types.ts';

/** One tool call of a session, as a checklist line. */
export interface ProgressStep {
  /** The `agent.tool_use` id. */
  id: string;
  tool: string;
  /** A short description of the call's input (a command, a path, a pattern). */
  summary: string;
  status: 'running' | 'done' | 'failed' | 'waiting';
}

const MAX_SUMMARY = 80;
const MAX_NOTE = 400;

/** The most telling string of a tool input: the command, path or pattern, else the first string. */
export function describeToolInput(input: unknown): string {
  if (!input || typeof input !== 'object') return '';
  const record = input as Record<string, unknown>;
  const preferred = ['command', 'file_path', 'path', 'pattern', 'title', 'event', 'reason', 'labels'];
  const key =
    preferred.find((k) => record[k] !== undefined) ??
    Object.keys(record).find((k) => typeof record[k] === 'string');
  if (!key) return '';
  const value = record[key];
  const text = (typeof value === 'string' ? value : JSON.stringify(value)).replace(/\s+/g, ' ').trim();
  return text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY - 1)}…` : text;
}

/**
 * The progress of a session derived from its events: a checklist of tool calls, the agent's latest
 * note and the turn count. {@link ProgressModel.apply} says whether the visible state changed, so a
 * publisher updates the comment only when there is something new to show.
 */
export class ProgressModel {
  readonly steps: ProgressStep[] = [];
  note = '';
  turns = 0;

  /** Folds `event` in; true when the checklist or the note changed. */
  apply(event: SessionEvent): boolean {
    switch (event.type) {
      case 'agent.tool_use':
      case 'agent.mcp_tool_use':
      case 'agent.custom_tool_use': {
        const e = event as { id: string; name: string; input?: unknown; evaluated_permission?: string };
        this.steps.push({
          id: e.id,
          tool: e.name,
          summary: describeToolInput(e.input),
          status: e.evaluated_permission === 'ask' ? 'waiting' : 'running',
        });
        return true;
      }
      case 'agent.tool_result':
      case 'agent.mcp_tool_result': {
        const e = event as { tool_use_id?: string; mcp_tool_use_id?: string; is_error?: boolean | null };
        const step = this.steps.find((s) => s.id === (e.tool_use_id ?? e.mcp_tool_use_id));
        if (!step) return false;
        step.status = e.is_error ? 'failed' : 'done';
        return true;
      }
      case 'agent.message': {
        const content = (event as { content?: Array<{ text?: string }> }).content ?? [];
        const text = content
          .map((b) => b.text ?? '')
          .join(' ')
          .replace(/\s+/g, ' ')
          .trim();
        if (!text) return false;
        this.note = text.length > MAX_NOTE ? `${text.slice(0, MAX_NOTE - 1)}…` : text;
        return true;
      }
      case 'span.model_request_end':
        // The turn count alone is not worth a comment update; it shows with the next change.
        if (!(event as { is_error?: boolean }).is_error) this.turns += 1;
        return false;
      default:
        return false;
    }
  }
}

const MARK: Record<ProgressStep['status'], string> = {
  running: '- [ ]',
  done: '- [x]',
  failed: '- [x] ✗',
  waiting: '- [ ] ✋',
};

/** Renders steps as a markdown checklist, keeping the last `max` lines and counting the rest. */
export function renderChecklist(steps: readonly ProgressStep[], max = 20): string {
  if (steps.length === 0) return '';
  const shown = steps.slice(-max);
  const lines = shown.map(
    (s) => `${MARK[s.status]} \`${s.tool}\`${s.summary ? ` ${codeSpan(s.summary)}` : ''}`,
  );
  if (shown.length < steps.length)
    lines.unshift(
      `- … ${steps.length - shown.length} earlier step${steps.length - shown.length === 1 ? '' : 's'}`,
    );
  return lines.join('\n');
}

/** `text` as an inline code span that its own backticks cannot end. */
export function codeSpan(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}
