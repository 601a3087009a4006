import { afterEach, describe, expect, it } from 'vitest';
import { parseEventLog } from '../../src/events/log.ts';
import { runAction, SECRETS, startWorld, type World } from '../support/action-world.ts';
import { BASE_FILES, HEAD_FILES, REVIEW_ANSWER, REVIEW_SCENARIO } from '../support/demo-project.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

function comments(w: World) {
  return w.github.state.issueComments;
}

async function artifactEvents(w: World, name: string) {
  const files = await w.artifacts.downloadArtifact(name);
  const log = files.get('events.jsonl');
  expect(log, `artifact ${name} holds events.jsonl`).toBeDefined();
  return { files, events: parseEventLog(log?.toString('utf8') ?? '', name).events };
}

describe('the bundled Action on a real pull_request.opened event', () => {
  it('reviews the pull request, comments, uploads the event log and sets outputs', async () => {
    world = await startWorld({ baseFiles: BASE_FILES, headFiles: HEAD_FILES, scenario: REVIEW_SCENARIO });
    const { main, post } = await runAction(world);
    expect(main.exitCode, main.stdout + main.stderr).toBe(0);
    expect(post.exitCode).toBe(0);
    world.messages.assertDone();
    expect(world.github.errors).toEqual([]);

    // The comment on the pull request: answer, state and figures.
    const prNumber = world.github.state.pulls[0]?.number;
    const posted = comments(world).filter((c) => c.issue_number === prNumber);
    expect(posted).toHaveLength(1);
    const body = posted[0]?.body ?? '';
    expect(body).toContain(REVIEW_ANSWER);
    expect(body).toContain('completed');
    expect(body).toMatch(/cost \$\d+\.\d{4}/);
    expect(body).toMatch(/tokens [\d,]+ in \/ [\d,]+ out \/ [\d,]+ cache read/);
    expect(body).toContain('3 turns');
    expect(body).toContain(`<!-- steward:session=${main.outputs.session_id} -->`);

    // Outputs.
    expect(main.outputs.session_id).toMatch(/^sesn_/);
    expect(main.outputs.status).toBe('completed');
    expect(main.outputs.stop_reason).toBe('end_turn');
    expect(Number(main.outputs.cost_usd)).toBeGreaterThan(0);
    expect(main.outputs.turns).toBe('3');
    expect(main.outputs.result).toBe(REVIEW_ANSWER);
    expect(main.outputs.comment_url).toContain(`/pull/${prNumber}`);

    // The job summary.
    expect(main.summary).toContain('Steward · review');
    expect(main.summary).toContain(REVIEW_ANSWER);

    // The artifact: events.jsonl parses, in order, with paired tool calls and usage.
    const name = `steward-${main.outputs.session_id}`;
    expect(world.artifacts.artifacts.map((a) => a.name)).toEqual([name]);
    const { files, events } = await artifactEvents(world, name);
    expect(files.has('session.json')).toBe(true);
    expect(events[0]?.type).toBe('user.message');
    const uses = events.filter((e) => e.type === 'agent.tool_use');
    const results = events.filter((e) => e.type === 'agent.tool_result');
    expect(uses.map((e) => e.id)).toEqual(results.map((e) => (e as { tool_use_id: string }).tool_use_id));
    expect(uses.map((e) => (e as { name: string }).name)).toEqual(['read', 'bash']);
    const ends = events.filter((e) => e.type === 'span.model_request_end');
    expect(ends).toHaveLength(3);
    for (const e of ends)
      expect((e as { model_usage: { output_tokens: number } }).model_usage.output_tokens).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ type: 'session.status_idle', stop_reason: { type: 'end_turn' } });

    // No secret in anything sent to GitHub or stored in the artifact.
    const sent = JSON.stringify(world.github.requests.map((r) => r.body));
    const stored = [...files.values()].map((b) => b.toString('utf8')).join('\n');
    // `::add-mask::` lines are commands to the runner, which consumes them and masks the value.
    const log = main.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
    for (const secret of Object.values(SECRETS)) {
      expect(sent).not.toContain(secret);
      expect(stored).not.toContain(secret);
      expect(log).not.toContain(secret);
    }
  });

  it('still comments and uploads the log when the model refuses the key, and fails the step', async () => {
    // A rejected key is terminal: no retry can fix it (retries of 5xx are the session's tests).
    world = await startWorld({
      baseFiles: BASE_FILES,
      headFiles: HEAD_FILES,
      scenario: { name: 'bad key', turns: [{ faults: [{ kind: 'http', status: 401 }], content: 'never' }] },
    });
    const { main } = await runAction(world);
    expect(main.exitCode).not.toBe(0);
    expect(main.outputs.status).toBe('error');
    expect(world.messages.requestCount).toBe(1);
    const body = comments(world).at(-1)?.body ?? '';
    expect(body).toContain('error');
    expect(body).toContain('HTTP 401');
    const { events } = await artifactEvents(world, `steward-${main.outputs.session_id}`);
    expect(events.some((e) => e.type === 'session.error')).toBe(true);
    // The log ends in a terminal status event.
    expect(['session.status_idle', 'session.status_terminated']).toContain(events.at(-1)?.type);
  });

  it('fails before any model request on an invalid spec, naming file, line and column', async () => {
    world = await startWorld({
      baseFiles: { ...BASE_FILES, '.github/steward/review.yml': 'name: review\nlimits:\n  max_turn: 3\n' },
      headFiles: HEAD_FILES,
      scenario: REVIEW_SCENARIO,
    });
    const { main } = await runAction(world);
    expect(main.exitCode).not.toBe(0);
    expect(world.messages.requestCount).toBe(0);
    const where = '.github/steward/review.yml:3:3 limits.max_turn';
    expect(main.stdout).toContain(where);
    const body = comments(world).at(-1)?.body ?? '';
    expect(body).toContain(where);
    expect(body).toContain('max_turns');
    expect(main.outputs.status).toBe('error');
  });

  it('refuses a sender without write access, with no model request', async () => {
    world = await startWorld({
      baseFiles: BASE_FILES,
      headFiles: HEAD_FILES,
      scenario: REVIEW_SCENARIO,
      senderRole: 'read',
    });
    const { main } = await runAction(world);
    expect(main.exitCode).toBe(0);
    expect(main.outputs.status).toBe('denied');
    expect(world.messages.requestCount).toBe(0);
  });
});
