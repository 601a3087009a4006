import type {
  BetaMessageParam,
  BetaToolResultBlockParam,
} from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { appendUserContent, type RecordedToolUse, replayEvents } from '../events/replay.ts';
import type { EventSink, SessionEvent, StopReason } from '../events/types.ts';
import { costUsd, totalTokens } from '../model/pricing.ts';
import type { StewardTool } from '../tools/types.ts';
import type { BudgetSpent } from './budget.ts';
import { denialText, matchConfirmations, type ToolConfirmation, unavailableText } from './permissions.ts';
import { recordToolResult, runOne } from './tool-call.ts';
import type { UsageTotals } from './usage.ts';

/** A session rebuilt from its event log (DESIGN section 4). */
export interface RestoredSession {
  /** The conversation so far (events/replay.ts). */
  messages: BetaMessageParam[];
  /** Usage and list cost of the earlier runs, priced at `model`'s price. */
  usage: UsageTotals;
  /** Budget spent by the earlier runs. */
  spent: BudgetSpent;
  /** The last answer text, kept as the result if the resumed run adds none. */
  lastText: string;
  /** Outcome evaluations already made. */
  outcomeEvaluations: number;
  /** Calls held for a maintainer's approval (`evaluated_permission: ask`), not run. */
  waiting: RecordedToolUse[];
  /** Calls that started but have no result: the session stopped (or crashed) while they ran. */
  interrupted: RecordedToolUse[];
  lastStop: StopReason | null;
}

/** Thrown when a log cannot be continued as asked; the message says what to change. */
export class ResumeError extends Error {}

/** What the model is told about a call whose result was lost. */
export const INTERRUPTED_TEXT =
  'This tool call was interrupted: the session stopped while it ran, so its result is lost. It was not re-run and may have partly run. Check its effects before repeating it.';

/**
 * Rebuilds a session's state from its events: the conversation, usage and cost (priced at
 * `model`'s list price; the 1-hour cache-write split is not in the events, so those writes count
 * at the 5-minute price), turns, active time, outcome evaluations, and the tool calls that have
 * no result yet.
 *
 * @throws ResumeError when the events hold no conversation.
 */
export function restoreSession(events: readonly SessionEvent[], model: string): RestoredSession {
  const replay = replayEvents(events);
  if (replay.messages.length === 0) throw new ResumeError('the event log holds no conversation to resume');
  const tokens = { ...replay.usage };
  const cost = costUsd(model, tokens);
  return {
    messages: replay.messages,
    usage: { ...tokens, cost_usd: cost, requests: replay.turns },
    spent: { turns: replay.turns, tokens: totalTokens(tokens), costUsd: cost, activeMs: replay.activeMs },
    lastText: replay.lastText,
    outcomeEvaluations: replay.outcomeEvaluations,
    waiting: replay.unanswered.filter((c) => c.evaluated_permission === 'ask'),
    interrupted: replay.unanswered.filter((c) => c.evaluated_permission !== 'ask'),
    lastStop: replay.lastStop,
  };
}

/**
 * Settles the calls a resumed session left open, before the model is asked again: each answered
 * approval is recorded as `user.tool_confirmation`, then allowed calls run and denied ones get an
 * `is_error` result with the maintainer's message; each interrupted call gets an `is_error` result
 * saying it was interrupted and not re-run ({@link INTERRUPTED_TEXT}) — it is never re-run. The
 * results are appended to `messages`. Returns the ids of calls still waiting for approval.
 *
 * @throws ConfirmationError (session/permissions.ts) when a confirmation answers no waiting call.
 */
export async function settleOpenCalls(
  restored: RestoredSession,
  confirmations: readonly ToolConfirmation[],
  tools: ReadonlyMap<string, StewardTool>,
  events: EventSink,
  messages: BetaMessageParam[],
  signal?: AbortSignal,
): Promise<string[]> {
  const { answered, unanswered } = matchConfirmations(restored.waiting, confirmations);
  for (const { confirmation: c } of answered) {
    events.emit({
      type: 'user.tool_confirmation',
      tool_use_id: c.tool_use_id,
      result: c.result,
      ...(c.result === 'deny' && c.deny_message ? { deny_message: c.deny_message } : {}),
    });
  }
  const results: BetaToolResultBlockParam[] = [];
  for (const { call, confirmation } of answered) {
    const tool = tools.get(call.name);
    const outcome =
      confirmation.result === 'deny'
        ? { content: denialText(confirmation.deny_message), is_error: true }
        : tool
          ? await runOne(tool, call.input, signal)
          : { content: unavailableText(call.name), is_error: true };
    results.push(recordToolResult(events, call.id, outcome));
  }
  for (const call of restored.interrupted) {
    results.push(recordToolResult(events, call.id, { content: INTERRUPTED_TEXT, is_error: true }));
  }
  appendUserContent(messages, results);
  return unanswered.map((c) => c.id);
}
