/**
 * Who may start a run with a comment command (DESIGN section 5, invariant 2): roles by the
 * collaborator-permission endpoint, bots by exact login, only `created` comments, never Steward's
 * own. Wherever a run is refused, the model gets zero requests.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RepoRole } from '../../fakes/github/index.ts';
import { runAction, startWorld, type World, writeLog } from '../../support/action-world.ts';
import { answer, baseWith, CHANGE } from '../../support/github-project.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const QUIET = { progress_seconds: '600' };

async function commandBy(options: {
  sender?: string;
  role: RepoRole | null;
  event?: 'issue_comment.created' | 'issue_comment.edited';
  body?: string;
}) {
  world = await startWorld({
    baseFiles: baseWith('chat'),
    headFiles: CHANGE,
    event: options.event ?? 'issue_comment.created',
    ...(options.sender ? { sender: options.sender } : {}),
    senderRole: options.role,
    body: options.body ?? '/steward summarize this issue',
    scenario: { name: 'auth', turns: [answer('Summary: a typo in the README.')] },
  });
  const { main } = await runAction(world, QUIET);
  expect(main.exitCode, main.stdout).toBe(0);
  return main;
}

describe('comment commands: who may run Steward', () => {
  for (const role of ['read', 'triage'] as const) {
    it(`refuses a ${role} user with a short reply and no model request`, async () => {
      const main = await commandBy({ sender: 'outsider', role });
      const w = world as World;
      expect(w.messages.requestCount).toBe(0);
      expect(main.outputs.status).toBe('denied');
      expect(writeLog(w)).toEqual(['POST /issues/1/comments']);
      const replyBody = w.github.state.issueComments.at(-1)?.body ?? '';
      expect(replyBody).toContain(
        `@outsider Steward did not run: @outsider has the ${role} role; write, maintain or admin is required`,
      );
      expect(replyBody).toContain('No model request was made.');
    });
  }

  it('refuses a non-collaborator, and says nothing when refusal replies are off', async () => {
    world = await startWorld({
      baseFiles: baseWith('chat'),
      headFiles: CHANGE,
      event: 'issue_comment.created',
      sender: 'stranger',
      senderRole: null,
      body: '/steward do something',
      scenario: { name: 'none', turns: [] },
    });
    const { main } = await runAction(world, { ...QUIET, refusal_reply: 'false' });
    expect(main.exitCode).toBe(0);
    expect(world.messages.requestCount).toBe(0);
    expect(writeLog(world)).toEqual([]);
    expect(main.stdout).toContain('@stranger has the read role');
  });

  for (const role of ['maintain', 'admin'] as const) {
    it(`runs for a ${role}`, async () => {
      await commandBy({ sender: 'keeper', role });
      const w = world as World;
      expect(w.messages.requestCount).toBe(1);
      const tracking = w.github.state.issueComments.find((c) => c.body.includes('steward:session'));
      expect(tracking?.body).toContain('Summary: a typo in the README.');
      expect(writeLog(w)[0]).toMatch(/^POST \/issues\/comments\/\d+\/reactions$/);
    });
  }

  it('runs for a bot listed by exact login in steward.trusted_bots', async () => {
    await commandBy({ sender: 'dependabot[bot]', role: null });
    const w = world as World;
    expect(w.messages.requestCount).toBe(1);
    expect(w.github.state.issueComments.some((c) => c.body.includes('Summary: a typo'))).toBe(true);
  });

  it('refuses an unlisted bot silently, with no model request', async () => {
    const main = await commandBy({ sender: 'renovate[bot]', role: 'write' });
    const w = world as World;
    expect(w.messages.requestCount).toBe(0);
    expect(main.outputs.status).toBe('denied');
    // No reply to a bot: two bots answering each other would loop.
    expect(writeLog(w)).toEqual([]);
    expect(main.stdout).toContain('bot renovate[bot] is not listed in steward.trusted_bots');
  });

  it('ignores an edited comment', async () => {
    const main = await commandBy({ sender: 'keeper', role: 'admin', event: 'issue_comment.edited' });
    const w = world as World;
    expect(w.messages.requestCount).toBe(0);
    expect(writeLog(w)).toEqual([]);
    expect(main.stdout).toContain('comment edited events never trigger a run');
  });

  it("ignores Steward's own comment, even one that holds a command", async () => {
    const main = await commandBy({
      sender: 'github-actions[bot]',
      role: 'write',
      body: '<!-- steward:session=sesn_x -->\n/steward run again',
    });
    const w = world as World;
    expect(w.messages.requestCount).toBe(0);
    expect(writeLog(w)).toEqual([]);
    expect(main.stdout).toContain('the comment is Steward’s own');
  });
});
