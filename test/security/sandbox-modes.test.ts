/**
 * The sandbox fails closed (checklist item 31), and opting out is loud. On a runner without
 * bubblewrap, bash refuses every command with a diagnostic that says how to fix it; nothing runs.
 * A spec that sets `environment.sandbox: none` runs commands unsandboxed and its session records
 * a `steward.warning` for the comment and the job summary.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type StepRun, startWorld, type World } from '../support/action-world.ts';
import { CHANGE } from '../support/github-project.ts';
import { artifactEvents, attackBase, calls, leaks, resultOf, use } from './support.ts';

const UNSANDBOXED = `name: unsandboxed
system: You run on a runner that cannot host the sandbox.
on:
  workflow_dispatch: {}
outputs: { comment: true }
environment:
  sandbox: none
limits: { max_turns: 4 }
`;

let world: World;
const steps: StepRun[] = [];
let binDir: string;
const savedPath = process.env.PATH;

/** A PATH with the tools the Action needs but no bubblewrap, like a runner that lacks it. */
function pathWithoutBwrap(): string {
  binDir = mkdtempSync(join(tmpdir(), 'steward-no-bwrap-'));
  mkdirSync(binDir, { recursive: true });
  for (const tool of ['git', 'rg', 'socat', 'sh', 'bash', 'cat', 'env', 'touch', 'ls']) {
    const found = execFileSync('sh', ['-c', `command -v ${tool} || true`], { encoding: 'utf8' }).trim();
    if (found) symlinkSync(found, join(binDir, tool));
  }
  return binDir;
}

beforeAll(async () => {
  world = await startWorld({
    baseFiles: attackBase({ '.github/steward/unsandboxed.yml': UNSANDBOXED }),
    headFiles: CHANGE,
  });
}, 60_000);

afterAll(async () => {
  process.env.PATH = savedPath;
  await world?.close();
  if (binDir) rmSync(binDir, { recursive: true, force: true });
});

describe('no sandbox, no command', () => {
  let events: Array<Record<string, unknown>>;
  beforeAll(async () => {
    world.messages.load({
      name: 'no bwrap',
      turns: [
        calls(use('refused', 'bash', { command: 'touch must-not-exist; env' })),
        calls(use('refused_again', 'bash', { command: 'touch must-not-exist-either' })),
        { content: 'The sandbox is missing; see the diagnostic.' },
      ],
    });
    process.env.PATH = pathWithoutBwrap();
    try {
      const { main, post } = await runAction(world, { progress_seconds: '600', agent: 'helper' });
      steps.push(main, post);
      expect(main.exitCode, main.stdout).toBe(0);
      events = await artifactEvents(world, main.outputs.session_id ?? '');
    } finally {
      process.env.PATH = savedPath;
    }
  }, 120_000);

  it('G1 bash refuses every command, with a diagnostic saying how to install the sandbox or opt out', () => {
    for (const id of ['refused', 'refused_again']) {
      const r = resultOf(world, id);
      expect(r.isError).toBe(true);
      expect(r.text).toContain('The bash sandbox could not start, so the command was not run');
      expect(r.text).toContain('bubblewrap (bwrap) not installed');
      expect(r.text).toContain('sudo apt-get install -y bubblewrap socat ripgrep');
      expect(r.text).toContain('environment.sandbox: none');
    }
    expect(existsSync(join(world.workspace, 'must-not-exist'))).toBe(false);
    expect(existsSync(join(world.workspace, 'must-not-exist-either'))).toBe(false);
    expect(events.some((e) => e.type === 'agent.tool_result')).toBe(true);
  });
});

describe('environment.sandbox: none', () => {
  let events: Array<Record<string, unknown>>;
  let session: { steward?: { sandbox?: { mode?: string; warnings?: string[] } } };
  beforeAll(async () => {
    world.setEvent('workflow_dispatch', {
      inputs: {},
      ref: 'refs/heads/main',
      repository: world.payload.repository,
      sender: world.payload.sender,
    });
    world.messages.load({
      name: 'unsandboxed',
      turns: [
        calls(use('unsandboxed', 'bash', { command: 'touch ran-unsandboxed; echo ran' })),
        { content: 'Done.' },
      ],
    });
    const { main, post } = await runAction(world, { progress_seconds: '600', agent: 'unsandboxed' });
    steps.push(main, post);
    expect(main.exitCode, main.stdout).toBe(0);
    events = await artifactEvents(world, main.outputs.session_id ?? '');
    const files = await world.artifacts.downloadArtifact(`steward-${main.outputs.session_id}`);
    session = JSON.parse(files.get('session.json')?.toString('utf8') ?? '{}') as typeof session;
  }, 120_000);

  it('G2 commands run without the sandbox, and the session records a warning that says what that exposes', () => {
    expect(resultOf(world, 'unsandboxed').text).toBe('ran');
    expect(existsSync(join(world.workspace, 'ran-unsandboxed'))).toBe(true);
    const warning = events.find((e) => e.type === 'steward.warning');
    expect(String(warning?.message)).toContain('environment.sandbox is `none`');
    expect(String(warning?.message)).toContain('without the sandbox');
    expect(session.steward?.sandbox?.mode).toBe('none');
    expect(session.steward?.sandbox?.warnings?.[0]).toContain('environment.sandbox is `none`');
  });

  it('G3 no secret left the runner in either run', async () => {
    expect(await leaks(world, steps)).toEqual([]);
    expect(readFileSync(join(world.workspace, 'ran-unsandboxed'), 'utf8')).toBe('');
  });
});
