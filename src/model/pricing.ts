/**
 * List prices of Claude models, in USD per million tokens (MTok).
 *
 * Source: Anthropic, "Pricing", https://platform.claude.com/docs/en/about-claude/pricing
 * ("Model pricing" table and "Prompt caching" multipliers), read 2026-11-21. Cache writes cost
 * 1.25x the input price for the 5-minute TTL and 2x for the 1-hour TTL; cache reads are listed
 * per model (0.1x for most, lower for the 5.1 / 5.5 generation).
 */
export interface ModelPrice {
  /** USD per MTok of uncached input. */
  input: number;
  /** USD per MTok of output (thinking included). */
  output: number;
  /** USD per MTok written to the 5-minute cache. */
  cacheWrite5m: number;
  /** USD per MTok written to the 1-hour cache. */
  cacheWrite1h: number;
  /** USD per MTok read from the cache. */
  cacheRead: number;
}

function price(input: number, output: number, cacheRead: number): ModelPrice {
  return { input, output, cacheWrite5m: input * 1.25, cacheWrite1h: input * 2, cacheRead };
}

/**
 * Model id prefixes and their prices; the first prefix that matches a model id wins, so more
 * specific prefixes come first. Dated ids (`claude-opus-4-5-20251101`) match their family.
 */
const PRICES: ReadonlyArray<readonly [prefix: string, price: ModelPrice]> = [
  ['claude-fable-5-1', price(10, 50, 0.25)],
  ['claude-mythos-5-1', price(10, 50, 0.25)],
  ['claude-fable-5', price(10, 50, 1)],
  ['claude-mythos-5', price(10, 50, 1)],
  ['claude-opus-5-5', price(4, 20, 0.2)],
  ['claude-opus-5', price(5, 25, 0.5)],
  ['claude-opus-4-8', price(5, 25, 0.5)],
  ['claude-opus-4-7', price(5, 25, 0.5)],
  ['claude-opus-4-6', price(5, 25, 0.5)],
  ['claude-opus-4-5', price(5, 25, 0.5)],
  ['claude-opus-4', price(15, 75, 1.5)],
  ['claude-sonnet-5-5', price(2, 10, 0.1)],
  ['claude-sonnet-5', price(2, 10, 0.2)],
  ['claude-sonnet-4', price(3, 15, 0.3)],
  // Haiku 5.5's lower band (prompts up to 100k tokens); the higher band is 5x.
  ['claude-haiku-5-5', price(0.1, 0.5, 0.01)],
  ['claude-haiku-4-5', price(1, 5, 0.1)],
];

/**
 * The price used for a model id that is not in the table: the most expensive row, so a budget
 * computed with it can only stop a session early, never let it overspend.
 */
export const UNKNOWN_MODEL_PRICE: ModelPrice = price(15, 75, 1.5);

/** Returns the price of `model`, and whether it came from the table (`known: false` → fallback). */
export function priceOf(model: string): { price: ModelPrice; known: boolean } {
  for (const [prefix, p] of PRICES) {
    if (model === prefix || model.startsWith(`${prefix}-`) || model.startsWith(`${prefix}[`)) {
      return { price: p, known: true };
    }
  }
  return { price: UNKNOWN_MODEL_PRICE, known: false };
}

/** Token counts of one or more requests, as the Messages API reports them in `usage`. */
export interface TokenUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
  /** Part of `cache_creation_input_tokens` written with the 1-hour TTL (the rest is 5-minute). */
  cache_creation_1h_input_tokens?: number;
}

/** Cost in USD of `usage` at `model`'s list price. */
export function costUsd(model: string, usage: TokenUsage): number {
  const { price: p } = priceOf(model);
  const write1h = usage.cache_creation_1h_input_tokens ?? 0;
  const write5m = Math.max(0, usage.cache_creation_input_tokens - write1h);
  const micro =
    usage.input_tokens * p.input +
    usage.output_tokens * p.output +
    usage.cache_read_input_tokens * p.cacheRead +
    write5m * p.cacheWrite5m +
    write1h * p.cacheWrite1h;
  return micro / 1_000_000;
}

/** The parts of a Messages API `usage` object that are billed (SDK `BetaUsage`, loosely typed). */
export interface ResponseUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation?: { ephemeral_1h_input_tokens?: number | null } | null;
  iterations?: ReadonlyArray<{
    type: string;
    input_tokens?: number;
    output_tokens?: number;
    cache_creation_input_tokens?: number | null;
    cache_read_input_tokens?: number | null;
  }> | null;
}

/**
 * The billed tokens of one response: the top-level `usage` plus every `compaction` entry of
 * `usage.iterations`, whose tokens the API reports only there ("A `compaction` entry's tokens are
 * not included in the top-level `usage` fields", SDK `BetaIterationsUsage` docs).
 */
export function billedTokens(usage: ResponseUsage): TokenUsage {
  const total: TokenUsage = {
    input_tokens: usage.input_tokens,
    output_tokens: usage.output_tokens,
    cache_creation_input_tokens: usage.cache_creation_input_tokens ?? 0,
    cache_read_input_tokens: usage.cache_read_input_tokens ?? 0,
    cache_creation_1h_input_tokens: usage.cache_creation?.ephemeral_1h_input_tokens ?? 0,
  };
  for (const it of usage.iterations ?? []) {
    if (it.type !== 'compaction') continue;
    total.input_tokens += it.input_tokens ?? 0;
    total.output_tokens += it.output_tokens ?? 0;
    total.cache_creation_input_tokens += it.cache_creation_input_tokens ?? 0;
    total.cache_read_input_tokens += it.cache_read_input_tokens ?? 0;
  }
  return total;
}

/** All input tokens of `usage` (uncached, cache reads and cache writes) plus its output tokens. */
export function totalTokens(usage: TokenUsage): number {
  return (
    usage.input_tokens +
    usage.cache_read_input_tokens +
    usage.cache_creation_input_tokens +
    usage.output_tokens
  );
}
