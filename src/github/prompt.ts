import { fenceUntrusted } from '../tools/untrusted.ts';
import type { Task } from './context.ts';

/** Inputs of {@link buildTaskPrompt}. */
export interface PromptParts {
  /** The instruction: the spec's rendered `task`, the `task` input, or a comment command's text. */
  instruction: string;
  task: Task;
  /** Paths a pull request changes. */
  changedFiles?: string[];
  /** The session's fence nonce (tools/untrusted.ts). */
  nonce: string;
}

/**
 * The first user message of a session: the operator's instruction, then what the event is about.
 * Text written by others (titles, bodies, comments) is fenced as untrusted data with its author.
 */
export function buildTaskPrompt(parts: PromptParts): string {
  const { task, nonce } = parts;
  const lines = [
    parts.instruction.trim(),
    '',
    `Repository: ${task.repo.full_name}. Event: ${eventLabel(task)}.`,
  ];
  const t = task.target;
  if (t.kind === 'pull_request') {
    lines.push(
      `Pull request #${t.number} by @${t.author}: ${t.head.ref} (${t.head.sha.slice(0, 12)}) into ${t.base.ref} (${t.base.sha.slice(0, 12)}).`,
      fenceUntrusted(
        `${t.title}\n\n${t.body}`,
        `pull request #${t.number} title and body, by @${t.author}`,
        nonce,
      ),
    );
  } else if (t.kind === 'issue') {
    lines.push(
      `Issue #${t.number} by @${t.author}.`,
      fenceUntrusted(`${t.title}\n\n${t.body}`, `issue #${t.number} title and body, by @${t.author}`, nonce),
    );
  } else if (t.kind === 'commit') {
    lines.push(`Push to ${t.ref}: ${t.before?.slice(0, 12) ?? '(new)'}..${t.sha.slice(0, 12)}.`);
  }
  if (task.comment) {
    lines.push(fenceUntrusted(task.comment.body, `comment by @${task.comment.author}`, nonce));
  }
  if (parts.changedFiles && parts.changedFiles.length > 0) {
    const shown = parts.changedFiles.slice(0, 300);
    lines.push('', `Changed files (${parts.changedFiles.length}):`, ...shown.map((f) => `- ${f}`));
    if (shown.length < parts.changedFiles.length)
      lines.push(`- … ${parts.changedFiles.length - shown.length} more`);
  }
  return lines.join('\n');
}

function eventLabel(task: Task): string {
  return task.event.action ? `${task.event.name}.${task.event.action}` : task.event.name;
}
