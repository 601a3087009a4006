/**
 * What a maintainer sees while and after a session runs: progress in the tracking comment,
 * several agents for one event, budgets from a command, failures that still leave a final comment.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_OFF_WARNING } from '../../../src/session/compose.ts';
import { secondaryRateLimit } from '../../fakes/github/index.ts';
import { runAction, runActionKilled, startWorld, type World, writeLog } from '../../support/action-world.ts';
import { answer, baseWith, CHANGE, call, SPECS } from '../../support/github-project.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('the tracking comment', () => {
  it('shows a checklist of the tool calls while the session runs', async () => {
    world = await startWorld({
      baseFiles: baseWith('review'),
      headFiles: CHANGE,
      scenario: {
        name: 'progress',
        turns: [
          call('read', { file_path: 'src/math.js' }),
          call('bash', { command: 'node --test 2>&1 | tail -n 8' }),
          answer('Both tests pass.'),
        ],
      },
    });
    // No throttle: every change is published, one write at a time.
    const { main } = await runAction(world, { progress_seconds: '0' });
    expect(main.exitCode, main.stdout).toBe(0);
    const tracking = world.github.state.issueComments.find((c) => c.body.includes('steward:session'));
    const updates = world.github
      .writes()
      .filter((r) => r.method === 'PATCH' && r.path.endsWith(`/issues/comments/${tracking?.id}`))
      .map((r) => (r.body as { body: string }).body);
    // At least one update while working, then the final one.
    expect(updates.length).toBeGreaterThanOrEqual(2);
    const working = updates.slice(0, -1);
    expect(working.every((b) => b.includes('⏳ working'))).toBe(true);
    expect(working.some((b) => b.includes('`read` `src/math.js`'))).toBe(true);
    const final = updates.at(-1) ?? '';
    expect(final).toContain('✅ completed');
    expect(final).toContain('- [x] `read` `src/math.js`');
    expect(final).toContain('- [x] `bash` `node --test 2>&1 | tail -n 8`');
  });

  it('warns in the final comment and the job summary when the spec turns the sandbox off', async () => {
    const unsandboxed = `${SPECS.review}environment: { sandbox: none }\n`;
    world = await startWorld({
      baseFiles: { ...baseWith(), '.github/steward/review.yml': unsandboxed },
      headFiles: CHANGE,
      scenario: { name: 'no sandbox', turns: [answer('Looks fine.')] },
    });
    const { main } = await runAction(world, { progress_seconds: '600' });
    expect(main.exitCode, main.stdout).toBe(0);
    const tracking = world.github.state.issueComments.find((c) => c.body.includes('steward:session'));
    expect(tracking?.body).toContain('✅ completed');
    // Once each, though the working comment (from the spec) and the log both carry it.
    expect(tracking?.body.split(`⚠️ ${SANDBOX_OFF_WARNING}`)).toHaveLength(2);
    expect(main.summary.split(`⚠️ ${SANDBOX_OFF_WARNING}`)).toHaveLength(2);
    // The check run carries the same report as the summary.
    expect(world.github.state.checkRuns[0]?.output?.summary).toContain(`⚠️ ${SANDBOX_OFF_WARNING}`);
  });
});

describe('several agents for one event', () => {
  it('run one after another, each with its own comment and check run', async () => {
    const second = SPECS.review
      .replace('name: review', 'name: second')
      .replace('You review pull requests', 'You also review pull requests');
    world = await startWorld({
      baseFiles: { ...baseWith('review'), '.github/steward/second.yml': second },
      headFiles: CHANGE,
      scenario: {
        name: 'two agents',
        turns: [
          answer('First review.', { system_contains: 'You review pull requests' }),
          answer('Second review.', { system_contains: 'You also review pull requests' }),
        ],
      },
    });
    const { main } = await runAction(world, { progress_seconds: '600' });
    expect(main.exitCode, main.stdout).toBe(0);
    world.messages.assertDone();
    expect(world.github.state.checkRuns.map((c) => [c.name, c.conclusion])).toEqual([
      ['steward/review', 'success'],
      ['steward/second', 'success'],
    ]);
    const bodies = world.github.state.issueComments.map((c) => c.body);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toContain('First review.');
    expect(bodies[1]).toContain('Second review.');
    expect(main.summary).toContain('## Steward · review\n');
    expect(main.summary).toContain('## Steward · second\n');
  });
});

describe('budgets in a command', () => {
  it('turns=1 tightens the spec limit and the run stops at it', async () => {
    world = await startWorld({
      baseFiles: baseWith('chat'),
      headFiles: CHANGE,
      event: 'issue_comment.created',
      body: '/steward look around turns=1',
      scenario: { name: 'budget', turns: [call('glob', { pattern: '**/*.js' }), answer('never reached')] },
    });
    const { main } = await runAction(world, { progress_seconds: '600' });
    expect(world.messages.requestCount).toBe(1);
    expect(main.outputs.status).toBe('budget_reached');
    const tracking = world.github.state.issueComments.find((c) => c.body.includes('steward:session'));
    expect(tracking?.body).toContain('Limits tightened by the command: turns ≤ 1.');
    expect(tracking?.body).toContain('⏸️ budget reached');
    expect(world.github.state.checkRuns[0]?.conclusion).toBe('failure');
  });

  it('a malformed budget is answered with what to write, and nothing runs', async () => {
    world = await startWorld({
      baseFiles: baseWith('chat'),
      headFiles: CHANGE,
      event: 'issue_comment.created',
      body: '/steward fix it budget=lots',
      scenario: { name: 'none', turns: [] },
    });
    const { main } = await runAction(world, { progress_seconds: '600' });
    expect(main.exitCode).toBe(0);
    expect(world.messages.requestCount).toBe(0);
    expect(writeLog(world)).toEqual(['POST /issues/1/comments']);
    expect(world.github.state.issueComments.at(-1)?.body).toContain(
      'cannot read `budget=lots`; write a positive amount in USD such as `budget=$2.50`',
    );
  });
});

describe('failures', () => {
  it('a model failure still finalizes the comment and the check run, uploads the log, and fails the step', async () => {
    world = await startWorld({
      baseFiles: baseWith('review'),
      headFiles: CHANGE,
      scenario: { name: 'bad key', turns: [{ faults: [{ kind: 'http', status: 401 }], content: 'never' }] },
    });
    const { main } = await runAction(world, { progress_seconds: '600' });
    expect(main.exitCode).not.toBe(0);
    expect(main.outputs.status).toBe('error');
    const tracking = world.github.state.issueComments.find((c) => c.body.includes('steward:session'));
    expect(tracking?.body).toContain('❌ error');
    expect(tracking?.body).toContain('**What failed:**');
    expect(world.github.state.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(world.artifacts.artifacts.map((a) => a.name)).toEqual([`steward-${main.outputs.session_id}`]);
  });

  it('a final comment GitHub refuses is written by the post step, not left at "working"', async () => {
    world = await startWorld({
      baseFiles: baseWith('review'),
      headFiles: CHANGE,
      scenario: { name: 'refused', turns: [answer('Looks fine.')] },
    });
    // The final PATCH is refused three times: the throttling plugin's two retries, then a failure.
    world.github.injectFault(
      secondaryRateLimit({ method: 'PATCH', path: /\/issues\/comments\/\d+$/, times: 3 }),
    );
    const { main, post } = await runAction(world, { progress_seconds: '600' });
    expect(main.exitCode, main.stdout).toBe(0);
    expect(main.stdout).toContain('could not write the final comment');
    expect(post.exitCode, post.stdout).toBe(0);
    const tracking = world.github.state.issueComments.find((c) => c.body.includes('steward:session'));
    expect(tracking?.body).toContain('✅ completed');
    expect(tracking?.body).toContain('Looks fine.');
    expect(tracking?.body).not.toContain('⏳ working');
  });

  it('an agent that asks for APPROVE without allow_approve is told so', async () => {
    world = await startWorld({
      baseFiles: baseWith('review'),
      headFiles: CHANGE,
      scenario: {
        name: 'approve',
        turns: [
          call('submit_review', { event: 'APPROVE', body: 'LGTM' }),
          answer('I may not approve.', { last_tool_result_contains: 'this agent may not approve' }),
        ],
      },
    });
    const { main } = await runAction(world, { progress_seconds: '600' });
    expect(main.exitCode, main.stdout).toBe(0);
    world.messages.assertDone();
    expect(world.github.state.reviews).toHaveLength(0);
  });
});

describe('a run killed mid-session', () => {
  it('the post step uploads the log and finalizes the comment and the check run', async () => {
    world = await startWorld({
      baseFiles: baseWith('review'),
      headFiles: CHANGE,
      // The model never answers in time: the runner is killed while the request is open.
      scenario: { name: 'hang', turns: [{ faults: [{ kind: 'delay', ms: 60_000 }], content: 'never' }] },
    });
    const w = world;
    const { main, post } = await runActionKilled(w, () => w.messages.requestCount > 0, {
      progress_seconds: '600',
    });
    expect(main.signal).toBe('SIGKILL');
    expect(post.exitCode, post.stdout).toBe(0);
    const tracking = w.github.state.issueComments.find((c) => c.body.includes('steward:session'));
    expect(tracking?.body).toContain('❌ error');
    expect(tracking?.body).toContain('the run was cancelled or stopped before the session finished');
    expect(w.github.state.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    const [artifact] = w.artifacts.artifacts;
    expect(tracking?.body).toContain(`artifact \`${artifact?.name}\``);
    const files = await w.artifacts.downloadArtifact(artifact?.name ?? '');
    expect(files.get('events.jsonl')?.toString('utf8')).toContain('"type":"user.message"');
  });

  it('the finalized comment keeps the warning of a session that ran without the sandbox', async () => {
    world = await startWorld({
      baseFiles: {
        ...baseWith(),
        '.github/steward/review.yml': `${SPECS.review}environment: { sandbox: none }\n`,
      },
      headFiles: CHANGE,
      scenario: { name: 'hang', turns: [{ faults: [{ kind: 'delay', ms: 60_000 }], content: 'never' }] },
    });
    const w = world;
    const { post } = await runActionKilled(w, () => w.messages.requestCount > 0, { progress_seconds: '600' });
    expect(post.exitCode, post.stdout).toBe(0);
    const tracking = w.github.state.issueComments.find((c) => c.body.includes('steward:session'));
    expect(tracking?.body).toContain('the run was cancelled or stopped before the session finished');
    expect(tracking?.body).toContain(`⚠️ ${SANDBOX_OFF_WARNING}`);
  });
});
