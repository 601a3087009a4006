import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeMessagesApi, startFakeMessagesApi } from '../../fakes/messages/index.ts';
import { lines, ofType, runScenario, tools, workspace } from './harness.ts';

let fake: FakeMessagesApi;
beforeAll(async () => {
  fake = await startFakeMessagesApi();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

const check = (run: string) => ({ run, timeout_minutes: 1 });
const results = (events: Parameters<typeof ofType>[0]) =>
  ofType(events, 'span.outcome_evaluation_end').map((e) => e.result);

describe('outcome evaluation', () => {
  it.each([
    ['through the bash tool', false],
    ['with /bin/bash when the session has no bash tool', true],
  ])('runs the checks %s, feeds a failure back, and ends satisfied', async (_how, withoutBash) => {
    const ws = workspace();
    const { result, events } = await runScenario(
      fake,
      {
        name: 'checks',
        turns: [
          {
            expect: { last_user_text_contains: ['Definition of done', '`test -f done.txt`'] },
            content: 'I am done.',
          },
          {
            expect: { last_user_text_contains: ['not met yet', 'Check `test -f done.txt` failed'] },
            content: [
              { type: 'tool_use', name: 'write', input: { file_path: 'done.txt', content: 'yes\n' } },
            ],
          },
          { content: 'Now it is done.' },
        ],
      },
      {
        ws,
        outcome: { description: 'done.txt exists', checks: [check('test -f done.txt')], max_iterations: 3 },
        ...(withoutBash
          ? {
              tools: tools(ws).filter((t) => t.name !== 'bash'),
              workspace: { dir: ws, env: { PATH: process.env.PATH ?? '' } },
            }
          : {}),
      },
    );
    fake.assertDone();
    expect(result.state).toBe('completed');
    expect(result.outcome).toMatchObject({ result: 'satisfied', evaluations: 2 });
    expect(results(events)).toEqual(['needs_revision', 'satisfied']);
    const starts = ofType(events, 'span.outcome_evaluation_start');
    expect(starts.map((e) => e.iteration)).toEqual([0, 1]);
    const defined = ofType(events, 'user.define_outcome')[0];
    expect(starts.every((s) => s.outcome_id === defined?.outcome_id)).toBe(true);
    expect(String(defined?.outcome_id)).toMatch(/^outc_/);
    expect(ofType(events, 'span.outcome_evaluation_ongoing').length).toBeGreaterThanOrEqual(2);
  });

  it('stops with max_iterations_reached when the checks keep failing', async () => {
    const { result, events } = await runScenario(
      fake,
      { name: 'never', turns: [{ content: 'Done.' }, { content: 'Really done.' }] },
      { outcome: { checks: [check('echo nope >&2; exit 1')], max_iterations: 2 } },
    );
    fake.assertDone();
    expect(results(events)).toEqual(['needs_revision', 'max_iterations_reached']);
    expect(result.state).toBe('error');
    expect(result.error?.type).toBe('outcome_not_met');
    expect(result.error?.message).toContain('nope');
    expect(events.at(-1)).toMatchObject({ type: 'session.status_idle', stop_reason: { type: 'end_turn' } });
  });

  it('asks a grader when a rubric is given, and revises on its verdict', async () => {
    const grade = (result: string, explanation: string) => ({
      expect: { tools_include: ['submit_grade'], last_user_text_contains: 'The answer names the file' },
      content: [{ type: 'tool_use' as const, name: 'submit_grade', input: { result, explanation } }],
    });
    const { result, events, ws } = await runScenario(
      fake,
      {
        name: 'rubric',
        turns: [
          { content: [{ type: 'tool_use', name: 'bash', input: { command: 'echo work >> ran.log' } }] },
          { content: 'add() is correct.' },
          grade('needs_revision', 'The answer does not name the file.'),
          {
            expect: { last_user_text_contains: 'does not name the file' },
            content: 'add() in src/math.js is correct.',
          },
          grade('satisfied', 'Names src/math.js.'),
        ],
      },
      { outcome: { rubric: 'The answer names the file that holds add().', checks: [], max_iterations: 3 } },
    );
    fake.assertDone();
    expect(result.state).toBe('completed');
    expect(result.result).toBe('add() in src/math.js is correct.');
    expect(results(events)).toEqual(['needs_revision', 'satisfied']);
    const end = ofType(events, 'span.outcome_evaluation_end')[1];
    expect(end?.usage).toMatchObject({ input_tokens: expect.any(Number) });
    expect((end?.usage as { input_tokens: number } | undefined)?.input_tokens).toBeGreaterThan(0);
    expect(lines(join(ws, 'ran.log'))).toEqual(['work']);
    // Grader requests are not part of the agent's conversation.
    expect(ofType(events, 'agent.tool_use').map((e) => e.name)).toEqual(['bash']);
  });
});
