import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BetaMessageParam } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { EventBus, type EventListener, newEventId } from '../events/bus.ts';
import { EventLogWriter } from '../events/log.ts';
import type { SessionEvent } from '../events/types.ts';
import type { ModelClient } from '../model/client.ts';
import type { OutcomeSpec } from '../spec/index.ts';
import type { StewardTool } from '../tools/types.ts';
import { runLoop } from './loop.ts';
import type { SessionResult, TerminalState } from './result.ts';
import { UsageMeter } from './usage.ts';

/** Budgets of one session (the spec's `limits:`); each stops the session with `budget_reached`. */
export interface SessionLimits {
  /** Model requests. */
  maxTurns: number;
  /** Input plus output tokens over the whole session. */
  maxTokens: number;
  /** List cost in USD (model/pricing.ts). */
  maxCostUsd: number;
  /** Wall-clock time in ms. */
  timeoutMs: number;
}

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
  /** The spec's `outcome:` block, checked after `end_turn` (issue: session engine). */
  outcome?: OutcomeSpec;
  /**
   * Continue an earlier session instead of starting one: its events (from its `events.jsonl`),
   * and answers to the tool calls a `requires_action` stop waits for. `prompt` becomes the next
   * `user.message`, or is ignored when it is empty.
   */
  resume?: {
    events: SessionEvent[];
    confirmations?: Array<{ tool_use_id: string; result: 'allow' | 'deny'; deny_message?: string }>;
  };
  /** Directory that receives `events.jsonl` and `session.json`. */
  outDir: string;
  model: ModelClient;
  /** Subscribers to every event, after the log writer (progress display, comment updates). */
  listeners?: EventListener[];
  /** Applied to every event before it is written (redaction). */
  transformEvent?: (event: SessionEvent) => SessionEvent;
  /** Extra fields for the `steward` block of `session.json` (trigger, target, run URL, spec). */
  metadata?: Record<string, unknown>;
  signal?: AbortSignal;
  now?: () => Date;
}

/** Returns a new session id in the Managed Agents form (`sesn_` prefix). */
export function newSessionId(): string {
  return newEventId().replace(/^sevt_/, 'sesn_');
}

/**
 * Runs one session from its first `user.message` to a terminal state: writes `events.jsonl` as it
 * goes and `session.json` at the end, closes the tools, and returns the result. It does not throw
 * for model or tool failures (they end the session in `error`), only when the log cannot be
 * written.
 */
export async function runSession(options: RunSessionOptions): Promise<SessionResult> {
  const now = options.now ?? (() => new Date());
  const sessionId = options.sessionId ?? newSessionId();
  const started = now();
  mkdirSync(options.outDir, { recursive: true });
  const eventLog = join(options.outDir, 'events.jsonl');
  const log = new EventLogWriter(eventLog, options.transformEvent);
  const bus = new EventBus(now);
  bus.subscribe((e) => log.append(e));
  for (const listener of options.listeners ?? []) bus.subscribe(listener);
  const meter = new UsageMeter(options.agent.model);

  const messages: BetaMessageParam[] = [{ role: 'user', content: [{ type: 'text', text: options.prompt }] }];
  bus.emit({ type: 'user.message', content: [{ type: 'text', text: options.prompt }] });
  bus.emit({ type: 'session.status_running' });
  try {
    const outcome = await runLoop(
      {
        model: options.model,
        template: {
          model: options.agent.model,
          system: options.agent.system,
          tools: options.tools.map((t) => t.definition),
          maxTokens: options.agent.maxOutputTokens,
        },
        tools: new Map(options.tools.map((t) => [t.name, t])),
        events: bus,
        meter,
        maxTurns: options.limits.maxTurns,
        ...(options.signal ? { signal: options.signal } : {}),
      },
      messages,
    );
    bus.emit({ type: 'session.status_idle', stop_reason: outcome.stopReason, stop_details: null });
    const state: TerminalState = outcome.error
      ? 'error'
      : outcome.stopReason.type === 'budget_reached'
        ? 'budget_reached'
        : outcome.stopReason.type === 'requires_action'
          ? 'requires_action'
          : 'completed';
    const ended = now();
    const result: SessionResult = {
      session_id: sessionId,
      agent: options.agent.name,
      model: options.agent.model,
      state,
      stop_reason: outcome.stopReason,
      ...(outcome.limit ? { limit: outcome.limit } : {}),
      result: outcome.finalText,
      usage: meter.totals,
      turns: outcome.turns,
      duration_ms: ended.getTime() - started.getTime(),
      ...(outcome.error
        ? {
            error: {
              type: outcome.error.type,
              message: outcome.error.message,
              ...(outcome.error.hint ? { hint: outcome.error.hint } : {}),
            },
          }
        : {}),
      event_log: eventLog,
      started_at: started.toISOString(),
      ended_at: ended.toISOString(),
    };
    writeSessionJson(options, result);
    return result;
  } finally {
    log.close();
    await Promise.allSettled(options.tools.map((t) => t.close?.()));
  }
}

/**
 * Writes `session.json`: the Managed Agents session shape (`id`, `type`, `status`, `agent`,
 * `usage` with `list_cost` in minor units, `stats`) plus the Steward block.
 */
function writeSessionJson(options: RunSessionOptions, result: SessionResult): void {
  const u = result.usage;
  const session = {
    id: result.session_id,
    type: 'session',
    status: 'idle',
    title: options.agent.name,
    agent: { name: options.agent.name, model: { id: options.agent.model }, system: options.agent.system },
    usage: {
      input_tokens: u.input_tokens,
      output_tokens: u.output_tokens,
      cache_read_input_tokens: u.cache_read_input_tokens,
      cache_creation_input_tokens: u.cache_creation_input_tokens,
      list_cost: { amount: String(Math.round(u.cost_usd * 100)), currency: 'USD' },
    },
    stats: { duration_seconds: result.duration_ms / 1000 },
    created_at: result.started_at,
    updated_at: result.ended_at,
    steward: { ...options.metadata, ...result },
  };
  writeFileSync(join(options.outDir, 'session.json'), `${JSON.stringify(session, null, 2)}\n`);
}
