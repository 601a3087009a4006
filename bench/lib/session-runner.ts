/**
 * Runs scripted sessions in child processes (bench/lib/session-child.ts) against a fake Messages
 * API hosted here, so the fake's CPU time is not charged to the harness and the harness's memory
 * is its own.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FakeMessagesApi, startFakeMessagesApi } from '../../test/fakes/messages/index.ts';
import type { RecordedRequest, Scenario } from '../../test/fakes/messages/types.ts';
import { lastJsonLine, runChild } from './child.ts';
import { meterServerTime } from './server-time.ts';
import type { SessionChildInput, SessionChildOutput } from './session-child.ts';

const CHILD = fileURLToPath(new URL('./session-child.ts', import.meta.url));

/** One session's figures: the child's, the fake's server-side time, and the requests it saw. */
export interface SessionRun extends SessionChildOutput {
  /** Sum of the fake's server-side time over the session's requests, in ms. */
  serverMs: number;
  requests: RecordedRequest[];
}

/** A fake plus a runner of sessions against it. */
export interface SessionBench {
  fake: FakeMessagesApi;
  /** Runs one session of `scenario` from a fresh state (cache and script reset). */
  run(
    scenario: Scenario,
    options: { specYaml: string; prompt: string; workspace: string },
  ): Promise<SessionRun>;
  close(): Promise<void>;
}

/** Starts the fake; sessions write their output under `tmp`. */
export async function startSessionBench(tmp: string): Promise<SessionBench> {
  const fake = await startFakeMessagesApi();
  const meter = meterServerTime(Number(new URL(fake.url).port));
  let n = 0;
  return {
    fake,
    async run(scenario, options) {
      fake.reset();
      fake.load(scenario);
      meter.durations.length = 0;
      const outDir = join(tmp, `session-${process.pid}-${++n}`);
      mkdirSync(outDir, { recursive: true });
      const input: SessionChildInput = { baseURL: fake.url, outDir, ...options };
      const child = await runChild(process.execPath, [CHILD, JSON.stringify(input)], {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: outDir },
        cwd: options.workspace,
        tmp,
        timeoutMs: 300_000,
      });
      if (child.exitCode !== 0) {
        throw new Error(`session child exited ${child.exitCode}:\n${child.stderr.slice(-3000)}`);
      }
      const out = lastJsonLine<SessionChildOutput>(child.stdout);
      fake.assertDone();
      const serverMs = meter.durations.reduce((a, b) => a + b, 0);
      return { ...out, serverMs, requests: [...fake.requests] };
    },
    async close() {
      meter.stop();
      await fake.close();
    },
  };
}
