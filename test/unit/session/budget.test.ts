import { describe, expect, it } from 'vitest';
import { priceOf } from '../../../src/model/pricing.ts';
import { Budget, MIN_OUTPUT_TOKENS } from '../../../src/session/budget.ts';

const price = priceOf('claude-sonnet-5-5').price; // $2 in, $10 out, $0.1 read, $2.5 write per MTok
const limits = { maxTurns: 10, maxTokens: 100_000, maxCostUsd: 1, timeoutMs: 60_000 };
const zero = { turns: 0, tokens: 0, costUsd: 0, activeMs: 0 };
const usage = (input: number, read: number, write: number, output: number) => ({
  input_tokens: input,
  cache_read_input_tokens: read,
  cache_creation_input_tokens: write,
  output_tokens: output,
});

describe('Budget', () => {
  it('plans the full max_tokens while it fits, fewer when it does not, none below the floor', () => {
    let now = 0;
    const b = new Budget({ ...limits, maxTokens: 20_000 }, price, zero, () => now);
    expect(b.plan({ tokens: 5000, prefix: 0 }, 8000)).toEqual({ ok: true, maxTokens: 8000 });
    b.record(usage(0, 0, 5000, 3000), 0.04, 20_000);
    // 12,000 left: 7,000 input leaves 5,000 for output.
    expect(b.plan({ tokens: 7000, prefix: 5000 }, 8000)).toEqual({
      ok: true,
      maxTokens: 5000,
      clampedBy: 'tokens',
    });
    expect(b.plan({ tokens: 12_000 - MIN_OUTPUT_TOKENS + 1, prefix: 0 }, 8000)).toEqual({
      ok: false,
      limit: 'tokens',
    });
    now += 1;
  });

  it('prices the worst case: new input as cache writes, output at max_tokens', () => {
    const b = new Budget({ ...limits, maxCostUsd: 0.05 }, price, zero, () => 0);
    // 10,000 new input tokens cost $0.025 as writes; $0.025 left buys 2,500 output tokens.
    expect(b.plan({ tokens: 10_000, prefix: 0 }, 8000)).toEqual({
      ok: true,
      maxTokens: 2500,
      clampedBy: 'cost',
    });
    // A warm cached prefix is priced as a read.
    expect(b.plan({ tokens: 10_000, prefix: 10_000 }, 4000)).toEqual({ ok: true, maxTokens: 4000 });
  });

  it('estimates the next input from the reported context plus new bytes, cold after the cache TTL', () => {
    let now = 0;
    const b = new Budget(limits, price, zero, () => now);
    expect(b.estimateInputTokens(4000, 4000)).toEqual({ tokens: 2000, prefix: 0 });
    b.record(usage(10, 1500, 500, 100), 0.01, 4000);
    expect(b.estimateInputTokens(6000, 4000)).toEqual({ tokens: 2010 + 500, prefix: 2010 });
    now += 6 * 60_000;
    expect(b.estimateInputTokens(6000, 4000)).toEqual({ tokens: 2510, prefix: 0 });
    // Fewer bytes than last time: the conversation was replaced; estimate it whole.
    expect(b.estimateInputTokens(400, 4000).tokens).toBe(1100);
  });

  it('stops at turns and at the time limit', () => {
    let now = 0;
    const b = new Budget({ ...limits, maxTurns: 1 }, price, zero, () => now);
    b.record(usage(1, 0, 0, 1), 0, 1);
    expect(b.plan({ tokens: 1, prefix: 0 }, 1000)).toEqual({ ok: false, limit: 'turns' });
    const t = new Budget(limits, price, { ...zero, activeMs: 50_000 }, () => now);
    now += 10_000;
    expect(t.plan({ tokens: 1, prefix: 0 }, 1000)).toEqual({ ok: false, limit: 'time' });
  });

  it('warns once at 80 % and once at 95 %, and not again for what a resumed session already passed', () => {
    const b = new Budget(limits, price, zero, () => 0);
    for (let i = 0; i < 7; i++) b.record(usage(1, 0, 0, 1), 0, 1);
    expect(b.warnings()).toEqual([]);
    b.record(usage(1, 0, 0, 1), 0, 1);
    expect(b.warnings()).toEqual([expect.stringContaining("80% of this session's turns budget")]);
    expect(b.warnings()).toEqual([]);
    b.record(usage(1, 0, 0, 1), 0, 1);
    expect(b.warnings()).toEqual([]);
    b.record(usage(1, 0, 0, 1), 0, 1);
    expect(b.warnings()).toEqual([expect.stringContaining('final answer now')]);
    const resumed = new Budget(limits, price, { ...zero, turns: 9 }, () => 0);
    expect(resumed.warnings()).toEqual([]);
  });
});
