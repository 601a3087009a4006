import { costUsd, type TokenUsage } from '../model/pricing.ts';

/** Session-wide token totals and list cost. Tokens are counts; `cost_usd` is USD. */
export interface UsageTotals {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
  cost_usd: number;
  /** Model requests that returned a message (in the whole session, when resumed). */
  requests: number;
}

/** Accumulates the usage of every model response of a session and prices it. */
export class UsageMeter {
  readonly #model: string;
  #totals: UsageTotals = {
    input_tokens: 0,
    output_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation_input_tokens: 0,
    cost_usd: 0,
    requests: 0,
  };

  /**
   * @param model the model id whose list price applies (model/pricing.ts).
   * @param start totals of earlier runs of the session (resume); zero when absent.
   */
  constructor(model: string, start?: UsageTotals) {
    this.#model = model;
    if (start) this.#totals = { ...start };
  }

  /** Adds one response's billed usage (model/pricing.ts `billedTokens`); returns its cost in USD. */
  add(tokens: TokenUsage): number {
    const cost = costUsd(this.#model, tokens);
    const t = this.#totals;
    t.input_tokens += tokens.input_tokens;
    t.output_tokens += tokens.output_tokens;
    t.cache_read_input_tokens += tokens.cache_read_input_tokens;
    t.cache_creation_input_tokens += tokens.cache_creation_input_tokens;
    t.cost_usd += cost;
    t.requests += 1;
    return cost;
  }

  /** A copy of the totals so far. */
  get totals(): UsageTotals {
    return { ...this.#totals };
  }
}
