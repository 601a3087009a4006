import { describe, expect, it } from 'vitest';
import { retryDelayMs, sleep } from '../../../src/session/retry.ts';

const policy = { maxRetries: 4, baseDelayMs: 1000, maxDelayMs: 10_000 };

describe('retryDelayMs', () => {
  it('doubles per retry, with up to half of it random', () => {
    expect(retryDelayMs(policy, 1, {}, () => 0)).toBe(500);
    expect(retryDelayMs(policy, 1, {}, () => 1)).toBe(1000);
    expect(retryDelayMs(policy, 3, {}, () => 0)).toBe(2000);
    expect(retryDelayMs(policy, 3, {}, () => 1)).toBe(4000);
  });

  it('waits at least what retry-after asked for, and never more than the cap', () => {
    expect(retryDelayMs(policy, 1, { retryAfterMs: 7000 }, () => 0)).toBe(7000);
    expect(retryDelayMs(policy, 10, {}, () => 1)).toBe(10_000);
    expect(retryDelayMs(policy, 1, { retryAfterMs: 60_000 }, () => 0)).toBe(10_000);
  });
});

describe('sleep', () => {
  it('resolves false at once when aborted', async () => {
    const c = new AbortController();
    const waiting = sleep(60_000, c.signal);
    c.abort();
    expect(await waiting).toBe(false);
    expect(await sleep(1)).toBe(true);
  });
});
