import type { ModelPrice, TokenUsage } from '../model/pricing.ts';
import { totalTokens } from '../model/pricing.ts';

/** The four budgets of a session, as named in `SessionResult.limit`. */
export type LimitName = 'turns' | 'tokens' | 'cost' | 'time';

/** Budgets of one session (the spec's `limits:`); each stops the session with `budget_reached`. */
export interface SessionLimits {
  /** Model requests. */
  maxTurns: number;
  /** Input (uncached, cache read and cache write) plus output tokens over the whole session. */
  maxTokens: number;
  /** List cost in USD (model/pricing.ts). */
  maxCostUsd: number;
  /** Wall-clock time in ms the session may run. */
  timeoutMs: number;
}

/** What a session had already spent when this run started (resume); zero for a new session. */
export interface BudgetSpent {
  turns: number;
  /** Tokens, counted as in {@link SessionLimits.maxTokens}. */
  tokens: number;
  costUsd: number;
  /** Wall-clock ms of earlier runs. */
  activeMs: number;
}

/** Whether the next request may go out, and with how many output tokens. */
export type BudgetPlan =
  | { ok: true; maxTokens: number; clampedBy?: LimitName }
  | { ok: false; limit: LimitName };

/** Fractions of a budget at which the model is warned, once each (issue 4: 80 % and 95 %). */
const THRESHOLDS = [0.8, 0.95] as const;

/** Smallest useful `max_tokens`: below this a request is not worth sending. */
export const MIN_OUTPUT_TOKENS = 1024;

/** The prompt cache's default lifetime (Anthropic prompt caching docs: 5 minutes, renewed on read). */
const CACHE_TTL_MS = 5 * 60_000;

/**
 * The session's budgets and what is spent of them. Before each model request, {@link Budget.plan}
 * checks a worst-case estimate of that request against what remains, so no budget is exceeded by
 * more than the error of that estimate: the input of the request is estimated (the context the
 * API reported for the previous request, exact, plus the bytes added since / 4), priced as if the
 * cached prefix were read (or rewritten, when the cache may have expired) and everything new were
 * a cache write; the output is `max_tokens` at the output price. When the remaining budget cannot
 * pay for the full `max_tokens`, the request is sent with fewer (at least {@link MIN_OUTPUT_TOKENS}).
 */
export class Budget {
  readonly limits: SessionLimits;
  readonly #price: ModelPrice;
  readonly #now: () => number;
  readonly #startedAt: number;
  #turns: number;
  #tokens: number;
  #cost: number;
  readonly #priorMs: number;
  /** Context size (all input tokens) the API reported for the last request, and when. */
  #lastContext: { tokens: number; bytes: number; cached: boolean; at: number } | undefined;
  readonly #warned = new Map<LimitName, number>();

  /**
   * @param price list price of the session's model (model/pricing.ts).
   * @param now clock in ms; time spent counts from construction.
   */
  constructor(limits: SessionLimits, price: ModelPrice, spent: BudgetSpent, now: () => number) {
    this.limits = limits;
    this.#price = price;
    this.#now = now;
    this.#startedAt = now();
    this.#turns = spent.turns;
    this.#tokens = spent.tokens;
    this.#cost = spent.costUsd;
    this.#priorMs = spent.activeMs;
    // Thresholds crossed before a resume were warned about then.
    for (const [name, used] of this.#fractions()) this.#warned.set(name, passed(used));
  }

  /** Model requests made, over the whole session. */
  get turns(): number {
    return this.#turns;
  }

  /** Wall-clock ms spent, over the whole session. */
  elapsedMs(): number {
    return this.#priorMs + (this.#now() - this.#startedAt);
  }

  /** Ms left before the time limit (≤ 0 when reached). */
  remainingMs(): number {
    return this.limits.timeoutMs - this.elapsedMs();
  }

  /**
   * Records one answered model request: its billed usage and cost, and the context it had
   * (`requestBytes`: the serialized size of its messages, the base for the next estimate).
   */
  record(usage: TokenUsage, costUsd: number, requestBytes: number): void {
    this.#turns += 1;
    this.#tokens += totalTokens(usage);
    this.#cost += costUsd;
    this.#lastContext = {
      tokens: usage.input_tokens + usage.cache_read_input_tokens + usage.cache_creation_input_tokens,
      bytes: requestBytes,
      cached: usage.cache_read_input_tokens + usage.cache_creation_input_tokens > 0,
      at: this.#now(),
    };
  }

  /** Forgets the last context size (after the conversation was replaced by a summary). */
  resetContext(): void {
    this.#lastContext = undefined;
  }

  /**
   * Input tokens the next request will have: the previous request's reported context plus a
   * quarter of the bytes added since, or a quarter of the whole request's bytes when there is no
   * previous request to build on. `bytes` is the size of the request's messages; `fixedBytes` of
   * its tools and system prompt.
   */
  estimateInputTokens(bytes: number, fixedBytes: number): { tokens: number; prefix: number } {
    const last = this.#lastContext;
    if (!last || bytes < last.bytes) return { tokens: Math.ceil((bytes + fixedBytes) / 4), prefix: 0 };
    const added = Math.ceil((bytes - last.bytes) / 4);
    const warm = last.cached && this.#now() - last.at < CACHE_TTL_MS;
    return { tokens: last.tokens + added, prefix: warm ? last.tokens : 0 };
  }

  /**
   * Decides whether a request of `input` estimated tokens (`prefix` of them likely cache reads)
   * asking for `maxTokens` of output fits in every budget; returns the `max_tokens` to send (with
   * the budget that lowered it, if one did), or the first limit that stops it (checked in the
   * order turns, time, tokens, cost).
   */
  plan(input: { tokens: number; prefix: number }, maxTokens: number): BudgetPlan {
    const l = this.limits;
    if (this.#turns >= l.maxTurns) return { ok: false, limit: 'turns' };
    if (this.remainingMs() <= 0) return { ok: false, limit: 'time' };
    const floor = Math.min(MIN_OUTPUT_TOKENS, maxTokens);
    const byTokens = l.maxTokens - this.#tokens - input.tokens;
    if (byTokens < floor) return { ok: false, limit: 'tokens' };
    const p = this.#price;
    const inputUsd =
      (input.prefix * p.cacheRead + (input.tokens - input.prefix) * p.cacheWrite5m) / 1_000_000;
    const byCost = Math.floor(((l.maxCostUsd - this.#cost - inputUsd) * 1_000_000) / p.output);
    if (byCost < floor) return { ok: false, limit: 'cost' };
    if (byTokens < maxTokens || byCost < maxTokens) {
      return {
        ok: true,
        maxTokens: Math.min(byTokens, byCost),
        clampedBy: byTokens <= byCost ? 'tokens' : 'cost',
      };
    }
    return { ok: true, maxTokens };
  }

  /**
   * Notes for the model about budgets that newly passed 80 % or 95 % since the last call (each
   * threshold once per budget); empty when none did.
   */
  warnings(): string[] {
    const notes: string[] = [];
    for (const [name, used] of this.#fractions()) {
      const level = passed(used);
      if (level <= (this.#warned.get(name) ?? 0)) continue;
      this.#warned.set(name, level);
      notes.push(warningText(name, used, this.#describe(name)));
    }
    return notes;
  }

  #fractions(): Array<[LimitName, number]> {
    const l = this.limits;
    return [
      ['turns', this.#turns / l.maxTurns],
      ['tokens', this.#tokens / l.maxTokens],
      ['cost', this.#cost / l.maxCostUsd],
      ['time', this.elapsedMs() / l.timeoutMs],
    ];
  }

  #describe(name: LimitName): string {
    const l = this.limits;
    switch (name) {
      case 'turns':
        return `${this.#turns} of ${l.maxTurns} model turns`;
      case 'tokens':
        return `${this.#tokens.toLocaleString('en-US')} of ${l.maxTokens.toLocaleString('en-US')} tokens`;
      case 'cost':
        return `$${this.#cost.toFixed(2)} of $${l.maxCostUsd.toFixed(2)}`;
      case 'time':
        return `${Math.round(this.elapsedMs() / 1000)} s of ${Math.round(l.timeoutMs / 1000)} s`;
    }
  }
}

/** The highest threshold `used` has passed, or 0. */
function passed(used: number): number {
  return THRESHOLDS.filter((t) => used >= t).at(-1) ?? 0;
}

function warningText(name: LimitName, used: number, detail: string): string {
  const pct = Math.min(100, Math.floor(used * 100));
  const advice =
    used >= 0.95
      ? 'Stop starting new work: finish what is in progress and give your final answer now.'
      : 'Prioritize: finish the most important part of the task and plan to give your final answer soon.';
  return `[Steward budget notice] ${pct}% of this session's ${name} budget is used (${detail}). ${advice}`;
}
