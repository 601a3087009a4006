import type { SessionResult, TerminalState } from '../session/result.ts';
import { formatDuration, formatUsd, type ReportExtras, STATE_LABEL } from './markdown.ts';

/** The job-summary section of a session: a table of figures, outputs and the answer. */
export function renderJobSummary(r: SessionResult, extras: ReportExtras = {}): string {
  const links = extras.links ?? {};
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
  if (links.artifactName)
    rows.push([
      'artifact',
      links.artifactUrl ? `[\`${links.artifactName}\`](${links.artifactUrl})` : `\`${links.artifactName}\``,
    ]);
  if (extras.blockedHosts?.length) rows.push(['blocked hosts', extras.blockedHosts.join(', ')]);
  const table = ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
  const parts = [`## Steward · ${r.agent}`, ''];
  // Above the table: a run that went without the sandbox must not read like any other.
  for (const w of extras.warnings ?? []) parts.push(`⚠️ ${w}`, '');
  parts.push(table);
  for (const n of extras.notes ?? []) parts.push('', n);
  if (r.error) {
    parts.push('', `**What failed:** ${r.error.message}`);
    if (r.error.hint) parts.push('', `**What to change:** ${r.error.hint}`);
  }
  if (extras.outputs?.length) {
    parts.push('', '**Outputs:**');
    for (const o of extras.outputs)
      parts.push(`- ${o.status === 'applied' ? '✅' : '❌'} ${o.url ? `[${o.detail}](${o.url})` : o.detail}`);
  }
  if (extras.pending?.length)
    parts.push(
      '',
      `**Waiting for approval:** ${extras.pending.map((p) => `\`${p.tool}\``).join(', ')} — answer with \`/steward approve\` or \`/steward deny <reason>\`.`,
    );
  parts.push('', r.result.trim(), '');
  return parts.join('\n');
}

/** A check run conclusion (REST "Check runs": `conclusion`). */
export type CheckConclusion =
  | 'success'
  | 'failure'
  | 'neutral'
  | 'action_required'
  | 'cancelled'
  | 'timed_out';

const BY_STATE: Record<TerminalState, CheckConclusion> = {
  completed: 'success',
  no_changes: 'neutral',
  budget_reached: 'failure',
  requires_action: 'action_required',
  denied: 'neutral',
  error: 'failure',
};

const VERDICT_WORDS: Record<string, CheckConclusion> = {
  approve: 'success',
  approved: 'success',
  pass: 'success',
  passed: 'success',
  success: 'success',
  ok: 'success',
  changes: 'failure',
  request_changes: 'failure',
  reject: 'failure',
  rejected: 'failure',
  fail: 'failure',
  failed: 'failure',
  failure: 'failure',
  neutral: 'neutral',
};

/**
 * The check-run conclusion of a session: from the structured result when the spec declares
 * `outputs.result_schema` and the agent submitted one whose `conclusion` is a check-run conclusion
 * or whose `verdict` is a known word (approve/pass/success → success; changes/reject/fail →
 * failure); otherwise from the terminal state (completed → success, no_changes → neutral,
 * requires_action → action_required, budget_reached and error → failure). A verdict never turns an
 * error green.
 */
export function checkConclusion(state: TerminalState, structured?: unknown): CheckConclusion {
  const byState = BY_STATE[state];
  if (state !== 'completed' && state !== 'no_changes') return byState;
  if (!structured || typeof structured !== 'object') return byState;
  const rec = structured as Record<string, unknown>;
  const conclusion = typeof rec.conclusion === 'string' ? rec.conclusion.toLowerCase() : '';
  if (['success', 'failure', 'neutral', 'action_required'].includes(conclusion))
    return conclusion as CheckConclusion;
  const verdict = typeof rec.verdict === 'string' ? rec.verdict.toLowerCase() : '';
  return VERDICT_WORDS[verdict] ?? byState;
}

/** Title and summary of a finished check run; the summary is the job-summary section. */
export function renderCheckOutput(
  r: SessionResult,
  extras: ReportExtras = {},
): { title: string; summary: string } {
  const title = `${STATE_LABEL[r.state]} · ${formatUsd(r.usage.cost_usd)} · ${r.turns} turn${r.turns === 1 ? '' : 's'}`;
  // Check-run summaries are capped at 65,535 characters by GitHub.
  const summary = renderJobSummary(r, extras);
  return {
    title,
    summary: summary.length > 65_000 ? `${summary.slice(0, 65_000)}\n\n[… truncated]` : summary,
  };
}
