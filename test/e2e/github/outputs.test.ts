/**
 * Safe outputs end to end: the agent asks through tools during the session, Steward applies the
 * writes afterwards with its own token, through the outbound gate, and reports each one.
 */
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEventLog } from '../../../src/events/log.ts';
import { runAction, SECRETS, startWorld, type World, writeLog } from '../../support/action-world.ts';
import { answer, baseWith, CHANGE, call, SPECS } from '../../support/github-project.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const QUIET = { progress_seconds: '600' };
const FIXED = 'export function add(a, b) {\n  return Number(a) + Number(b);\n}\n';

async function bareShow(w: World, ...args: string[]): Promise<string> {
  return (await execa('git', ['--git-dir', w.github.git.gitDir, 'show', ...args])).stdout;
}

describe('open_pull_request', () => {
  it('commits what the agent wrote to steward/<agent>/<number> and opens a draft PR linking the issue', async () => {
    world = await startWorld({
      baseFiles: baseWith('fixer'),
      headFiles: CHANGE,
      event: 'issue_comment.created',
      body: '/steward make add() coerce its arguments',
      scenario: {
        name: 'fix',
        turns: [
          call(
            'write',
            { file_path: 'src/math.js', content: FIXED },
            { tools_include: ['write', 'open_pull_request'] },
          ),
          call('open_pull_request', {
            title: 'Coerce the arguments of add()',
            body: 'add() now converts both arguments.',
          }),
          answer('Opened a pull request.', { last_tool_result_contains: 'Pull request recorded' }),
        ],
      },
    });
    const mainSha = world.repo.baseSha;
    const { main } = await runAction(world, QUIET);
    expect(main.exitCode, main.stdout).toBe(0);
    world.messages.assertDone();

    // The branch, the commit with the agent's content on top of main, and the draft PR.
    const refs = await world.github.refs();
    const head = refs['refs/heads/steward/fixer/1'];
    expect(head).toBeDefined();
    expect(await bareShow(world, `steward/fixer/1:src/math.js`)).toBe(FIXED.trimEnd());
    expect((await bareShow(world, '--format=%P%n%s', '-s', 'steward/fixer/1')).split('\n')).toEqual([
      mainSha,
      'Coerce the arguments of add()',
    ]);
    expect(refs['refs/heads/main']).toBe(mainSha);
    const pr = world.github.state.pulls.find((p) => p.head.ref === 'steward/fixer/1');
    expect(pr).toMatchObject({ draft: true, base: { ref: 'main', sha: mainSha }, head: { sha: head } });
    const prIssue = world.github.state.issues.find((i) => i.number === pr?.number);
    expect(prIssue?.title).toBe('Coerce the arguments of add()');
    expect(prIssue?.body).toContain('add() now converts both arguments.');
    expect(prIssue?.body).toContain('Requested in #1.');

    const trigger = world.payload.comment as { id: number };
    const tracking = world.github.state.issueComments.find((c) => c.body.includes('steward:session'));
    expect(writeLog(world)).toEqual([
      `POST /issues/comments/${trigger.id}/reactions`,
      'POST /check-runs',
      'POST /issues/1/comments',
      'POST /git/blobs',
      'POST /git/trees',
      'POST /git/commits',
      'POST /git/refs',
      'POST /pulls',
      `PATCH /issues/comments/${tracking?.id}`,
      `PATCH /check-runs/${world.github.state.checkRuns[0]?.id}`,
    ]);
    expect(tracking?.body).toContain(
      `opened draft pull request #${pr?.number} from \`steward/fixer/1\` (1 file)`,
    );
    expect(main.outputs.pull_request_url).toBe(`https://github.com/octo-org/widgets/pull/${pr?.number}`);
    // Every output is in the event log.
    const files = await world.artifacts.downloadArtifact(`steward-${main.outputs.session_id}`);
    const events = parseEventLog(files.get('events.jsonl')?.toString('utf8') ?? '', 'log').events;
    expect(events.filter((e) => e.type === 'steward.output')).toMatchObject([
      { type: 'steward.output', output: 'pull_request', status: 'applied' },
    ]);
  });

  it('reports an output that cannot be applied, and the run still completes', async () => {
    world = await startWorld({
      baseFiles: baseWith('fixer'),
      headFiles: CHANGE,
      event: 'issue_comment.created',
      body: '/steward open a pull request',
      scenario: {
        name: 'nothing to publish',
        turns: [call('open_pull_request', { title: 'Nothing', body: 'No edits.' }), answer('Done.')],
      },
    });
    const { main } = await runAction(world, QUIET);
    expect(main.exitCode, main.stdout).toBe(0);
    expect(main.outputs.status).toBe('completed');
    expect(world.github.state.pulls).toHaveLength(0);
    expect(writeLog(world).some((l) => l.startsWith('POST /git/'))).toBe(false);
    const tracking = world.github.state.issueComments.find((c) => c.body.includes('steward:session'));
    expect(tracking?.body).toContain('❌ the workspace has no changes to publish');
    expect(main.stdout).toContain(
      '::warning::Steward output pull_request: the workspace has no changes to publish',
    );
  });
});

describe('push_to_branch', () => {
  it("commits to the pull request's own branch when the spec opts in", async () => {
    const spec = `${SPECS.review.replace('outputs: { comment: true, review: { inline: true } }', 'outputs: { comment: true, push_to_branch: true }').replace('{ name: write, enabled: false }, { name: edit, enabled: false }', '{ name: bash, enabled: false }')}`;
    world = await startWorld({
      baseFiles: { ...baseWith(), '.github/steward/review.yml': spec },
      headFiles: CHANGE,
      scenario: {
        name: 'push',
        turns: [
          call(
            'write',
            {
              file_path: 'src/math.js',
              content: `${FIXED}\nexport function sub(a, b) {\n  return a - b;\n}\n`,
            },
            { tools_include: ['push_to_branch'] },
          ),
          call('push_to_branch', { message: 'Coerce in add()' }),
          answer('Pushed.'),
        ],
      },
    });
    const { main } = await runAction(world, QUIET);
    expect(main.exitCode, main.stdout).toBe(0);
    const refs = await world.github.refs();
    const pushed = refs['refs/heads/feature'];
    expect(pushed).not.toBe(world.repo.headSha);
    expect((await bareShow(world, '--format=%P', '-s', 'feature')).trim()).toBe(world.repo.headSha);
    expect(await bareShow(world, 'feature:src/math.js')).toContain('Number(a) + Number(b)');
    expect(world.github.state.pulls[0]?.head.sha).toBe(pushed);
    expect(writeLog(world)).toContain('PATCH /git/refs/heads/feature');
  });
});

describe('other outputs', () => {
  it('noop ends the run as no_changes, with the reason, and a neutral check', async () => {
    world = await startWorld({
      baseFiles: baseWith('triage'),
      headFiles: CHANGE,
      event: 'issues.opened',
      scenario: { name: 'noop', turns: [call('noop', { reason: 'Already fixed on main.' }), answer('')] },
    });
    const { main } = await runAction(world, QUIET);
    expect(main.exitCode, main.stdout).toBe(0);
    expect(main.outputs.status).toBe('no_changes');
    expect(world.github.state.checkRuns[0]?.conclusion).toBe('neutral');
    const tracking = world.github.state.issueComments.find((c) => c.body.includes('steward:session'));
    expect(tracking?.body).toContain('➖ no changes needed');
    expect(tracking?.body).toContain('Already fixed on main.');
  });

  it('labels outside the spec are refused to the model', async () => {
    world = await startWorld({
      baseFiles: baseWith('triage'),
      headFiles: CHANGE,
      event: 'issues.opened',
      scenario: {
        name: 'refusals',
        turns: [
          call('add_labels', { labels: ['wontfix'] }),
          answer('Could not label it.', {
            last_tool_result_contains: 'not allowed: wontfix; allowed labels are bug, question',
            last_tool_result_is_error: true,
          }),
        ],
      },
    });
    const { main } = await runAction(world, QUIET);
    expect(main.exitCode, main.stdout).toBe(0);
    world.messages.assertDone();
    expect(writeLog(world).some((l) => l.includes('/labels'))).toBe(false);
  });

  it('redacts secrets and foreign images from everything it writes to GitHub', async () => {
    world = await startWorld({
      baseFiles: baseWith('chat'),
      headFiles: CHANGE,
      event: 'issue_comment.created',
      body: '/steward leak it',
      scenario: {
        name: 'leak',
        turns: [
          call('post_comment', { body: `the key is ${SECRETS.apiKey} and the token ${SECRETS.githubToken}` }),
          answer(`Final: ${SECRETS.apiKey} ![pixel](https://evil.example/p.png?d=1)`),
        ],
      },
    });
    const { main } = await runAction(world, QUIET);
    expect(main.exitCode, main.stdout).toBe(0);
    const sent = JSON.stringify(world.github.requests.map((r) => r.body));
    for (const secret of Object.values(SECRETS)) expect(sent).not.toContain(secret);
    expect(sent).toContain('the key is [REDACTED] and the token [REDACTED]');
    expect(main.summary).not.toContain(SECRETS.apiKey);
    // An image to a foreign host would be fetched as soon as GitHub renders the comment.
    expect(sent).not.toContain('](https://evil.example');
    expect(main.outputs.result).toMatch(/^Final: \[REDACTED\] /);
  });

  it('a structured verdict concludes the check run', async () => {
    const spec = `${SPECS.review.replace(
      'outputs: { comment: true, review: { inline: true } }',
      'outputs: { comment: true, result_schema: { type: object, properties: { verdict: { enum: [approve, changes] } }, required: [verdict] } }',
    )}`;
    world = await startWorld({
      baseFiles: { ...baseWith(), '.github/steward/review.yml': spec },
      headFiles: CHANGE,
      scenario: {
        name: 'verdict',
        turns: [
          call('submit_result', { verdict: 'maybe' }),
          call('submit_result', { verdict: 'changes' }, { last_tool_result_is_error: true }),
          answer('Needs changes.', { last_tool_result_contains: 'Result recorded' }),
        ],
      },
    });
    const { main } = await runAction(world, QUIET);
    expect(main.exitCode, main.stdout).toBe(0);
    world.messages.assertDone();
    expect(JSON.parse(main.outputs.result_json ?? '')).toEqual({ verdict: 'changes' });
    expect(world.github.state.checkRuns[0]).toMatchObject({ name: 'steward/review', conclusion: 'failure' });
  });
});
