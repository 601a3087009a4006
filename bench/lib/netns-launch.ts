/**
 * Runs one harness inside a network namespace that has nothing but loopback, so it cannot reach
 * any host but the fake Messages API, whatever it tries (telemetry, update checks, feature flags).
 * Started by bench/lib/isolation.ts as `bwrap --unshare-net … node netns-launch.ts '<config>'`.
 *
 * Inside the namespace it listens on 127.0.0.1, forwards every connection over a Unix socket
 * (file systems are shared across network namespaces) to the fake outside, timestamps each
 * request's first byte, starts the harness with `ANTHROPIC_BASE_URL` pointing at itself, and
 * prints one JSON line: spawn instant, request times, wall, CPU and peak memory of the harness.
 */
import { type ChildRun, runChild } from './child.ts';
import { startRecordingProxy } from './proxy.ts';

/** What the launcher is given. */
export interface LaunchConfig {
  /** Unix socket of the bridge to the fake Messages API. */
  socket: string;
  command: string;
  args: string[];
  /** The harness's whole environment (ANTHROPIC_BASE_URL is added). */
  env: Record<string, string>;
  cwd: string;
  tmp: string;
  timeoutMs: number;
}

/** What the launcher prints. */
export interface LaunchResult extends Omit<ChildRun, 'spawnedAt'> {
  /** Request first bytes and response first bytes, ms after the spawn. */
  exchanges: Array<{ start: number; response: number }>;
}

const config = JSON.parse(process.argv[2] ?? '{}') as LaunchConfig;
const proxy = await startRecordingProxy({ target: `unix:${config.socket}` });
const run = await runChild(config.command, config.args, {
  env: { ...config.env, ANTHROPIC_BASE_URL: proxy.url },
  cwd: config.cwd,
  tmp: config.tmp,
  timeoutMs: config.timeoutMs,
  resources: true,
});
const exchanges = proxy
  .exchanges()
  .map((e) => ({ start: e.start - run.spawnedAt, response: e.response - run.spawnedAt }));
await proxy.close();
const { spawnedAt: _spawnedAt, ...rest } = run;
const result: LaunchResult = {
  ...rest,
  stdout: run.stdout.slice(-20_000),
  stderr: run.stderr.slice(-5_000),
  exchanges,
};
process.stdout.write(`\n${JSON.stringify(result)}\n`);
