/**
 * One planned session from start to its final comment: 👀 on the command, the check run, the
 * tracking comment (reused when continuing a session on the thread), the prompt, the session with
 * the safe-output tools, then src/action/finish.ts. Whatever fails, the run ends with a final
 * comment, a finished check run, an uploaded log and a job summary (DESIGN section 5, invariant 6).
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { readEventLog } from '../events/log.ts';
import { replayEvents } from '../events/replay.ts';
import type { SessionEvent } from '../events/types.ts';
import { downloadSessionArtifact } from '../github/artifacts.ts';
import type { RoleLookup } from '../github/auth.ts';
import { workspaceHead } from '../github/changes.ts';
import { CheckRun } from '../github/checks.ts';
import { tightenLimits } from '../github/commands.ts';
import { eventLabel, type Target, type Task, threadNumber } from '../github/context.ts';
import { gatherContext } from '../github/gather.ts';
import type { GitHubClient } from '../github/octokit.ts';
import type { Outbound } from '../github/outbound.ts';
import { ThrottledPublisher } from '../github/progress.ts';
import { buildTaskPrompt } from '../github/prompt.ts';
import { findPreviousSession, type PreviousSession, reactEyes, TrackingComment } from '../github/tracking.ts';
import { createModelClient } from '../model/client.ts';
import { type ResultLinks, renderWorkingComment, type TrackingMeta } from '../report/markdown.ts';
import { ProgressModel } from '../report/progress.ts';
import { composeSession, sessionWarnings } from '../session/compose.ts';
import { ConfirmationError } from '../session/permissions.ts';
import type { SessionResult } from '../session/result.ts';
import { newSessionId, ResumeError, runSession } from '../session/run.ts';
import { type AgentSpec, renderTask } from '../spec/index.ts';
import { toolEnvironment } from '../tools/env.ts';
import { githubOutputTools, OutputRecorder } from '../tools/github.ts';
import { newFenceNonce } from '../tools/untrusted.ts';
import { finishSession, type SessionOutcome, setupFailure } from './finish.ts';
import type { ActionInputs } from './inputs.ts';
import type { PlannedRun } from './plan.ts';
import { STATE } from './state.ts';

/** What every session of one Action run shares. */
export interface RunContext {
  inputs: ActionInputs;
  gh: GitHubClient;
  outbound: Outbound;
  roles: RoleLookup;
  task: Task;
  /** The task's target, a comment on a PR resolved to the PR. */
  target: Target;
  links: ResultLinks;
  signal?: AbortSignal;
  warn: (message: string) => void;
}

/** Runs `run` and reports it; never throws for anything a user can fix. */
export async function runPlannedSession(ctx: RunContext, run: PlannedRun): Promise<SessionOutcome> {
  const { inputs, gh, task, target, outbound } = ctx;
  const spec = run.spec;
  const notes: string[] = [];
  const scratch = join(inputs.runnerTemp || tmpdir(), 'steward');

  // The session to continue or answer, and its events.
  let previous: PreviousSession | null = run.previous ?? null;
  const number = threadNumber(task);
  if (!previous && run.mode.kind === 'continue' && number !== null) {
    previous = await findPreviousSession(gh, task, number, {
      selfLogin: inputs.botLogin,
      agent: spec.name,
    }).catch((err: unknown) => {
      ctx.warn(`could not look for a previous session: ${String(err)}`);
      return null;
    });
  }
  let resumeEvents: SessionEvent[] | null = null;
  let loadFailure: string | null = null;
  if (previous && run.mode.kind !== 'fresh') {
    try {
      const dir = join(scratch, 'previous', previous.sessionId);
      mkdirSync(dir, { recursive: true });
      const path = await downloadSessionArtifact(
        {
          sessionId: previous.sessionId,
          runId: Number(previous.meta.run_id),
          currentRunId: Number(inputs.runId),
          owner: task.repo.owner,
          repo: task.repo.name,
          token: inputs.githubToken,
        },
        dir,
      );
      resumeEvents = readEventLog(path).events;
    } catch (err) {
      loadFailure = `could not load the event log of session ${previous.sessionId} (run ${previous.meta.run_id}): ${err instanceof Error ? err.message : String(err)}`;
      ctx.warn(loadFailure);
    }
  }
  const answering = run.mode.kind === 'approve' || run.mode.kind === 'deny';
  if (loadFailure && !answering) notes.push(`Started a new session: ${loadFailure}.`);
  if (resumeEvents && previous) notes.push(`Continues session \`${previous.sessionId}\`.`);
  const sessionId = resumeEvents && previous ? previous.sessionId : newSessionId();
  const outDir = join(scratch, inputs.runId || 'local', sessionId);
  core.saveState(STATE.outDir, outDir);
  core.saveState(STATE.sessionId, sessionId);
  core.saveState(STATE.agent, spec.name);
  core.saveState(STATE.done, 'false');
  core.saveState(STATE.tracking, '');
  core.saveState(STATE.check, '');
  const budgetNote = [
    run.budget.maxTurns !== undefined ? `turns ≤ ${run.budget.maxTurns}` : '',
    run.budget.maxCostUsd !== undefined ? `cost ≤ $${run.budget.maxCostUsd}` : '',
  ].filter(Boolean);
  if (budgetNote.length) notes.push(`Limits tightened by the command: ${budgetNote.join(', ')}.`);

  // Visible start: 👀, check run, tracking comment. Chained, so GitHub sees them in this order,
  // but not awaited: the throttling plugin spaces writes a second apart (GitHub's advice for
  // content-creating requests), and the session must not wait for that before its first model
  // request. Whoever needs the check run or the comment awaits it.
  const headSha =
    target.kind === 'pull_request' ? target.head.sha : target.kind === 'commit' ? target.sha : inputs.sha;
  const eyesDone = task.comment ? reactEyes(gh, task, ctx.warn) : Promise.resolve();
  const checkReady = eyesDone.then(async () => {
    const check = await CheckRun.start(gh, task, outbound, {
      agent: spec.name,
      headSha,
      ...(ctx.links.runUrl ? { detailsUrl: ctx.links.runUrl } : {}),
      warn: ctx.warn,
    });
    if (check) core.saveState(STATE.check, String(check.id));
    return check;
  });
  const meta: TrackingMeta = { agent: spec.name, run_id: inputs.runId, state: 'running' };
  const progress = new ProgressModel();
  for (const e of resumeEvents ?? []) progress.apply(e);
  const working = () =>
    renderWorkingComment({
      sessionId,
      agent: spec.name,
      meta,
      steps: progress.steps,
      note: progress.note,
      turns: progress.turns,
      links: ctx.links,
      notes,
      // Before the log records them: the session is about to run this way.
      warnings: sessionWarnings(spec),
    });
  if (spec.outputs.comment) {
    const thread =
      target.kind === 'pull_request' || target.kind === 'issue'
        ? { kind: target.kind, number: target.number }
        : target.kind === 'commit'
          ? { kind: 'commit', sha: target.sha }
          : null;
    if (thread) core.saveState(STATE.thread, JSON.stringify(thread));
  }
  const trackingReady = checkReady.then(async (): Promise<TrackingComment | null> => {
    if (!spec.outputs.comment) return null;
    try {
      let tracking: TrackingComment | null;
      if (resumeEvents && previous?.comment.kind === 'issue') {
        tracking = TrackingComment.attach(gh, task, outbound, previous.comment);
        await tracking.update(working());
      } else {
        tracking = await TrackingComment.create(gh, task, target, outbound, working());
      }
      if (tracking) core.saveState(STATE.tracking, JSON.stringify(tracking.ref));
      return tracking;
    } catch (err) {
      ctx.warn(`could not write the tracking comment: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  });
  const startSha = await workspaceHead(inputs.workspace);
  const finish = async (
    result: SessionResult,
    recorder: OutputRecorder | null,
    events: SessionEvent[] | null,
  ) => {
    const [check, tracking] = await Promise.all([checkReady, trackingReady]);
    return finishSession(ctx, {
      spec,
      sessionId,
      outDir,
      result,
      recorder,
      tracking,
      check,
      meta,
      notes,
      progress,
      startSha,
      resumed: events,
    });
  };

  if (answering && !resumeEvents)
    return finish(
      setupFailure(
        spec,
        sessionId,
        outDir,
        loadFailure ?? 'the session waiting for approval was not found',
        'grant the workflow `actions: read` so Steward can download the earlier run’s event log, then answer again',
      ),
      null,
      null,
    );
  let confirmations:
    | Array<{ tool_use_id: string; result: 'allow' | 'deny'; deny_message?: string }>
    | undefined;
  if (answering && resumeEvents) {
    const waiting = replayEvents(resumeEvents).unanswered.filter((c) => c.evaluated_permission === 'ask');
    if (waiting.length === 0)
      return finish(
        setupFailure(
          spec,
          sessionId,
          outDir,
          'no tool call of this session waits for approval any more',
          'start a new request with `/steward …`',
        ),
        null,
        null,
      );
    const deny = run.mode.kind === 'deny' ? run.mode.reason : '';
    confirmations = waiting.map((c) =>
      run.mode.kind === 'approve'
        ? { tool_use_id: c.id, result: 'allow' as const }
        : { tool_use_id: c.id, result: 'deny' as const, ...(deny ? { deny_message: deny } : {}) },
    );
  }

  // The prompt.
  const nonce = newFenceNonce();
  let prompt = '';
  if (!answering) {
    if (resumeEvents) {
      // The conversation already holds the task and its context; only the new request is added.
      prompt =
        run.request !== null && task.comment
          ? `Follow-up request from @${task.comment.author} in a comment:\n${run.request}`
          : `Continue the task (${eventLabel(task)} on ${task.repo.full_name}).`;
    } else {
      const instruction = instructionFor(inputs, spec, task, run, nonce);
      const context = await gatherContext(gh, task, target, ctx.roles, {
        selfLogin: inputs.botLogin,
        warn: ctx.warn,
      });
      prompt = buildTaskPrompt({
        instruction,
        task,
        context,
        trust: { trustedBots: spec.steward.trusted_bots, untrustedComments: spec.steward.untrusted_comments },
        nonce,
      });
    }
  }

  // The session.
  const home = join(scratch, 'home', sessionId);
  mkdirSync(join(home, 'tmp'), { recursive: true });
  const recorder = new OutputRecorder();
  const publisher: ThrottledPublisher | null = spec.outputs.comment
    ? new ThrottledPublisher({
        intervalMs: inputs.progressSeconds * 1000,
        render: working,
        // Progress waits for the comment to exist; without one there is nothing to update.
        write: async (body) => {
          await (await trackingReady)?.update(body);
        },
        warn: ctx.warn,
      })
    : null;
  const composed = composeSession(spec, {
    sessionId,
    prompt,
    workspace: inputs.workspace,
    outDir,
    toolEnv: toolEnvironment({ parent: inputs.env, home }),
    // Redacts every event (recording steward.redaction) and keeps tools out of the runner's secrets.
    redactor: outbound.redactor,
    protect: { runnerTemp: inputs.runnerTemp, ...(inputs.env.HOME ? { hostHome: inputs.env.HOME } : {}) },
    model: createModelClient({
      apiKey: inputs.anthropicApiKey,
      ...(inputs.anthropicBaseUrl ? { baseURL: inputs.anthropicBaseUrl } : {}),
    }),
    ...(inputs.model ? { modelOverride: inputs.model } : {}),
    nonce,
    listeners: [
      (e) => {
        core.debug(`event ${e.type}`);
        // A listener must never throw into the session; progress is best effort.
        try {
          if (progress.apply(e)) publisher?.notify();
        } catch (err) {
          ctx.warn(`progress: ${String(err)}`);
        }
      },
    ],
    metadata: {
      trigger: { event: task.event, actor: task.actor.login, comment: task.comment?.url ?? null },
      target,
      run_url: ctx.links.runUrl ?? null,
      run_id: inputs.runId,
    },
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  const options = {
    ...composed,
    tools: [
      ...composed.tools,
      ...githubOutputTools(
        {
          comment: spec.outputs.comment,
          review: spec.outputs.review
            ? { inline: spec.outputs.review.inline, allowApprove: spec.outputs.review.allow_approve }
            : false,
          pullRequest: spec.outputs.pull_request ? { draft: spec.outputs.pull_request.draft } : false,
          pushToBranch: spec.outputs.push_to_branch,
          labels: spec.outputs.labels,
          createIssue: spec.outputs.create_issue ? { max: spec.outputs.create_issue.max } : false,
          ...(spec.outputs.result_schema ? { resultSchema: spec.outputs.result_schema } : {}),
          target: {
            kind: target.kind,
            sameRepository: target.kind === 'pull_request' && target.head.repo === task.repo.full_name,
          },
        },
        recorder,
      ),
    ],
    limits: tightenLimits(composed.limits, run.budget),
    ...(resumeEvents
      ? { resume: { events: resumeEvents, ...(confirmations ? { confirmations } : {}) } }
      : {}),
  };
  core.info(
    `Steward: running agent ${spec.name} (${options.agent.model}) as session ${sessionId}${resumeEvents ? ' (continued)' : ''}`,
  );
  let result: SessionResult;
  try {
    result = await runSession(options);
  } catch (err) {
    // A log that cannot be continued as asked is a user-fixable problem, not a crash.
    if (err instanceof ResumeError || err instanceof ConfirmationError)
      result = setupFailure(spec, sessionId, outDir, err.message, 'start over with `/steward new …`');
    else
      result = setupFailure(
        spec,
        sessionId,
        outDir,
        `the session stopped unexpectedly: ${err instanceof Error ? err.message : String(err)}`,
        'this is a bug in Steward; the event log has what happened until then',
      );
  } finally {
    await publisher?.close();
  }
  core.info(`Steward: session ${sessionId} ended: ${result.state}`);
  return finish(result, recorder, resumeEvents);
}

/**
 * The instruction of a run: the `task` input, else the spec's `task` (payload strings that could
 * carry instructions are fenced), then the comment's request with its author.
 */
function instructionFor(
  inputs: ActionInputs,
  spec: AgentSpec,
  task: Task,
  run: PlannedRun,
  nonce: string,
): string {
  const base =
    inputs.task ||
    (spec.task
      ? renderTask(spec.task, task.payload, {
          format: (value, path) => {
            if (value === null) return '';
            if (typeof value !== 'string')
              return typeof value === 'object' ? JSON.stringify(value) : String(value);
            // Identifiers (numbers, shas, refs, logins) read as they are; prose is someone's text.
            return /^[\w./@:#+-]{1,100}$/.test(value)
              ? value
              : `<untrusted-${nonce} source="${path}">${value.split(nonce).join('')}</untrusted-${nonce}>`;
          },
        }).text
      : '');
  if (run.request !== null && task.comment) {
    const request = `Request from @${task.comment.author} in a comment:\n${run.request}`;
    return base ? `${base}\n\n${request}` : request;
  }
  return base || `Handle this ${eventLabel(task)} event.`;
}
