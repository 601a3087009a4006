import type { StopReason } from '../events/types.ts';
import type { UsageTotals } from './usage.ts';

/**
 * The one terminal state every run ends in (DESIGN section 5a).
 * - `completed`: the agent ended its turn with an answer.
 * - `no_changes`: the agent decided nothing was needed, and said why.
 * - `budget_reached`: a limit (turns, tokens, cost, time) stopped it; partial results stand.
 * - `requires_action`: a tool call waits for a maintainer's `/steward approve` or `deny`.
 * - `denied`: the trigger was not authorized; no model request was made.
 * - `error`: something failed; `error.message` says what, `error.hint` what to change.
 */
export type TerminalState =
  | 'completed'
  | 'no_changes'
  | 'budget_reached'
  | 'requires_action'
  | 'denied'
  | 'error';

/** A failure as shown to users: what failed and, when the user can fix it, what to change. */
export interface SessionFailure {
  /** Managed Agents error type (`session.error.error.type`) or a Steward one (`spec_error`, …). */
  type: string;
  message: string;
  hint?: string;
}

/**
 * The outcome of one session, as written to `session.json` (`steward` block) and shown in the
 * comment, check run, job summary and Action outputs.
 */
export interface SessionResult {
  session_id: string;
  agent: string;
  model: string;
  state: TerminalState;
  /** `stop_reason` of the final `session.status_idle`, or null when the session never ran. */
  stop_reason: StopReason | null;
  /** Which limit stopped the session, for `budget_reached`: `turns`, `tokens`, `cost` or `time`. */
  limit?: string;
  /** The last outcome evaluation, when the spec declares an `outcome:`. */
  outcome?: {
    /** `satisfied`, `needs_revision`, `max_iterations_reached`, `failed` or `interrupted`. */
    result: string;
    explanation: string;
    /** Evaluations made in the whole session. */
    evaluations: number;
  };
  /** The agent's final answer (markdown), possibly empty. */
  result: string;
  usage: UsageTotals;
  /** Model requests made in the whole session (agent turns, compaction summaries, grader requests). */
  turns: number;
  /** Wall-clock duration of the session in ms. */
  duration_ms: number;
  error?: SessionFailure;
  /** Path of `events.jsonl` on the runner. */
  event_log: string;
  /** RFC 3339 start and end times. */
  started_at: string;
  ended_at: string;
}
