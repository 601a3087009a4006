/**
 * Runs a command with no network but loopback (bubblewrap's `--unshare-net`: a new network
 * namespace with only `lo`), bridged to the fake Messages API over a Unix socket; see
 * bench/lib/netns-launch.ts. Used for the side-by-side with Claude Code, whose CLI would otherwise
 * be free to contact hosts of its own.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastJsonLine, runChild } from './child.ts';
import type { LaunchConfig, LaunchResult } from './netns-launch.ts';
import { type RecordingProxy, startRecordingProxy } from './proxy.ts';

const LAUNCHER = fileURLToPath(new URL('./netns-launch.ts', import.meta.url));

/**
 * Whether `bwrap --unshare-net` works here; the reason when it does not (not installed, or user
 * namespaces are not allowed).
 */
export function isolationProblem(): string | undefined {
  const probe = spawnSync('bwrap', ['--dev-bind', '/', '/', '--unshare-net', '--die-with-parent', 'true'], {
    encoding: 'utf8',
  });
  if (probe.error) return `bubblewrap is not installed (${probe.error.message})`;
  if (probe.status !== 0) return `bwrap --unshare-net failed: ${probe.stderr.trim()}`;
  return undefined;
}

/** A bridge from a Unix socket to the fake, and a way to run commands behind it. */
export interface IsolatedRunner {
  run(
    command: string,
    args: string[],
    options: { env: Record<string, string>; cwd: string },
  ): Promise<LaunchResult>;
  close(): Promise<void>;
}

/**
 * Bridges `socketDir/bridge.sock` to `targetUrl` (the fake Messages API). With `isolate` false
 * the launcher runs without a network namespace (same code path and timing, no guarantee): only
 * for Steward, in quick runs where bubblewrap may be unavailable.
 */
export async function startIsolatedRunner(
  targetUrl: string,
  socketDir: string,
  tmp: string,
  isolate = true,
): Promise<IsolatedRunner> {
  const socket = join(socketDir, 'bridge.sock');
  const bridge: RecordingProxy = await startRecordingProxy({ target: targetUrl, socketPath: socket });
  return {
    async run(command, args, options) {
      const config: LaunchConfig = {
        socket,
        command,
        args,
        env: options.env,
        cwd: options.cwd,
        tmp,
        timeoutMs: 180_000,
      };
      const launcher = [process.execPath, LAUNCHER, JSON.stringify(config)];
      const sandbox = ['--dev-bind', '/', '/', '--unshare-net', '--die-with-parent', '--chdir', options.cwd];
      const [cmd, ...argv] = isolate ? ['bwrap', ...sandbox, ...launcher] : launcher;
      const launched = await runChild(cmd as string, argv, {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
        cwd: options.cwd,
        tmp,
        timeoutMs: 200_000,
      });
      if (launched.exitCode !== 0)
        throw new Error(
          `the isolated launcher failed (exit ${launched.exitCode}): ${launched.stderr.slice(-2000)}`,
        );
      return lastJsonLine<LaunchResult>(launched.stdout);
    },
    async close() {
      await bridge.close();
    },
  };
}
