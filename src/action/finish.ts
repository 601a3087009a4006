/**
 * After a session: the state the outputs imply (`noop` → `no_changes`), the safe outputs applied
 * and logged as `steward.output` events, the artifact, the final comment, the check run, the
 * rolling issue, the job summary and the Action outputs.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { newEventId } from '../events/bus.ts';
import { EventLogWriter, readEventLog } from '../events/log.ts';
import { replayEvents } from '../events/replay.ts';
import type { SessionEvent } from '../events/types.ts';
import { type AppliedOutput, applyOutputs } from '../github/apply.ts';
import { artifactName, uploadSessionArtifact } from '../github/artifacts.ts';
import type { CheckRun } from '../github/checks.ts';
import { upsertRollingIssue } from '../github/rolling-issue.ts';
import { type CommentRef, TrackingComment } from '../github/tracking.ts';
import type { PendingCall, ReportExtras, ResultLinks, TrackingMeta } from '../report/markdown.ts';
import { renderResultComment } from '../report/markdown.ts';
import { describeToolInput, type ProgressModel } from '../report/progress.ts';
import { checkConclusion, renderCheckOutput, renderJobSummary } from '../report/summary.ts';
import { loggedWarnings } from '../report/warnings.ts';
import type { SessionResult } from '../session/result.ts';
import type { AgentSpec } from '../spec/index.ts';
import type { OutputRecorder } from '../tools/github.ts';
import type { RunContext } from './session.ts';
import { STATE } from './state.ts';

/** What one session left behind. */
export interface SessionOutcome {
  result: SessionResult;
  outputs: AppliedOutput[];
  commentUrl: string;
  pullRequestUrl: string;
  artifactId: string;
  /** The structured result (`submit_result`), when one was submitted. */
  structured?: unknown;
}

/** Everything {@link finishSession} needs about the session. */
export interface FinishInput {
  spec: AgentSpec;
  sessionId: string;
  outDir: string;
  result: SessionResult;
  recorder: OutputRecorder | null;
  tracking: TrackingComment | null;
  check: CheckRun | null;
  meta: TrackingMeta;
  notes: string[];
  progress: ProgressModel;
  startSha: string | null;
  /** Events of the earlier part of a continued session. */
  resumed: SessionEvent[] | null;
}

/** A result for a session that could not run at all; no model request was made. */
export function setupFailure(
  spec: AgentSpec,
  sessionId: string,
  outDir: string,
  message: string,
  hint: string,
): SessionResult {
  const now = new Date().toISOString();
  return {
    session_id: sessionId,
    agent: spec.name,
    model: spec.model.id,
    state: 'error',
    stop_reason: null,
    result: '',
    usage: {
      input_tokens: 0,
      output_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
      cost_usd: 0,
      requests: 0,
    },
    turns: 0,
    duration_ms: 0,
    error: { type: 'steward_error', message, hint },
    event_log: join(outDir, 'events.jsonl'),
    started_at: now,
    ended_at: now,
  };
}

/** Applies outputs and reports the session everywhere; never throws for a GitHub failure. */
export async function finishSession(ctx: RunContext, s: FinishInput): Promise<SessionOutcome> {
  const { inputs, gh, task, target, outbound } = ctx;
  let result = s.result;
  const events = existsSync(result.event_log) ? safeRead(result.event_log) : [];
  // A continued session's log may or may not repeat the earlier events; replay the whole session.
  const whole = s.resumed && events[0]?.id !== s.resumed[0]?.id ? [...s.resumed, ...events] : events;
  const replay = replayEvents(whole);

  const intents = s.recorder?.intents ?? [];
  const noop = intents.find((i) => i.type === 'noop');
  if (noop?.type === 'noop' && result.state === 'completed') {
    result = { ...result, state: 'no_changes', result: result.result.trim() || noop.reason };
    patchSessionJson(s.outDir, result);
  }
  const structuredIntent = [...intents].reverse().find((i) => i.type === 'result');
  const structured = structuredIntent?.type === 'result' ? structuredIntent.value : undefined;

  // Safe outputs: applied unless the session failed (then they are listed as not applied).
  let outputs: AppliedOutput[] = [];
  const writes = intents.filter((i) => i.type !== 'noop' && i.type !== 'result');
  if (result.state === 'error') {
    outputs = writes.map((i) => ({
      output: i.type,
      status: 'failed',
      detail: `${i.type} not applied: the session ended in error`,
    }));
  } else if (writes.length > 0) {
    outputs = await applyOutputs(writes, {
      gh,
      task,
      target,
      outbound,
      agent: s.spec.name,
      workspace: inputs.workspace,
      startSha: s.startSha,
      draft: s.spec.outputs.pull_request ? s.spec.outputs.pull_request.draft : true,
      allowWorkflowEdits: s.spec.steward.allow_workflow_edits,
      runId: inputs.runId,
      ...(ctx.links.runUrl ? { runUrl: ctx.links.runUrl } : {}),
    });
  }
  if (outputs.length > 0)
    appendOutputEvents(result.event_log, outputs, outbound.redactor.redactEvent, ctx.warn);

  // The artifact.
  const links: ResultLinks = { ...ctx.links, artifactName: artifactName(s.sessionId) };
  let artifactId = '';
  if (inputs.uploadArtifact && existsSync(result.event_log)) {
    try {
      const uploaded = await uploadSessionArtifact(s.sessionId, s.outDir, outbound.redactor);
      artifactId = String(uploaded.id);
      if (ctx.links.runUrl) links.artifactUrl = `${ctx.links.runUrl}/artifacts/${uploaded.id}`;
    } catch (err) {
      ctx.warn(
        `could not upload the event log artifact: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  // The report, everywhere.
  const pending: PendingCall[] =
    result.state === 'requires_action'
      ? replay.unanswered
          .filter((c) => c.evaluated_permission === 'ask')
          .map((c) => ({ id: c.id, tool: c.name, summary: describeToolInput(c.input) }))
      : [];
  const extras: ReportExtras = {
    links,
    steps: s.progress.steps,
    outputs,
    pending,
    notes: s.notes,
    blockedHosts: blockedHosts(events),
    // From the whole session: a continued session warns about how its earlier part ran too.
    warnings: loggedWarnings(whole),
    meta: { ...s.meta, state: result.state },
  };
  let commentUrl = s.tracking?.ref.url ?? '';
  if (s.spec.outputs.comment) {
    const body = renderResultComment(result, extras);
    try {
      // finalize, not update: the terminal state must be the last write of the comment, also when a
      // progress write is still in flight or a late one comes (see TrackingComment).
      if (s.tracking) await s.tracking.finalize(body);
      else commentUrl = (await TrackingComment.create(gh, task, target, outbound, body))?.ref.url ?? '';
    } catch (err) {
      ctx.warn(`could not write the final comment: ${err instanceof Error ? err.message : String(err)}`);
      // Left so, the comment would say "working" for good (nothing else writes it after a finished
      // session): the post step tries once more, when a rate limit or an outage may have passed.
      if (s.tracking) keepUnwritten(inputs.runnerTemp, s.tracking.ref, outbound.text(body), ctx.warn);
    }
  }
  await s.check?.finish(
    checkConclusion(result.state, structured),
    renderCheckOutput(result, extras),
    ctx.warn,
  );
  const rolling = s.spec.outputs.issue;
  if (rolling && target.kind !== 'issue' && target.kind !== 'pull_request') {
    try {
      const issue = await upsertRollingIssue(gh, task, outbound, {
        agent: s.spec.name,
        title: rolling.title,
        body: renderResultComment(result, { ...extras, meta: undefined }),
        selfLogin: inputs.botLogin,
      });
      if (!commentUrl) commentUrl = issue.url;
    } catch (err) {
      ctx.warn(
        `could not update the rolling issue "${rolling.title}": ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  await writeSummary(outbound.text(renderJobSummary(result, extras)));

  const pullRequestUrl =
    outputs.find((o) => o.output === 'pull_request' && o.status === 'applied')?.url ?? '';
  setOutputs({
    session_id: result.session_id,
    status: result.state,
    stop_reason: result.stop_reason?.type ?? '',
    result: outbound.text(result.result),
    result_json: structured === undefined ? '' : outbound.text(JSON.stringify(structured)),
    cost_usd: result.usage.cost_usd.toFixed(6),
    input_tokens: String(result.usage.input_tokens),
    output_tokens: String(result.usage.output_tokens),
    cache_read_tokens: String(result.usage.cache_read_input_tokens),
    turns: String(result.turns),
    event_log: result.event_log,
    artifact_id: artifactId,
    comment_url: commentUrl,
    pull_request_url: pullRequestUrl,
  });
  core.saveState(STATE.done, 'true');
  if (result.state === 'error')
    core.error(
      `Steward: ${result.error?.message ?? 'session failed'}${result.error?.hint ? `; ${result.error.hint}` : ''}`,
    );
  for (const o of outputs.filter((x) => x.status === 'failed'))
    core.warning(`Steward output ${o.output}: ${o.detail}`);
  return {
    result,
    outputs,
    commentUrl,
    pullRequestUrl,
    artifactId,
    ...(structured !== undefined ? { structured } : {}),
  };
}

function safeRead(path: string): SessionEvent[] {
  try {
    return readEventLog(path).events;
  } catch {
    return [];
  }
}

/** Records each applied output as a `steward.output` event at the end of the session's log. */
function appendOutputEvents(
  path: string,
  outputs: AppliedOutput[],
  transform: (e: SessionEvent) => SessionEvent,
  warn: (message: string) => void,
): void {
  try {
    const log = new EventLogWriter(path, transform);
    try {
      for (const o of outputs)
        log.append({
          id: newEventId(),
          type: 'steward.output',
          processed_at: new Date().toISOString(),
          ...o,
        });
    } finally {
      log.close();
    }
  } catch (err) {
    warn(`could not record the outputs in the event log: ${String(err)}`);
  }
}

/** Rewrites the state in `session.json` when the outputs changed it (noop → no_changes). */
function patchSessionJson(outDir: string, result: SessionResult): void {
  const path = join(outDir, 'session.json');
  if (!existsSync(path)) return;
  try {
    const session = JSON.parse(readFileSync(path, 'utf8')) as { steward?: Record<string, unknown> };
    session.steward = { ...session.steward, state: result.state, result: result.result };
    writeFileSync(path, `${JSON.stringify(session, null, 2)}\n`);
  } catch {
    // session.json is informative; the event log is the record.
  }
}

/** Saves a final comment body GitHub did not accept, for the post step (see `STATE.unwritten`). */
function keepUnwritten(
  runnerTemp: string,
  ref: CommentRef,
  body: string,
  warn: (message: string) => void,
): void {
  try {
    const dir = unwrittenDir(runnerTemp);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${ref.kind}-${ref.id}.json`), JSON.stringify({ ref, body }));
    core.saveState(STATE.unwritten, dir);
  } catch (err) {
    warn(`could not keep the final comment for the post step: ${String(err)}`);
  }
}

/** Where {@link keepUnwritten} saves bodies: the run's scratch directory, shared by its sessions. */
function unwrittenDir(runnerTemp: string): string {
  return join(runnerTemp || tmpdir(), 'steward', 'unwritten-comments');
}

/** Hosts the sandbox refused, from `steward.*` events that name a blocked `host`. */
function blockedHosts(events: SessionEvent[]): string[] {
  const hosts = new Set<string>();
  for (const e of events) {
    const r = e as Record<string, unknown>;
    if (
      typeof r.type === 'string' &&
      r.type.startsWith('steward.') &&
      r.type.includes('block') &&
      typeof r.host === 'string'
    )
      hosts.add(r.host);
  }
  return [...hosts];
}

async function writeSummary(markdown: string): Promise<void> {
  try {
    await core.summary.addRaw(markdown, true).write();
  } catch (err) {
    core.info(`job summary not written: ${String(err)}`);
  }
}

/** Sets step outputs. */
export function setOutputs(outputs: Record<string, string>): void {
  for (const [k, v] of Object.entries(outputs)) core.setOutput(k, v);
}
