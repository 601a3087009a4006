import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { supportsServerCompaction } from '../../../src/model/capabilities.ts';
import { classifyModelError } from '../../../src/model/errors.ts';
import { billedTokens, costUsd } from '../../../src/model/pricing.ts';

const envelope = (type: string, message = 'msg') => ({ type: 'error', error: { type, message } });

describe('classifyModelError', () => {
  it.each([
    [429, 'rate_limit_error', 'model_rate_limited_error', true],
    [529, 'overloaded_error', 'model_overloaded_error', true],
    [500, 'api_error', 'model_request_failed_error', true],
    [400, 'invalid_request_error', 'model_request_failed_error', false],
    [401, 'authentication_error', 'model_request_failed_error', false],
    [403, 'permission_error', 'model_request_failed_error', false],
    [413, 'request_too_large', 'model_request_failed_error', false],
    [402, 'billing_error', 'billing_error', false],
  ])('HTTP %i → %s', (status, apiType, type, retryable) => {
    const err = Anthropic.APIError.generate(status, envelope(apiType), undefined, new Headers());
    const f = classifyModelError(err);
    expect(f).toMatchObject({ type, retryable, midStream: false, status });
    if (!retryable) expect(f.hint).toBeTruthy();
  });

  it('reads retry-after-ms, then retry-after in seconds', () => {
    const ms = Anthropic.APIError.generate(
      429,
      envelope('rate_limit_error'),
      undefined,
      new Headers({ 'retry-after-ms': '250' }),
    );
    expect(classifyModelError(ms).retryAfterMs).toBe(250);
    const s = Anthropic.APIError.generate(
      529,
      envelope('overloaded_error'),
      undefined,
      new Headers({ 'retry-after': '3' }),
    );
    expect(classifyModelError(s).retryAfterMs).toBe(3000);
  });

  it('retries an SSE error event after HTTP 200 unless it says the request is wrong', () => {
    // As the SDK's stream raises an `error` event: an APIError with no status.
    const sse = (type: string) => new Anthropic.APIError(undefined, envelope(type), undefined, new Headers());
    const overloaded = classifyModelError(sse('overloaded_error'));
    expect(overloaded).toMatchObject({ type: 'model_overloaded_error', retryable: true, midStream: true });
    const invalid = classifyModelError(sse('invalid_request_error'));
    expect(invalid).toMatchObject({ retryable: false, midStream: true });
  });

  it('tells a cut stream, a connection failure and an abort apart', () => {
    expect(classifyModelError(new Anthropic.AnthropicError('terminated'))).toMatchObject({
      retryable: true,
      midStream: true,
    });
    expect(classifyModelError(new TypeError('terminated'))).toMatchObject({
      retryable: true,
      midStream: true,
    });
    expect(
      classifyModelError(new Anthropic.APIConnectionError({ message: 'Connection error.' })),
    ).toMatchObject({
      retryable: true,
      midStream: false,
    });
    expect(classifyModelError(new Anthropic.APIUserAbortError())).toMatchObject({
      aborted: true,
      retryable: false,
    });
    expect(classifyModelError(new Error('bug'))).toMatchObject({ type: 'unknown_error', retryable: false });
  });
});

describe('billing', () => {
  it('adds the tokens of compaction iterations, which the top-level usage leaves out', () => {
    const tokens = billedTokens({
      input_tokens: 100,
      output_tokens: 50,
      cache_read_input_tokens: 1000,
      cache_creation_input_tokens: 10,
      iterations: [
        { type: 'compaction', input_tokens: 5000, output_tokens: 800, cache_read_input_tokens: 0 },
        { type: 'message', input_tokens: 100, output_tokens: 50 },
      ],
    });
    expect(tokens).toMatchObject({ input_tokens: 5100, output_tokens: 850, cache_read_input_tokens: 1000 });
    expect(costUsd('claude-sonnet-5-5', tokens)).toBeCloseTo(
      (5100 * 2 + 850 * 10 + 1000 * 0.1 + 10 * 2.5) / 1e6,
      10,
    );
  });

  it('knows which models compact on the server', () => {
    expect(supportsServerCompaction('claude-sonnet-4-6')).toBe(true);
    expect(supportsServerCompaction('claude-opus-4-6-20260101')).toBe(true);
    expect(supportsServerCompaction('claude-sonnet-4-5')).toBe(false);
    expect(supportsServerCompaction('claude-sonnet-5-5')).toBe(false);
  });
});
