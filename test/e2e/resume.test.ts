/**
 * Crash and resume through the bundled CLI (`npm run build` first): the CLI is killed with
 * SIGKILL while a tool call runs, `steward run --resume` continues the session from its event
 * log, and the workspace ends up the same as after an uninterrupted run.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readEventLog } from '../../src/events/log.ts';
import { type FakeMessagesApi, startFakeMessagesApi } from '../fakes/messages/index.ts';
import type { TurnSpec } from '../fakes/messages/types.ts';
import { ROOT } from '../support/action-world.ts';

let fake: FakeMessagesApi;
beforeAll(async () => {
  fake = await startFakeMessagesApi();
});
afterAll(async () => {
  await fake.close();
});

function project(): { dir: string; spec: string } {
  const dir = mkdtempSync(join(tmpdir(), 'steward-resume-'));
  const ws = join(dir, 'ws');
  mkdirSync(join(ws, 'src'), { recursive: true });
  writeFileSync(join(ws, 'src', 'main.js'), 'console.log("hi");\n');
  const spec = join(dir, 'agent.yml');
  writeFileSync(spec, 'name: stepper\nmodel: claude-sonnet-5-5\n');
  return { dir, spec };
}

function cli(args: string[]) {
  return execa(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], {
    reject: false,
    env: { PATH: process.env.PATH ?? '', ANTHROPIC_API_KEY: 'sk-ant-cli-test', ANTHROPIC_BASE_URL: fake.url },
    extendEnv: false,
  });
}

const step = (command: string, expect?: TurnSpec['expect']): TurnSpec => ({
  ...(expect ? { expect } : {}),
  content: [{ type: 'tool_use', name: 'bash', input: { command } }],
});
/** The slow first step writes its effect first, then takes its time. */
const FIRST = 'echo one >> out.txt; sleep 3';
const SECOND = 'echo two >> out.txt';

/** Every file under `dir` with its content. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

it('resumes a session killed with SIGKILL during a tool call, to the same workspace', async () => {
  // The uninterrupted run, for reference.
  const reference = project();
  fake.load({ name: 'reference', turns: [step(FIRST), step(SECOND), { content: 'Both steps done.' }] });
  const ref = await cli([
    'run',
    '--spec',
    reference.spec,
    '--task',
    'Run the steps',
    '--workspace',
    join(reference.dir, 'ws'),
    '--out',
    join(reference.dir, 'out'),
  ]);
  expect(ref.exitCode, ref.stderr).toBe(0);

  // The same session, killed while the first step sleeps.
  const killed = project();
  const ws = join(killed.dir, 'ws');
  const out = join(killed.dir, 'out');
  const log = join(out, 'events.jsonl');
  fake.load({ name: 'killed', turns: [step(FIRST)] });
  const child = cli([
    'run',
    '--spec',
    killed.spec,
    '--task',
    'Run the steps',
    '--workspace',
    ws,
    '--out',
    out,
  ]);
  await until(
    () =>
      existsSync(log) &&
      readFileSync(log, 'utf8').includes('"agent.tool_use"') &&
      existsSync(join(ws, 'out.txt')),
    'the first tool call to start',
  );
  child.kill('SIGKILL');
  const dead = await child;
  expect(dead.signal).toBe('SIGKILL');
  const before = readEventLog(log).events;
  expect(before.filter((e) => e.type === 'agent.tool_use')).toHaveLength(1);
  expect(before.filter((e) => e.type === 'agent.tool_result')).toHaveLength(0);

  // Resume from the log: the spec and session id come from session.json next to it.
  fake.load({
    name: 'resumed',
    turns: [
      step(SECOND, {
        last_tool_result_is_error: true,
        last_tool_result_contains: ['interrupted', 'not re-run'],
      }),
      { content: 'Both steps done.' },
    ],
  });
  const resumed = await cli(['run', '--resume', log, '--workspace', ws]);
  expect(resumed.exitCode, `${resumed.stdout}\n${resumed.stderr}`).toBe(0);
  fake.assertNoMismatches();
  fake.assertDone();

  expect(snapshot(ws)).toEqual(snapshot(join(reference.dir, 'ws')));
  expect(readFileSync(join(ws, 'out.txt'), 'utf8')).toBe('one\ntwo\n');
  // One log for the whole session: the history, then the resumed run.
  const after = readEventLog(log).events;
  expect(after.slice(0, before.length)).toEqual(before);
  expect(after.filter((e) => e.type === 'agent.tool_use')).toHaveLength(2);
  expect(after.at(-1)).toMatchObject({ type: 'session.status_idle', stop_reason: { type: 'end_turn' } });
  const session = JSON.parse(readFileSync(join(out, 'session.json'), 'utf8')) as {
    id: string;
    steward: { turns: number };
  };
  expect(session.steward.turns).toBe(3);
});
