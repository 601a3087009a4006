/**
 * The tracking comment's last write is its terminal state, whatever the progress publisher still
 * has in flight or scheduled. Runs the real Octokit client (retry and throttling plugins) against
 * the fake GitHub server, whose `delay` holds a progress PATCH at the server until the test lets
 * it go: the interleaving is forced, not waited for.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { taskFromEvent } from '../../../src/github/context.ts';
import { createGitHubClient, type GitHubClient } from '../../../src/github/octokit.ts';
import { createOutbound } from '../../../src/github/outbound.ts';
import { ThrottledPublisher } from '../../../src/github/progress.ts';
import { TrackingComment } from '../../../src/github/tracking.ts';
import { type FakeGitHub, loadWebhookExample, startFakeGitHub } from '../../fakes/github/index.ts';

let fake: FakeGitHub | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const FINAL = '### Steward · `review` · ✅ completed';
const working = (turn: number) => `### Steward · \`review\` · ⏳ working\n\n<sub>turn ${turn}</sub>`;

/** A fake with issue #1, a client, and a tracking comment on the issue showing turn 0. */
async function setup(): Promise<{
  f: FakeGitHub;
  gh: GitHubClient;
  tracking: TrackingComment;
  path: string;
  /** Comment bodies of the PATCH requests Octokit was asked to send, in order. */
  sent: string[];
}> {
  const f = await startFakeGitHub({
    owner: 'acme',
    repo: 'widgets',
    payload: loadWebhookExample('issues', 'opened'),
  });
  fake = f;
  const task = taskFromEvent('issues', f.payload ?? {}, {
    repository: 'acme/widgets',
    serverUrl: 'https://github.com',
  });
  const gh = createGitHubClient({ token: 'ghs_test', baseUrl: f.url });
  const sent: string[] = [];
  // Outermost wrap: sees a request when the code asks for it, before the plugins queue it.
  gh.hook.wrap('request', (request, options) => {
    if (options.method === 'PATCH') sent.push(String((options as { body?: unknown }).body));
    return request(options);
  });
  const tracking = await TrackingComment.create(gh, task, task.target, createOutbound([]), working(0));
  if (!tracking) throw new Error('no tracking comment');
  return { f, gh, tracking, path: `/repos/acme/widgets/issues/comments/${tracking.ref.id}`, sent };
}

function patches(f: FakeGitHub, path: string): string[] {
  return f
    .writes()
    .filter((r) => r.method === 'PATCH' && r.path === path)
    .map((r) => (r.body as { body: string }).body);
}

function bodyOf(f: FakeGitHub, t: TrackingComment): string | undefined {
  return f.state.issueComments.find((c) => c.id === t.ref.id)?.body;
}

describe('the tracking comment and the progress publisher', () => {
  it('the final state waits for a progress write in flight and is not overtaken by it', async () => {
    const { f, tracking, path, sent } = await setup();
    const warnings: string[] = [];
    let turn = 1;
    const publisher = new ThrottledPublisher({
      intervalMs: 0,
      render: () => working(turn),
      write: (body) => tracking.update(body),
      warn: (m) => warnings.push(m),
    });
    // A progress PATCH reaches GitHub, which has not applied it yet.
    const held = f.delay({ method: 'PATCH', path });
    publisher.notify();
    await held.arrived;
    // More progress while it is in flight, then the session ends and the final state is written
    // without waiting for the publisher (the worst order a caller can produce).
    turn = 2;
    publisher.notify();
    const final = tracking.finalize(FINAL);
    await new Promise((r) => setImmediate(r));
    // Sent now, the final PATCH could be applied before the held one and then be overwritten.
    expect(sent).toEqual([working(1)]);

    held.release();
    await final;
    await publisher.close();
    expect(bodyOf(f, tracking)).toBe(FINAL);
    // Turn 2 was still to be published when the comment was finalized: it is dropped.
    expect(patches(f, path)).toEqual([working(1), FINAL]);
    expect(warnings).toEqual([]);
  });

  it('a progress write after the final state (a late timer, an unclosed publisher) is dropped', async () => {
    const { f, tracking, path } = await setup();
    await tracking.finalize(FINAL);
    await tracking.update(working(3));
    expect(bodyOf(f, tracking)).toBe(FINAL);
    expect(patches(f, path)).toEqual([FINAL]);
  });

  it('closing the publisher waits for its write in flight and stops further writes', async () => {
    const { f, tracking, path } = await setup();
    let turn = 1;
    const publisher = new ThrottledPublisher({
      intervalMs: 0,
      render: () => working(turn),
      write: (body) => tracking.update(body),
      warn: () => {},
    });
    const held = f.delay({ method: 'PATCH', path });
    publisher.notify();
    await held.arrived;
    turn = 2;
    publisher.notify();
    const closed = publisher.close();
    held.release();
    await closed;
    // The held write was applied before close() resolved; the pending change never is.
    expect(bodyOf(f, tracking)).toBe(working(1));
    publisher.notify();
    await tracking.finalize(FINAL);
    expect(patches(f, path)).toEqual([working(1), FINAL]);
  });
});
