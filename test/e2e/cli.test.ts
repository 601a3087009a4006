import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEventLog } from '../../src/events/log.ts';
import { type FakeMessagesApi, startFakeMessagesApi } from '../fakes/messages/index.ts';
import { ROOT } from '../support/action-world.ts';

let fake: FakeMessagesApi;
beforeAll(async () => {
  fake = await startFakeMessagesApi();
});
afterAll(async () => {
  await fake.close();
});

function project(): { dir: string; spec: string } {
  const dir = mkdtempSync(join(tmpdir(), 'steward-cli-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'greet.js'), "export const greet = (n) => 'hi ' + n;\n");
  const spec = join(dir, 'agent.yml');
  writeFileSync(spec, 'name: helper\nmodel: claude-haiku-4-5\n');
  return { dir, spec };
}

function cli(args: string[], env: Record<string, string> = {}) {
  return execa(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], {
    reject: false,
    env: { PATH: process.env.PATH ?? '', ANTHROPIC_API_KEY: 'sk-ant-cli-test', ...env },
    extendEnv: false,
  });
}

describe('steward CLI', () => {
  it('runs a task from a spec against the fake model and prints each step', async () => {
    const { dir, spec } = project();
    fake.load({
      name: 'cli',
      turns: [
        { content: [{ type: 'tool_use', name: 'grep', input: { pattern: 'greet', path: 'src' } }] },
        { expect: { last_tool_result_contains: 'greet.js' }, content: 'greet() is in src/greet.js.' },
      ],
    });
    const out = join(dir, 'out');
    const run = await cli([
      'run',
      '--spec',
      spec,
      '--task',
      'Where is greet?',
      '--workspace',
      dir,
      '--out',
      out,
      '--model-base-url',
      fake.url,
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    fake.assertNoMismatches();
    expect(run.stdout).toContain('▶ task: Where is greet?');
    expect(run.stdout).toContain('→ grep');
    expect(run.stdout).toContain('greet() is in src/greet.js.');
    expect(run.stdout).toMatch(/completed · cost \$/);
    const { events } = readEventLog(join(out, 'events.jsonl'));
    expect(events.at(-1)).toMatchObject({ type: 'session.status_idle', stop_reason: { type: 'end_turn' } });
  });

  it('prints the result as JSON with --json', async () => {
    const { dir, spec } = project();
    fake.load({ name: 'json', turns: [{ content: 'done' }] });
    const run = await cli(
      ['run', '--spec', spec, '--task', 'x', '--workspace', dir, '--out', join(dir, 'o'), '--json'],
      {
        ANTHROPIC_BASE_URL: fake.url,
      },
    );
    expect(run.exitCode, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { state: string; result: string; turns: number };
    expect(result).toMatchObject({ state: 'completed', result: 'done', turns: 1 });
  });

  it('exits 1 when the session ends in error', async () => {
    const { dir, spec } = project();
    fake.load({ name: 'auth', turns: [{ faults: [{ kind: 'http', status: 401 }], content: 'never' }] });
    const run = await cli([
      'run',
      '--spec',
      spec,
      '--task',
      'x',
      '--workspace',
      dir,
      '--out',
      join(dir, 'o'),
      '--model-base-url',
      fake.url,
    ]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('anthropic_api_key');
  });

  it('exits 2 on an invalid spec and on bad usage', async () => {
    const { dir } = project();
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, 'name: x\ntools:\n  - type: agent_toolset_20260401\n    configs: [{ name: bsh }]\n');
    const validate = await cli(['validate', bad]);
    expect(validate.exitCode).toBe(2);
    expect(validate.stderr).toContain(`${bad}:4:`);
    expect(validate.stderr).toContain('did you mean "bash"');
    const usage = await cli(['frobnicate']);
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr).toContain('usage:');
  });
});

describe('steward run: interrupt, approval and resume', () => {
  async function until(check: () => boolean, what: string): Promise<void> {
    for (let i = 0; i < 600; i += 1) {
      if (check()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('stops at SIGINT with user.interrupt, idle and resumable, and continues with --resume --task', async () => {
    const { dir, spec } = project();
    const out = join(dir, 'out');
    const log = join(out, 'events.jsonl');
    fake.load({
      name: 'interrupted',
      turns: [
        {
          content: [
            { type: 'tool_use', name: 'bash', input: { command: 'echo started >> s.txt; sleep 30' } },
          ],
        },
      ],
    });
    const child = cli([
      'run',
      '--spec',
      spec,
      '--task',
      'Work',
      '--workspace',
      dir,
      '--out',
      out,
      '--model-base-url',
      fake.url,
    ]);
    await until(() => existsSync(join(dir, 's.txt')), 'the tool call to start');
    child.kill('SIGINT');
    const run = await child;
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('interrupted');
    const { events } = readEventLog(log);
    expect(events.slice(-2).map((e) => e.type)).toEqual(['user.interrupt', 'session.status_idle']);
    expect(events.at(-1)).toMatchObject({ stop_reason: { type: 'end_turn' } });

    fake.load({
      name: 'carry on',
      turns: [
        {
          expect: { last_user_text_contains: 'Carry on', last_tool_result_is_error: true },
          content: 'Carried on.',
        },
      ],
    });
    const resumed = await cli([
      'run',
      '--resume',
      log,
      '--task',
      'Carry on',
      '--workspace',
      dir,
      '--model-base-url',
      fake.url,
    ]);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    fake.assertNoMismatches();
    expect(resumed.stdout).toContain('Carried on.');
  });

  it('waits for approval of an always_ask tool and runs it after --resume --approve', async () => {
    const { dir } = project();
    const spec = join(dir, 'asker.yml');
    writeFileSync(
      spec,
      'name: asker\nmodel: claude-sonnet-5-5\ntools:\n  - type: agent_toolset_20260401\n    configs: [{ name: bash, permission_policy: { type: always_ask } }]\n',
    );
    const out = join(dir, 'out');
    fake.load({
      name: 'ask',
      turns: [
        {
          content: [
            {
              type: 'tool_use',
              name: 'bash',
              input: { command: 'echo approved >> a.txt' },
              id: 'toolu_cli_ask',
            },
          ],
        },
      ],
    });
    const first = await cli([
      'run',
      '--spec',
      spec,
      '--task',
      'Do it',
      '--workspace',
      dir,
      '--out',
      out,
      '--model-base-url',
      fake.url,
    ]);
    expect(first.exitCode).toBe(1);
    expect(first.stdout).toContain('waiting for approval');
    expect(first.stdout).toContain('requires_action');
    expect(existsSync(join(dir, 'a.txt'))).toBe(false);

    fake.load({
      name: 'approved',
      turns: [{ expect: { last_tool_result_is_error: false }, content: 'Approved and done.' }],
    });
    const log = join(out, 'events.jsonl');
    const bad = await cli([
      'run',
      '--resume',
      log,
      '--approve',
      'toolu_nope',
      '--workspace',
      dir,
      '--model-base-url',
      fake.url,
    ]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('toolu_cli_ask');
    const second = await cli([
      'run',
      '--resume',
      log,
      '--approve',
      'toolu_cli_ask',
      '--workspace',
      dir,
      '--model-base-url',
      fake.url,
    ]);
    expect(second.exitCode, second.stderr).toBe(0);
    fake.assertNoMismatches();
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('approved\n');
  });
});
