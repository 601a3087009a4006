import type { SessionResult, TerminalState } from '../session/result.ts';
import { codeSpan, type ProgressStep, renderChecklist } from './progress.ts';

/** Links shown with a result. */
export interface ResultLinks {
  /** The workflow run (`{server}/{repo}/actions/runs/{id}`). */
  runUrl?: string;
  /** Where the artifact with the event log can be downloaded. */
  artifactUrl?: string;
  /** Name of the artifact (`steward-<session id>`). */
  artifactName?: string;
}

/** A GitHub write applied after the session (shape of src/github/apply.ts `AppliedOutput`). */
export interface OutputLine {
  output: string;
  status: 'applied' | 'failed';
  url?: string;
  detail: string;
}

/** A tool call a `requires_action` stop waits for. */
export interface PendingCall {
  id: string;
  tool: string;
  summary: string;
}

/** What the hidden meta marker of a tracking comment records, for the next run on the thread. */
export interface TrackingMeta {
  agent: string;
  /** Workflow run that uploaded the session's artifact. */
  run_id: string;
  state: TerminalState | 'running';
}

/** Everything a final report shows besides the {@link SessionResult}. */
export interface ReportExtras {
  links?: ResultLinks;
  steps?: readonly ProgressStep[];
  outputs?: readonly OutputLine[];
  pending?: readonly PendingCall[];
  /** Hosts the sandbox refused connections to. */
  blockedHosts?: readonly string[];
  /** How the session ran unsafely (`steward.warning` events: the sandbox was off), one line each. */
  warnings?: readonly string[];
  /** Lines shown under the heading (tightened limits, resumed session, …). */
  notes?: readonly string[];
  meta?: TrackingMeta;
}

/** Labels of the terminal states, as shown in comments, summaries and check runs. */
export const STATE_LABEL: Record<TerminalState, string> = {
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

/** The hidden meta marker; its JSON never contains `-->`. */
export function metaMarker(meta: TrackingMeta): string {
  return `<!-- steward:meta ${JSON.stringify(meta).replace(/--/g, '\\u002d\\u002d')} -->`;
}

/** Session id and meta of a tracking comment body, or null when it is not one. */
export function parseTrackingComment(body: string): { sessionId: string; meta: TrackingMeta | null } | null {
  const session = /<!-- steward:session=(sesn_[A-Za-z0-9_-]+) -->/.exec(body)?.[1];
  if (!session) return null;
  const raw = /<!-- steward:meta (\{.*?\}) -->/.exec(body)?.[1];
  let meta: TrackingMeta | null = null;
  if (raw) {
    try {
      const parsed = JSON.parse(raw) as Partial<TrackingMeta>;
      if (
        typeof parsed.agent === 'string' &&
        typeof parsed.run_id === 'string' &&
        typeof parsed.state === 'string'
      )
        meta = { agent: parsed.agent, run_id: parsed.run_id, state: parsed.state };
    } catch {
      meta = null;
    }
  }
  return { sessionId: session, meta };
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

/** ` · [run](…) · [event log](…)`, or the artifact name when there is no URL. */
export function linkLine(links: ResultLinks): string {
  const out: string[] = [];
  if (links.runUrl) out.push(`[run](${links.runUrl})`);
  if (links.artifactUrl) out.push(`[event log](${links.artifactUrl})`);
  else if (links.artifactName) out.push(`event log: artifact \`${links.artifactName}\``);
  return out.length ? ` · ${out.join(' · ')}` : '';
}

function head(sessionId: string, meta: TrackingMeta | undefined): string[] {
  return meta ? [sessionMarker(sessionId), metaMarker(meta)] : [sessionMarker(sessionId)];
}

/** `⚠️` lines for `warnings`, then a blank line; nothing when there are none. */
function warningLines(warnings: readonly string[] | undefined): string[] {
  if (!warnings?.length) return [];
  return [...warnings.map((w) => `⚠️ ${w}  `), ''];
}

/** The tracking comment while a session runs: checklist, latest note, turn count and run link. */
export function renderWorkingComment(view: {
  sessionId: string;
  agent: string;
  meta?: TrackingMeta;
  steps: readonly ProgressStep[];
  note: string;
  turns: number;
  links: ResultLinks;
  notes?: readonly string[];
  /** Shown under the heading, before the notes (see {@link ReportExtras.warnings}). */
  warnings?: readonly string[];
}): string {
  const parts = [
    ...head(view.sessionId, view.meta),
    `### Steward · \`${view.agent}\` · ⏳ working`,
    '',
    ...warningLines(view.warnings),
  ];
  for (const n of view.notes ?? []) parts.push(`${n}  `);
  if (view.notes?.length) parts.push('');
  const checklist = renderChecklist(view.steps);
  if (checklist) parts.push(checklist, '');
  if (view.note) parts.push(`> ${view.note}`, '');
  parts.push(`<sub>turn ${view.turns}${linkLine(view.links)}</sub>`);
  return parts.join('\n');
}

/**
 * The final comment of a session (DESIGN section 5a): state, the answer, what failed and what to
 * change, the outputs applied, what waits for approval, the figures, blocked hosts and links; led
 * by the hidden markers so a later run finds it.
 */
export function renderResultComment(r: SessionResult, extras: ReportExtras = {}): string {
  const links = extras.links ?? {};
  const parts = [
    ...head(r.session_id, extras.meta),
    `### Steward · \`${r.agent}\` · ${STATE_LABEL[r.state]}`,
    '',
    ...warningLines(extras.warnings),
  ];
  for (const n of extras.notes ?? []) parts.push(`${n}  `);
  if (extras.notes?.length) parts.push('');
  if (r.state === 'budget_reached' && r.limit)
    parts.push(`Stopped at the **${r.limit}** limit; partial results below.`, '');
  if (r.error) {
    parts.push(`**What failed:** ${r.error.message}`);
    if (r.error.hint) parts.push(`**What to change:** ${r.error.hint}`);
    parts.push('');
  }
  if (r.result.trim()) parts.push(r.result.trim(), '');
  if (extras.pending?.length) {
    parts.push('**Waiting for approval:**');
    for (const p of extras.pending)
      parts.push(`- \`${p.tool}\`${p.summary ? ` ${codeSpan(p.summary)}` : ''}`);
    parts.push('', 'A maintainer can answer with `/steward approve` or `/steward deny <reason>`.', '');
  }
  if (extras.outputs?.length) {
    parts.push('**Outputs:**');
    for (const o of extras.outputs)
      parts.push(`- ${o.status === 'applied' ? '✅' : '❌'} ${o.url ? `[${o.detail}](${o.url})` : o.detail}`);
    parts.push('');
  }
  const checklist = extras.steps ? renderChecklist(extras.steps) : '';
  if (checklist) parts.push('<details><summary>Steps</summary>', '', checklist, '', '</details>', '');
  if (extras.blockedHosts?.length)
    parts.push(`Blocked by the sandbox: ${extras.blockedHosts.map((h) => `\`${h}\``).join(', ')}`, '');
  parts.push(`<sub>${figuresLine(r)}${linkLine(links)}</sub>`);
  return parts.join('\n');
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

/** The short reply to a comment command Steward refuses (no model request was made). */
export function renderRefusal(login: string, reason: string): string {
  return [
    '<!-- steward:refused -->',
    `@${login} Steward did not run: ${reason}. No model request was made.`,
  ].join('\n');
}

/** A reply to a comment command that cannot be carried out as written, saying what to write. */
export function renderCommandProblem(login: string, problem: string): string {
  return ['<!-- steward:command-problem -->', `@${login} ${problem}`].join('\n');
}

/**
 * The final comment of a session whose run stopped before it finished (cancelled, killed,
 * crashed), written by the post step: what happened, where the log is, how to go on.
 */
export function renderInterruptedComment(view: {
  sessionId: string;
  agent: string;
  meta: TrackingMeta;
  links: ResultLinks;
  uploaded: boolean;
  /** Warnings the session's log recorded (see {@link ReportExtras.warnings}). */
  warnings?: readonly string[];
}): string {
  const log = view.uploaded
    ? `The event log so far is artifact \`steward-${view.sessionId}\`; a new \`/steward …\` command on this thread continues the session from it.`
    : 'The event log could not be uploaded; see the run log.';
  return [
    ...head(view.sessionId, view.meta),
    `### Steward · \`${view.agent}\` · ${STATE_LABEL.error}`,
    '',
    ...warningLines(view.warnings),
    '**What failed:** the run was cancelled or stopped before the session finished.',
    `**What to change:** re-run the job, or go on from where it stopped. ${log}`,
    '',
    `<sub>session \`${view.sessionId}\`${linkLine(view.links)}</sub>`,
  ].join('\n');
}
