import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BetaMessageParam } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { EventBus, type EventListener, newEventId } from '../events/bus.ts';
import { appendUserContent } from '../events/replay.ts';
import type { SessionEvent } from '../events/types.ts';
import type { ModelClient } from '../model/client.ts';
import { priceOf } from '../model/pricing.ts';
import type { OutcomeSpec } from '../spec/index.ts';
import type { StewardTool } from '../tools/types.ts';
import { Budget, type SessionLimits } from './budget.ts';
import { type CheckRunner, type CheckWorkspace, checkRunner } from './checks.ts';
import { type CompactionSettings, DEFAULT_COMPACTION, serverCompactionTrigger } from './compaction.ts';
import { aborted, addNotes, haltedBy, type LoopContext, type LoopOutcome, runLoop } from './loop.ts';
import { evaluateOutcome, type OutcomeEvaluation, outcomeNote, revisionNote } from './outcome.ts';
import { matchConfirmations, type ToolConfirmation } from './permissions.ts';
import { openLog, writeRunningSessionJson, writeSessionJson } from './record.ts';
import type { SessionResult } from './result.ts';
import { type RestoredSession, ResumeError, restoreSession, settleOpenCalls } from './resume.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.ts';
import { UsageMeter } from './usage.ts';

/** The session's budgets (session/budget.ts), re-exported for composition roots. */
export type { SessionLimits } from './budget.ts';

/** What {@link runSession} needs; composed by the Action or the CLI. */
export interface RunSessionOptions {
  /** Session id; a new `sesn_…` id when absent. */
  sessionId?: string;
  agent: {
    name: string;
    model: string;
    system: string;
    /** `max_tokens` per response, in output tokens. */
    maxOutputTokens: number;
  };
  tools: StewardTool[];
  /** The instruction, as the first `user.message`. */
  prompt: string;
  limits: SessionLimits;
  /** The spec's `outcome:` block, checked after `end_turn`. */
  outcome?: OutcomeSpec;
  /**
   * Where outcome checks run when `tools` has no `bash` (and the directory a bash check `cd`s to
   * first): the workspace and the tool environment (tools/env.ts).
   */
  workspace?: CheckWorkspace;
  /**
   * Runs outcome checks when the session has no `bash` tool: the composition root passes the
   * sandboxed one-off runner, so a check never runs outside the sandbox.
   */
  runCheck?: CheckRunner;
  /** Retry of failed model requests on top of the SDK's; default {@link DEFAULT_RETRY_POLICY}. */
  retry?: RetryPolicy;
  /** When and how a long conversation is compacted; default {@link DEFAULT_COMPACTION}. */
  compaction?: Partial<CompactionSettings>;
  /**
   * Continue an earlier session instead of starting one: its events (from its `events.jsonl`),
   * and answers to the tool calls a `requires_action` stop waits for. `prompt` becomes the next
   * `user.message`, or is ignored when it is empty.
   */
  resume?: {
    events: SessionEvent[];
    confirmations?: ToolConfirmation[];
  };
  /**
   * Directory that receives `events.jsonl` and `session.json`. On resume, an `events.jsonl`
   * already there must be the resumed log (it is continued); otherwise the history is copied in.
   */
  outDir: string;
  model: ModelClient;
  /** Subscribers to every event, after the log writer (progress display, comment updates). */
  listeners?: EventListener[];
  /** Applied to every event before it is written (redaction). */
  transformEvent?: (event: SessionEvent) => SessionEvent;
  /** Extra fields for the `steward` block of `session.json` (trigger, target, run URL, spec). */
  metadata?: Record<string, unknown>;
  /**
   * Interrupt (SIGINT/SIGTERM, the Action's cancel): the session records `user.interrupt`, stops
   * at the next boundary (an in-flight model request or tool call is aborted), and goes idle so
   * it can be resumed.
   */
  signal?: AbortSignal;
  now?: () => Date;
}

/** Returns a new session id in the Managed Agents form (`sesn_` prefix). */
export function newSessionId(): string {
  return newEventId().replace(/^sevt_/, 'sesn_');
}

/** Thrown by {@link runSession} when a resume does not fit its log (session/resume.ts). */
export { ResumeError } from './resume.ts';

/**
 * Runs one session — or continues one (`options.resume`) — to a terminal state: writes
 * `events.jsonl` as it goes and `session.json` at the end, closes the tools, and returns the
 * result. Model and tool failures end the session in `error`, never in a throw.
 *
 * @throws ResumeError or ConfirmationError (before any event is written) when the resume request
 *   does not fit the log; the `fs` error when the log cannot be written.
 */
export async function runSession(options: RunSessionOptions): Promise<SessionResult> {
  const now = options.now ?? (() => new Date());
  const sessionId = options.sessionId ?? newSessionId();
  const started = now();
  const model = options.agent.model;
  const restored = options.resume ? restoreSession(options.resume.events, model) : undefined;
  if (restored) checkResumable(restored, options);
  mkdirSync(options.outDir, { recursive: true });
  const eventLog = join(options.outDir, 'events.jsonl');
  const log = openLog(eventLog, options);
  writeRunningSessionJson(options, sessionId, started);
  const bus = new EventBus(now);
  bus.subscribe((e) => log.append(e));
  for (const listener of options.listeners ?? []) bus.subscribe(listener);
  const meter = new UsageMeter(model, restored?.usage);
  const clock = () => now().getTime();
  const budget = new Budget(options.limits, priceOf(model).price, restored?.spent ?? ZERO_SPENT, clock);
  // The time limit aborts whatever runs when it passes, like an interrupt does.
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new Error("the session's time limit was reached")),
    // setTimeout takes at most 2^31-1 ms (about 24 days); a longer limit would fire at once.
    Math.min(Math.max(0, budget.remainingMs()), 2 ** 31 - 1),
  );
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  const tools = new Map(options.tools.map((t) => [t.name, t]));
  const compaction = { ...DEFAULT_COMPACTION, ...options.compaction };
  const serverTrigger = serverCompactionTrigger(model, compaction);
  const ctx: LoopContext = {
    model: options.model,
    events: bus,
    meter,
    budget,
    retry: options.retry ?? DEFAULT_RETRY_POLICY,
    signal,
    ...(options.signal ? { interrupt: options.signal } : {}),
    template: {
      model,
      system: options.agent.system,
      tools: options.tools.map((t) => t.definition),
      maxTokens: options.agent.maxOutputTokens,
      ...(serverTrigger !== undefined ? { serverCompactionTrigger: serverTrigger } : {}),
    },
    tools,
    ...(serverTrigger === undefined ? { summarizeAt: compaction.triggerTokens } : {}),
  };
  try {
    const messages = restored?.messages ?? [];
    const outcomeId = outcomeIdOf(options.resume?.events);
    const waiting = await openSession(options, ctx, messages, restored, outcomeId);
    const done = restored?.outcomeEvaluations ?? 0;
    const { outcome, evaluation, evaluations } =
      waiting.length > 0
        ? { outcome: waitingFor(waiting), evaluation: undefined, evaluations: done }
        : await runWithOutcome(options, ctx, messages, outcomeId, done);
    if (outcome.interrupted) bus.emit({ type: 'user.interrupt' });
    if (outcome.stopReason) {
      bus.emit({
        type: 'session.status_idle',
        stop_reason: outcome.stopReason,
        stop_details: outcome.stopDetails ?? null,
      });
    } else {
      bus.emit({ type: 'session.status_terminated' });
    }
    const ended = now();
    const result: SessionResult = {
      session_id: sessionId,
      agent: options.agent.name,
      model,
      ...terminalState(outcome, evaluation),
      stop_reason: outcome.stopReason,
      ...(outcome.limit ? { limit: outcome.limit } : {}),
      ...(evaluation
        ? { outcome: { result: evaluation.result, explanation: evaluation.explanation, evaluations } }
        : {}),
      result: outcome.finalText || restored?.lastText || '',
      usage: meter.totals,
      turns: budget.turns,
      duration_ms: ended.getTime() - started.getTime(),
      event_log: eventLog,
      started_at: started.toISOString(),
      ended_at: ended.toISOString(),
    };
    writeSessionJson(options, result);
    return result;
  } finally {
    clearTimeout(timer);
    log.close();
    await Promise.allSettled(options.tools.map((t) => t.close?.()));
  }
}

const ZERO_SPENT = { turns: 0, tokens: 0, costUsd: 0, activeMs: 0 };

/** A resumed session whose calls still wait for approval stops again without a model request. */
function waitingFor(ids: string[]): LoopOutcome {
  return { stopReason: { type: 'requires_action', event_ids: ids }, finalText: '' };
}

/**
 * Refuses, before anything is written, a resume that has nothing to continue or answers calls
 * that do not wait for approval.
 */
function checkResumable(restored: RestoredSession, options: RunSessionOptions): void {
  const last = restored.messages.at(-1);
  const open = restored.waiting.length + restored.interrupted.length;
  if (last?.role === 'assistant' && open === 0 && !options.prompt.trim()) {
    throw new ResumeError(
      `the session ended its turn (${restored.lastStop?.type ?? 'no stop recorded'}); give a new task to continue it (--task)`,
    );
  }
  matchConfirmations(restored.waiting, options.resume?.confirmations ?? []);
}

/**
 * The opening events: a new session gets its `user.message`, the outcome definition and
 * `session.status_running`; a resumed one settles its open tool calls and gets the new prompt.
 * Returns the ids of calls still waiting for approval.
 */
async function openSession(
  options: RunSessionOptions,
  ctx: LoopContext,
  messages: BetaMessageParam[],
  restored: RestoredSession | undefined,
  outcomeId: string,
): Promise<string[]> {
  const events = ctx.events;
  const prompt = options.prompt.trim() ? [{ type: 'text' as const, text: options.prompt }] : [];
  if (!restored) {
    events.emit({ type: 'user.message', content: prompt });
    appendUserContent(messages, prompt);
    if (options.outcome) {
      const o = options.outcome;
      events.emit({
        type: 'user.define_outcome',
        outcome_id: outcomeId,
        description: o.description ?? '',
        rubric: { type: 'text', content: o.rubric ?? '' },
        max_iterations: o.max_iterations,
      });
      addNotes(events, messages, [outcomeNote(o)]);
    }
    events.emit({ type: 'session.status_running' });
    return [];
  }
  events.emit({ type: 'session.status_running' });
  const waiting = await settleOpenCalls(
    restored,
    options.resume?.confirmations ?? [],
    ctx.tools,
    events,
    messages,
    ctx.signal,
  );
  if (prompt.length > 0) {
    events.emit({ type: 'user.message', content: prompt });
    appendUserContent(messages, prompt);
  }
  return waiting;
}

/** The `outc_` id of the session's outcome: the one its log defined, or a new one. */
function outcomeIdOf(events: readonly SessionEvent[] | undefined): string {
  const defined = events?.findLast((e) => e.type === 'user.define_outcome');
  return defined?.type === 'user.define_outcome'
    ? defined.outcome_id
    : newEventId().replace(/^sevt_/, 'outc_');
}

/**
 * The loop, then — when the spec declares an outcome and the agent ended its turn — outcome
 * evaluations; an unmet outcome goes back to the agent as a note, until it is met or the
 * evaluations allowed (`max_iterations`, over the whole session) are used.
 */
async function runWithOutcome(
  options: RunSessionOptions,
  ctx: LoopContext,
  messages: BetaMessageParam[],
  outcomeId: string,
  done: number,
): Promise<{ outcome: LoopOutcome; evaluation?: OutcomeEvaluation; evaluations: number }> {
  const spec = options.outcome;
  const octx = spec && {
    ...ctx,
    spec,
    outcomeId,
    runCheck: checkRunner(ctx.tools, options.workspace, options.runCheck),
  };
  let evaluations = done;
  let evaluation: OutcomeEvaluation | undefined;
  const end = (outcome: LoopOutcome) => ({ outcome, ...(evaluation ? { evaluation } : {}), evaluations });
  for (;;) {
    const outcome = await runLoop(ctx, messages);
    const finished = outcome.stopReason?.type === 'end_turn' && !outcome.error && !outcome.interrupted;
    if (!octx || !finished || evaluations >= octx.spec.max_iterations) return end(outcome);
    evaluation = await evaluateOutcome(octx, evaluations, outcome.finalText);
    evaluations += 1;
    if (evaluation.stop) return end(haltedBy(ctx, evaluation.stop, outcome.finalText));
    if (evaluation.result === 'interrupted') return end(aborted(ctx, outcome.finalText));
    if (evaluation.result !== 'needs_revision') return end(outcome);
    addNotes(ctx.events, messages, [revisionNote(evaluation, evaluations - 1, octx.spec.max_iterations)]);
  }
}

/** The terminal state (DESIGN section 5a) and, for `error`, what failed and what to change. */
function terminalState(
  outcome: LoopOutcome,
  evaluation: OutcomeEvaluation | undefined,
): Pick<SessionResult, 'state' | 'error'> {
  if (outcome.error) return { state: 'error', error: outcome.error };
  if (outcome.interrupted) {
    return {
      state: 'error',
      error: {
        type: 'interrupted',
        message: 'the session was interrupted; it stopped at a safe point and can be resumed',
        hint: 'continue it with `steward run --resume <its events.jsonl>`',
      },
    };
  }
  const stop = outcome.stopReason?.type;
  if (stop === 'budget_reached') return { state: 'budget_reached' };
  if (stop === 'requires_action') return { state: 'requires_action' };
  if (evaluation && evaluation.result !== 'satisfied') {
    return {
      state: 'error',
      error: {
        type: 'outcome_not_met',
        message: `the outcome was not met (${evaluation.result}): ${evaluation.explanation}`,
        hint: 'look at the failing checks; raise `outcome.max_iterations` if the agent was close',
      },
    };
  }
  return { state: 'completed' };
}
