import type { SessionResult, TerminalState } from '../session/result.ts';

/** Links shown with a result. */
export interface ResultLinks {
  /** The workflow run (`{server}/{repo}/actions/runs/{id}`). */
  runUrl?: string;
  /** Where the artifact with the event log can be downloaded. */
  artifactUrl?: string;
  /** Name of the artifact (`steward-<session id>`). */
  artifactName?: string;
}

const STATE_LABEL: Record<TerminalState, string> = {
  completed: '✅ completed',
  no_changes: '➖ no changes needed',
  budget_reached: '⏸️ budget reached',
  requires_action: '✋ waiting for approval',
  denied: '🚫 denied',
  error: '❌ error',
};

/** The hidden marker that identifies Steward's comment for a session. */
export function sessionMarker(sessionId: string): string {
  return `<!-- steward:session=${sessionId} -->`;
}

/** Formats USD with enough digits to show cents of small runs (`$0.0123`). */
export function formatUsd(usd: number): string {
  return usd >= 1 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(4)}`;
}

/** Formats a duration given in ms as `1m 05s` / `4.2s`. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

/** One-line figures: cost, tokens, turns, duration. */
export function figuresLine(r: SessionResult): string {
  const u = r.usage;
  return [
    `cost ${formatUsd(u.cost_usd)}`,
    `tokens ${u.input_tokens.toLocaleString('en-US')} in / ${u.output_tokens.toLocaleString('en-US')} out / ${u.cache_read_input_tokens.toLocaleString('en-US')} cache read`,
    `${r.turns} turn${r.turns === 1 ? '' : 's'}`,
    formatDuration(r.duration_ms),
  ].join(' · ');
}

/**
 * The final comment of a session (DESIGN section 5a): state, the answer, what failed and what to
 * change, the figures, and links; led by the hidden session marker so a later run finds it.
 */
export function renderResultComment(r: SessionResult, links: ResultLinks = {}): string {
  const parts = [sessionMarker(r.session_id), `### Steward · \`${r.agent}\` · ${STATE_LABEL[r.state]}`, ''];
  if (r.state === 'budget_reached' && r.limit) parts.push(`Stopped at the **${r.limit}** limit.`, '');
  if (r.error) {
    parts.push(`**What failed:** ${r.error.message}`);
    if (r.error.hint) parts.push(`**What to change:** ${r.error.hint}`);
    parts.push('');
  }
  if (r.result.trim()) parts.push(r.result.trim(), '');
  parts.push(`<sub>${figuresLine(r)}${linkLine(links)}</sub>`);
  return parts.join('\n');
}

function linkLine(links: ResultLinks): string {
  const out: string[] = [];
  if (links.runUrl) out.push(`[run](${links.runUrl})`);
  if (links.artifactUrl) out.push(`[event log](${links.artifactUrl})`);
  else if (links.artifactName) out.push(`event log: artifact \`${links.artifactName}\``);
  return out.length ? ` · ${out.join(' · ')}` : '';
}

/** A comment for a run that failed before any session started (bad spec, bad input). */
export function renderSetupFailureComment(
  message: string,
  hint: string | undefined,
  links: ResultLinks,
): string {
  return [
    '<!-- steward:setup-error -->',
    `### Steward · ${STATE_LABEL.error}`,
    '',
    '**What failed:**',
    '```',
    message,
    '```',
    hint ? `**What to change:** ${hint}` : '',
    '',
    `<sub>no model request was made${linkLine(links)}</sub>`,
  ].join('\n');
}

/** The job-summary section of a session: a table of figures plus the answer. */
export function renderJobSummary(r: SessionResult, links: ResultLinks = {}): string {
  const u = r.usage;
  const rows = [
    ['state', STATE_LABEL[r.state]],
    ['stop reason', r.stop_reason?.type ?? '—'],
    ['cost', formatUsd(u.cost_usd)],
    ['input tokens', String(u.input_tokens)],
    ['output tokens', String(u.output_tokens)],
    ['cache read tokens', String(u.cache_read_input_tokens)],
    ['turns', String(r.turns)],
    ['duration', formatDuration(r.duration_ms)],
    ['session', `\`${r.session_id}\``],
  ];
  if (links.artifactName) rows.push(['artifact', `\`${links.artifactName}\``]);
  const table = ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
  const error = r.error
    ? `\n\n**What failed:** ${r.error.message}${r.error.hint ? `\n\n**What to change:** ${r.error.hint}` : ''}`
    : '';
  return `## Steward · ${r.agent}\n\n${table}${error}\n\n${r.result.trim()}\n`;
}
