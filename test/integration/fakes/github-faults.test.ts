/**
 * Fault injection in the fake GitHub, shown recovered by the real Octokit plugins:
 * @octokit/plugin-retry for 5xx and dropped connections, @octokit/plugin-throttling for secondary and
 * primary rate limits.
 */

import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type FakeGitHub,
  primaryRateLimit,
  secondaryRateLimit,
  startFakeGitHub,
} from '../../fakes/github/index.ts';

const owner = 'acme';
const repo = 'widgets';
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const RetryingOctokit = Octokit.plugin(retry, throttling);
let fake: FakeGitHub | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function retrying(f: FakeGitHub, onLimit: (kind: string, retryAfter: number) => void = () => {}) {
  return new RetryingOctokit({
    auth: 'ghs_bot',
    baseUrl: f.url,
    log: silent,
    // Octokit waits (retryCount+1)² × retryAfterBaseValue ms before retrying a 5xx; keep it short here.
    retry: { retryAfterBaseValue: 10 },
    throttle: {
      onSecondaryRateLimit: (
        retryAfter: number,
        _options: unknown,
        _octokit: unknown,
        retryCount: number,
      ) => {
        onLimit('secondary', retryAfter);
        return retryCount < 2;
      },
      onRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => {
        onLimit('primary', retryAfter);
        return retryCount < 2;
      },
    },
  });
}

describe('fake GitHub: fault injection', () => {
  it('a 502 injected once is recovered by @octokit/plugin-retry', async () => {
    fake = await startFakeGitHub({ owner, repo });
    fake.addIssue({ number: 1, title: 'flaky' });
    const path = `/repos/${owner}/${repo}/issues/1/comments`;
    const fault = fake.injectFault({ method: 'POST', path, status: 502, times: 1 });
    const res = await retrying(fake).rest.issues.createComment({
      owner,
      repo,
      issue_number: 1,
      body: 'hello',
    });
    expect(res.status).toBe(201);
    expect(fault).toMatchObject({ hits: 1, remaining: 0 });
    expect(fake.requests.filter((r) => r.path === path).map((r) => [r.status, r.fault])).toEqual([
      [502, true],
      [201, false],
    ]);
    expect(fake.state.issueComments.map((c) => c.body)).toEqual(['hello']);
  });

  it('without the plugin the same fault surfaces as a 502', async () => {
    fake = await startFakeGitHub({ owner, repo });
    fake.injectFault({ path: /\/repos\/acme\/widgets$/ });
    const plain = new Octokit({ auth: 'x', baseUrl: fake.url, log: silent });
    await expect(plain.rest.repos.get({ owner, repo })).rejects.toMatchObject({ status: 502 });
    await expect(plain.rest.repos.get({ owner, repo })).resolves.toMatchObject({ status: 200 });
  });

  it('a dropped connection is retried by @octokit/plugin-retry', async () => {
    fake = await startFakeGitHub({ owner, repo });
    fake.injectFault({ method: 'GET', path: `/repos/${owner}/${repo}`, reset: true });
    const res = await retrying(fake).rest.repos.get({ owner, repo });
    expect(res.status).toBe(200);
    expect(fake.requests.map((r) => r.status)).toEqual([0, 200]);
  });

  it('a secondary rate limit is recovered by @octokit/plugin-throttling after retry-after', async () => {
    fake = await startFakeGitHub({ owner, repo });
    fake.addIssue({ number: 1, title: 'busy' });
    fake.injectFault(
      secondaryRateLimit({ method: 'GET', path: `/repos/${owner}/${repo}/issues/1`, retryAfter: 1 }),
    );
    const limits: [string, number][] = [];
    const started = Date.now();
    const res = await retrying(fake, (kind, after) => limits.push([kind, after])).rest.issues.get({
      owner,
      repo,
      issue_number: 1,
    });
    expect(res.data.title).toBe('busy');
    expect(limits).toEqual([['secondary', 1]]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const first = fake.requests[0];
    expect(first?.status).toBe(403);
  });

  it('a primary rate limit (remaining 0) is recovered by @octokit/plugin-throttling after the reset', async () => {
    fake = await startFakeGitHub({ owner, repo });
    fake.injectFault(primaryRateLimit({ method: 'GET', path: `/repos/${owner}/${repo}`, resetInSeconds: 0 }));
    const limits: string[] = [];
    const res = await retrying(fake, (kind) => limits.push(kind)).rest.repos.get({ owner, repo });
    expect(res.status).toBe(200);
    expect(limits).toEqual(['primary']);
  });

  it('a fault body and headers are sent as given; clearFaults removes pending faults', async () => {
    fake = await startFakeGitHub({ owner, repo });
    fake.injectFault({
      path: `/repos/${owner}/${repo}`,
      status: 503,
      headers: { 'x-custom': 'yes' },
      body: { message: 'down' },
      times: 5,
    });
    const plain = new Octokit({ auth: 'x', baseUrl: fake.url, log: silent });
    const err = await plain.rest.repos.get({ owner, repo }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      status: 503,
      response: { data: { message: 'down' }, headers: { 'x-custom': 'yes' } },
    });
    fake.clearFaults();
    await expect(plain.rest.repos.get({ owner, repo })).resolves.toMatchObject({ status: 200 });
  });
});
