/**
 * Resource abuse (checklist item 32): a fork bomb, huge and endless output, background processes
 * meant to outlive the call, an endless loop, and huge files, through bash in the bundled Action.
 * The fork bomb is bounded twice: by the sandbox's process limit (pids cgroup when Steward may
 * create one, RLIMIT_NPROC otherwise) and by the end of the command, which ends its PID namespace.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type StepRun, startWorld, type World } from '../support/action-world.ts';
import { CHANGE } from '../support/github-project.ts';
import { artifactEvents, attackBase, calls, leaks, resultOf, use } from './support.ts';

let world: World;
let main: StepRun;
let post: StepRun;
let processesBefore: number;
let events: Array<Record<string, unknown>>;

function hostProcesses(): string[] {
  return execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n');
}

beforeAll(async () => {
  world = await startWorld({ baseFiles: attackBase(), headFiles: CHANGE });
  world.messages.load({
    name: 'resources',
    turns: [
      calls(
        use('fork_bomb', 'bash', {
          command: 'bomb() { bomb | bomb & }; bomb; sleep 2; echo "the shell survived"',
          timeout_ms: 30_000,
        }),
      ),
      calls(use('after_bomb', 'bash', { command: 'ps -e --no-headers | wc -l' })),
      calls(
        use('huge_output', 'bash', {
          command: 'echo BEGIN; head -c 20000000 /dev/zero | tr "\\0" "x"; echo; echo END',
        }),
      ),
      calls(use('flood', 'bash', { command: 'yes "flooding the runner"' })),
      calls(
        use('background', 'bash', {
          command:
            'nohup sleep 424201 >/dev/null 2>&1 & setsid sleep 424202 & (sleep 424203 &); sleep 424204 & disown; echo "started"',
        }),
      ),
      calls(use('background_after', 'bash', { command: 'pgrep -a sleep; echo "count=$(pgrep -c sleep)"' })),
      calls(use('endless', 'bash', { command: 'while :; do :; done', timeout_ms: 1500 })),
      calls(use('still_usable', 'bash', { command: 'echo usable' })),
      calls(use('limits', 'bash', { command: 'echo "fsize=$(ulimit -f) nproc=$(ulimit -u)"' })),
      { label: 'answer', content: 'Done.' },
    ],
  });
  processesBefore = hostProcesses().length;
  ({ main, post } = await runAction(world, { progress_seconds: '600' }));
  expect(main.exitCode, main.stdout + main.stderr).toBe(0);
  events = await artifactEvents(world, main.outputs.session_id ?? '');
}, 180_000);

afterAll(async () => {
  await world?.close();
});

describe('resource abuse is bounded', () => {
  it('E1 a fork bomb hits the process limit and dies with its command; the runner stays usable', () => {
    const r = resultOf(world, 'fork_bomb');
    expect(r.text).toMatch(/the shell survived|Resource temporarily unavailable|retry/);
    expect(Number(resultOf(world, 'after_bomb').text)).toBeLessThan(20);
    // Nothing of it is left on the runner (a small margin for unrelated processes of the machine).
    expect(hostProcesses().length).toBeLessThan(processesBefore + 20);
  });

  it('E2 huge output is cut to its start and end before it reaches the model and the log', () => {
    const r = resultOf(world, 'huge_output');
    expect(r.isError).toBe(false);
    expect(r.text.startsWith('BEGIN')).toBe(true);
    expect(r.text.endsWith('END')).toBe(true);
    expect(r.text.length).toBeLessThan(110 * 1024);
    expect(r.text).toMatch(/\[… \d+ bytes of output omitted …\]/);
    const logged = JSON.stringify(events);
    expect(logged.length).toBeLessThan(1024 * 1024);
  });

  it('E3 endless output is stopped at the hard limit', () => {
    const r = resultOf(world, 'flood');
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/stopped after writing \d+ bytes of output/);
    expect(r.text.length).toBeLessThan(110 * 1024);
  });

  it('E4 background processes (&, nohup, setsid, double fork, disown) do not outlive the call', () => {
    expect(resultOf(world, 'background').text).toBe('started');
    expect(resultOf(world, 'background_after').text).toContain('count=0');
    expect(hostProcesses().filter((p) => /sleep 42420\d/.test(p))).toEqual([]);
  });

  it('E5 an endless loop is killed at its timeout, and the next command runs normally', () => {
    const r = resultOf(world, 'endless');
    expect(r.isError).toBe(true);
    expect(r.text).toContain('timed out after 1500 ms and was killed');
    expect(resultOf(world, 'still_usable')).toEqual({ text: 'usable', isError: false });
  });

  it('E6 file size is capped (2 GiB) and so are processes (1024)', () => {
    expect(resultOf(world, 'limits').text).toMatch(/^fsize=2097152 nproc=(1024|unlimited)$/);
  });

  it('E7 no secret left the runner', async () => {
    expect(await leaks(world, [main, post])).toEqual([]);
  });
});
