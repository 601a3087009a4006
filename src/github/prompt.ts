import { fenceUntrusted, stripHiddenMarkup } from '../tools/untrusted.ts';
import { eventLabel, type Task } from './context.ts';
import type { CappedText, GatheredContext } from './gather.ts';

/** Who counts as trusted when text is shown to the model (the spec's `steward` block). */
export interface TrustPolicy {
  /** Bot logins the spec trusts (`steward.trusted_bots`). */
  trustedBots: readonly string[];
  /** `fence`: untrusted comments are shown as fenced data; `omit`: they are left out. */
  untrustedComments: 'fence' | 'omit';
}

/** Inputs of {@link buildTaskPrompt}. */
export interface PromptParts {
  /** The instruction: the spec's rendered `task`, the `task` input, or a comment command's text. */
  instruction: string;
  task: Task;
  /** Paths a pull request changes (used when `context` is not given). */
  changedFiles?: string[];
  /** What {@link gatherContext} read from GitHub; richer prompts when given. */
  context?: GatheredContext;
  trust?: TrustPolicy;
  /** The session's fence nonce (tools/untrusted.ts). */
  nonce: string;
}

const TRUSTED_ROLES = new Set(['admin', 'maintain', 'write']);
const DEFAULT_TRUST: TrustPolicy = { trustedBots: [], untrustedComments: 'fence' };

/**
 * The first user message of a session: the operator's instruction, then what the event is about.
 * Text by trusted authors (write access, or a listed bot) is shown as conversation with hidden
 * markup stripped; text by anyone else, diffs and commit messages are fenced as untrusted data
 * with their provenance (DESIGN section 5, invariant 5), or left out when the spec says `omit`.
 */
export function buildTaskPrompt(parts: PromptParts): string {
  const { task, nonce } = parts;
  const trust = parts.trust ?? DEFAULT_TRUST;
  const ctx = parts.context;
  const target = ctx?.target ?? task.target;
  const trusted = (login: string, role: string) =>
    role === 'bot' ? trust.trustedBots.includes(login) : TRUSTED_ROLES.has(role);
  const lines = [
    stripHiddenMarkup(parts.instruction).trim(),
    '',
    `Repository: ${task.repo.full_name}. Event: ${eventLabel(task)}.`,
  ];

  const subject = (label: string, author: string, text: string) => {
    if (ctx && trusted(author, ctx.authorRole)) {
      lines.push(`${label} by @${author} (${ctx.authorRole}):`, stripHiddenMarkup(text));
    } else {
      lines.push(fenceUntrusted(text, `${label} title and body, by @${author}`, nonce));
    }
  };
  if (target.kind === 'pull_request') {
    lines.push(
      `Pull request #${target.number} by @${target.author}: ${target.head.ref} (${target.head.sha.slice(0, 12)}) into ${target.base.ref} (${target.base.sha.slice(0, 12)})${target.draft ? ', draft' : ''}.`,
    );
    subject(`pull request #${target.number}`, target.author, `${target.title}\n\n${target.body}`);
  } else if (target.kind === 'issue') {
    lines.push(`Issue #${target.number} by @${target.author}.`);
    subject(`issue #${target.number}`, target.author, `${target.title}\n\n${target.body}`);
  } else if (target.kind === 'commit') {
    const range = `${target.before?.slice(0, 12) ?? '(new branch)'}..${target.sha.slice(0, 12)}`;
    lines.push(
      `Push to ${target.ref} by @${task.actor.login}: ${range}, ${target.commits.length} commit${target.commits.length === 1 ? '' : 's'}.`,
    );
    if (target.compare_url) lines.push(`Compare: ${target.compare_url}`);
    if (target.commits.length > 0) {
      const messages = target.commits
        .map((c) => `${c.id.slice(0, 12)} (${c.author || 'unknown'}): ${c.message}`)
        .join('\n\n');
      lines.push(fenceUntrusted(messages, 'commit messages of the push', nonce));
    }
  }

  const inputs = Object.entries(task.inputs);
  if (inputs.length > 0) {
    lines.push('', 'Inputs of this workflow dispatch:', ...inputs.map(([k, v]) => `- ${k}: ${v}`));
  }

  const files = ctx?.changedFiles ?? parts.changedFiles ?? [];
  if (files.length > 0) {
    const shown = files.slice(0, 300);
    lines.push('', `Changed files (${files.length}):`, ...shown.map((f) => `- ${f}`));
    if (shown.length < files.length) lines.push(`- … ${files.length - shown.length} more`);
  }
  if (ctx?.diff)
    lines.push(
      '',
      diffBlock(ctx.diff, target.kind === 'commit' ? 'the pushed diff' : 'the pull request diff', nonce),
    );

  if (ctx && ctx.reviewComments.length > 0) {
    lines.push('', 'Review comments on the diff:');
    for (const c of ctx.reviewComments) {
      const where = `${c.path}${c.line ? `:${c.line}` : ''}`;
      if (trusted(c.author, c.role))
        lines.push(`- @${c.author} (${c.role}) on ${where}: ${stripHiddenMarkup(c.body)}`);
      else if (trust.untrustedComments === 'fence')
        lines.push(fenceUntrusted(c.body, `review comment by @${c.author} on ${where}`, nonce));
    }
  }
  if (ctx && ctx.conversation.length > 0) {
    const omitted = ctx.conversation.filter((c) => !trusted(c.author, c.role)).length;
    lines.push('', 'Conversation so far (oldest first):');
    for (const c of ctx.conversation) {
      if (trusted(c.author, c.role))
        lines.push(`@${c.author} (${c.role}) wrote:`, stripHiddenMarkup(c.body), '');
      else if (trust.untrustedComments === 'fence')
        lines.push(fenceUntrusted(c.body, `comment by @${c.author}, who has no write access`, nonce));
    }
    if (trust.untrustedComments === 'omit' && omitted > 0)
      lines.push(`(${omitted} comment${omitted === 1 ? '' : 's'} by people without write access left out)`);
  }
  if (ctx && ctx.laterComments > 0)
    lines.push(
      `(${ctx.laterComments} comment${ctx.laterComments === 1 ? '' : 's'} written or edited after the request left out)`,
    );
  return lines.join('\n');
}

function diffBlock(diff: CappedText, what: string, nonce: string): string {
  const note = diff.truncated
    ? `${what}, truncated: the first ${diff.text.length} of ${diff.total} characters; read the files in the workspace for the rest`
    : what;
  return fenceUntrusted(diff.truncated ? `${diff.text}\n[… diff truncated]` : diff.text, note, nonce);
}
