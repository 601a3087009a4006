/**
 * Sessions that span workflow runs: a follow-up command continues the agent's previous session on
 * the thread (its artifact is downloaded from the earlier run, the tracking comment is reused),
 * and `/steward approve` / `/steward deny` answer a `requires_action` stop. Each run is a separate
 * workflow run of the artifact service, as on GitHub.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runAction, startWorld, type World, writeLog } from '../../support/action-world.ts';
import { answer, baseWith, CHANGE, call } from '../../support/github-project.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const QUIET = { progress_seconds: '600' };

type Msg = { role: string; content: string | Array<{ type: string; text?: string; content?: unknown }> };

function textOf(message: Msg | undefined): string {
  if (!message) return '';
  if (typeof message.content === 'string') return message.content;
  return message.content.map((b) => b.text ?? JSON.stringify(b.content ?? '')).join('\n');
}

function trackingComments(w: World) {
  return w.github.state.issueComments.filter((c) => c.body.includes('<!-- steward:session='));
}

describe('follow-up commands', () => {
  it('continue the previous session: its conversation is in the first request, the comment is reused', async () => {
    world = await startWorld({
      baseFiles: baseWith('chat'),
      headFiles: CHANGE,
      event: 'issue_comment.created',
      body: '/steward what does add() do?',
      scenario: {
        name: 'follow-up',
        turns: [
          answer('add() returns the sum of its arguments.', { message_count: 1 }),
          answer('There is no sub() on main yet.', {
            message_count: 3,
            last_user_text_contains: 'and sub()?',
          }),
        ],
      },
    });
    const first = await runAction(world, QUIET);
    expect(first.main.exitCode, first.main.stdout).toBe(0);
    const [tracking] = trackingComments(world);
    expect(tracking?.body).toContain('add() returns the sum');
    const writesBefore = writeLog(world).length;

    const commentId = world.comment('/steward and sub()?');
    const run2 = world.artifacts.createRun();
    const second = await runAction(world, QUIET, { run: run2 });
    expect(second.main.exitCode, second.main.stdout).toBe(0);
    world.messages.assertDone();

    // The second run's first model request carries the first run's conversation.
    const request = world.messages.requests.at(-1)?.body as { messages: Msg[] };
    expect(textOf(request.messages[0])).toContain('what does add() do?');
    expect(textOf(request.messages[1])).toContain('add() returns the sum of its arguments.');
    expect(textOf(request.messages[2])).toContain(
      'Follow-up request from @Codertocat in a comment:\nand sub()?',
    );

    // Same session, same tracking comment, updated in place.
    expect(second.main.outputs.session_id).toBe(first.main.outputs.session_id);
    expect(trackingComments(world)).toHaveLength(1);
    expect(trackingComments(world)[0]?.id).toBe(tracking?.id);
    expect(trackingComments(world)[0]?.body).toContain('There is no sub() on main yet.');
    expect(trackingComments(world)[0]?.body).toContain(
      `Continues session \`${first.main.outputs.session_id}\``,
    );
    expect(writeLog(world).slice(writesBefore)).toEqual([
      `POST /issues/comments/${commentId}/reactions`,
      'POST /check-runs',
      `PATCH /issues/comments/${tracking?.id}`,
      `PATCH /check-runs/${world.github.state.checkRuns[1]?.id}`,
    ]);
    // The new artifact holds the whole session, so a third command could continue it again.
    const files = await world.artifacts.downloadArtifact(
      `steward-${second.main.outputs.session_id}`,
      run2.runId,
    );
    const types = (files.get('events.jsonl')?.toString('utf8') ?? '')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { type: string }).type);
    expect(types.filter((t) => t === 'user.message')).toHaveLength(2);
  });

  it('`/steward new` starts a fresh session and a new comment', async () => {
    world = await startWorld({
      baseFiles: baseWith('chat'),
      headFiles: CHANGE,
      event: 'issue_comment.created',
      body: '/steward what does add() do?',
      scenario: { name: 'new', turns: [answer('Sum.'), answer('Fresh start.', { message_count: 1 })] },
    });
    await runAction(world, QUIET);
    world.comment('/steward new what is in src/?');
    const second = await runAction(world, QUIET, { run: world.artifacts.createRun() });
    expect(second.main.exitCode, second.main.stdout).toBe(0);
    world.messages.assertDone();
    expect(trackingComments(world)).toHaveLength(2);
  });
});

describe('approval of tool calls across runs', () => {
  const scenario = (after: Parameters<typeof answer>[1], text: string) => ({
    name: 'approval',
    turns: [
      call('bash', { command: 'node --test 2>&1 | tail -n 8' }, { tools_include: ['bash'] }),
      answer(text, after),
    ],
  });

  async function firstRun(turns: ReturnType<typeof scenario>) {
    world = await startWorld({
      baseFiles: baseWith('careful'),
      headFiles: CHANGE,
      event: 'issue_comment.created',
      body: '/steward run the tests',
      scenario: turns,
    });
    const first = await runAction(world, QUIET);
    expect(first.main.exitCode, first.main.stdout).toBe(0);
    expect(first.main.outputs.status).toBe('requires_action');
    // The call waits: one model request, no second one until a maintainer answers.
    expect(world.messages.requestCount).toBe(1);
    const [tracking] = trackingComments(world);
    expect(tracking?.body).toContain('✋ waiting for approval');
    expect(tracking?.body).toContain('`bash` `node --test 2>&1 | tail -n 8`');
    expect(tracking?.body).toContain('`/steward approve` or `/steward deny <reason>`');
    expect(world.github.state.checkRuns[0]?.conclusion).toBe('action_required');
    return { first, tracking };
  }

  it('`/steward approve` runs the call and the session goes on', async () => {
    const { first, tracking } = await firstRun(
      scenario(
        { last_tool_result_contains: 'pass 1', last_tool_result_is_error: false },
        'The test suite passes.',
      ),
    );
    const w = world as World;
    w.comment('/steward approve');
    const second = await runAction(w, QUIET, { run: w.artifacts.createRun() });
    expect(second.main.exitCode, second.main.stdout).toBe(0);
    w.messages.assertDone();
    expect(second.main.outputs.status).toBe('completed');
    expect(second.main.outputs.session_id).toBe(first.main.outputs.session_id);
    const after = trackingComments(w);
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe(tracking?.id);
    expect(after[0]?.body).toContain('✅ completed');
    expect(after[0]?.body).toContain('The test suite passes.');
    expect(w.github.state.checkRuns[1]?.conclusion).toBe('success');
  });

  it('`/steward deny <reason>` refuses the call, with the reason, and the session goes on', async () => {
    await firstRun(
      scenario(
        { last_tool_result_contains: ['denied', 'not before the release'] },
        'Understood; I did not run the tests.',
      ),
    );
    const w = world as World;
    w.comment('/steward deny not before the release');
    const second = await runAction(w, QUIET, { run: w.artifacts.createRun() });
    expect(second.main.exitCode, second.main.stdout).toBe(0);
    w.messages.assertDone();
    expect(second.main.outputs.status).toBe('completed');
    expect(trackingComments(w)[0]?.body).toContain('Understood; I did not run the tests.');
  });

  it('an approval from a user without write access is refused, with no model request', async () => {
    await firstRun(scenario({}, 'never'));
    const w = world as World;
    w.github.setPermission('visitor', 'read');
    w.comment('/steward approve', { author: 'visitor' });
    const second = await runAction(w, QUIET, { run: w.artifacts.createRun() });
    expect(second.main.exitCode).toBe(0);
    expect(w.messages.requestCount).toBe(1);
    expect(w.github.state.issueComments.at(-1)?.body).toContain('@visitor Steward did not run');
  });
});
