/**
 * The sandbox of tool processes (bash, outcome checks, stdio MCP servers), on
 * `@anthropic-ai/sandbox-runtime` (README and `dist/sandbox/*`, v0.0.78): on Linux every command
 * runs under bubblewrap with its own user, PID, mount and network namespaces, a fresh `/proc`, a
 * read-only root with write access only where {@link SandboxPolicy} allows, and a seccomp filter
 * against new Unix sockets. Network traffic can only leave through the runtime's HTTP/SOCKS proxy
 * on the host, which checks each destination against the allowlist before it connects (DESIGN
 * section 5, invariant 3).
 *
 * The runtime keeps one proxy per process (`SandboxManager` is a module singleton). Sessions
 * acquire it and release it; the last release stops it, so a finished session leaves no server
 * keeping the process alive. Sessions of one process share the network policy of the latest
 * acquirer (run.ts runs them one after the other).
 */

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { SandboxManager, type SandboxRuntimeConfig } from '@anthropic-ai/sandbox-runtime';
import { createPidsCgroup } from './cgroup.ts';
import {
  ALWAYS_DENIED_HOSTS,
  DEFAULT_MAX_FILE_BYTES,
  DEFAULT_MAX_PROCESSES,
  type NetworkPolicy,
  type SandboxPolicy,
  SandboxUnavailableError,
  sandboxDiagnostic,
} from './sandbox-policy.ts';

export * from './sandbox-policy.ts';

// ---- the runtime (one per process) ---------------------------------------------------------------

interface Runtime {
  users: number;
  network: NetworkPolicy;
  started: Promise<void>;
}

let runtime: Runtime | undefined;
let probed: Promise<void> | undefined;

function runtimeConfig(network: NetworkPolicy, bwrapPath: string | undefined): SandboxRuntimeConfig {
  const limited = network.type === 'limited';
  return {
    network: {
      allowedDomains: limited ? [...network.allowedHosts] : [],
      deniedDomains: [...ALWAYS_DENIED_HOSTS],
      // limited: the allowlist is the whole policy; unrestricted: the ask callback allows the rest.
      strictAllowlist: limited,
    },
    // Per-command filesystem rules are passed to each wrap; these only seed the runtime.
    filesystem: { denyRead: [], allowWrite: [], denyWrite: [] },
    ...(bwrapPath ? { bwrapPath } : {}),
  } as SandboxRuntimeConfig;
}

/** Asks nothing: under `unrestricted` every host not denied is allowed, else none is. */
async function askNetwork(): Promise<boolean> {
  return runtime?.network.type === 'unrestricted';
}

async function startRuntime(policy: SandboxPolicy): Promise<void> {
  const config = runtimeConfig(policy.network, policy.bwrapPath);
  const deps = SandboxManager.checkDependencies();
  if (deps.errors.length > 0) throw new SandboxUnavailableError(sandboxDiagnostic(deps.errors));
  try {
    await SandboxManager.initialize(config, askNetwork);
  } catch (err) {
    await SandboxManager.reset().catch(() => {});
    throw new SandboxUnavailableError(sandboxDiagnostic([err instanceof Error ? err.message : String(err)]));
  }
}

/**
 * Takes a share of the process's sandbox runtime under `policy.network`, starting it if needed.
 * The first start also runs a probe command, because a host without usable user namespaces only
 * shows it when bubblewrap runs.
 *
 * @throws SandboxUnavailableError with a diagnostic when the runtime cannot start.
 */
async function acquireRuntime(policy: SandboxPolicy, env: Readonly<Record<string, string>>): Promise<void> {
  if (runtime) {
    runtime.users++;
    if (JSON.stringify(runtime.network) !== JSON.stringify(policy.network)) {
      runtime.network = policy.network;
      await runtime.started.catch(() => {});
      SandboxManager.updateConfig(runtimeConfig(policy.network, policy.bwrapPath));
    }
  } else {
    runtime = { users: 1, network: policy.network, started: startRuntime(policy) };
  }
  const current = runtime;
  try {
    await current.started;
    probed ??= probeRuntime(policy, env);
    await probed;
  } catch (err) {
    // A failed start is not cached: the next call tries again (and fails the same way, quickly).
    if (runtime === current) runtime = undefined;
    probed = undefined;
    throw err;
  }
}

async function releaseRuntime(): Promise<void> {
  if (!runtime) return;
  runtime.users--;
  if (runtime.users > 0) return;
  const current = runtime;
  runtime = undefined;
  probed = undefined;
  await current.started.catch(() => {});
  await SandboxManager.reset().catch(() => {});
}

async function probeRuntime(policy: SandboxPolicy, env: Readonly<Record<string, string>>): Promise<void> {
  const wrapped = await SandboxManager.wrapWithSandbox('true', 'bash', filesystemConfig(policy));
  const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn('/bin/sh', ['-c', wrapped], {
      cwd: policy.workspace,
      env: { ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
    });
    child.on('error', (e) => resolve({ code: -1, stderr: e.message }));
    child.on('close', (code) => resolve({ code, stderr }));
  });
  SandboxManager.cleanupAfterCommand();
  if (result.code !== 0) {
    const first = result.stderr.trim().split('\n').slice(0, 3).join(' / ') || `exit status ${result.code}`;
    throw new SandboxUnavailableError(sandboxDiagnostic([`bubblewrap failed: ${first}`]));
  }
}

/**
 * A credential in a git config: the value after `extraheader = <Header>: <scheme> `, or the
 * password of a `scheme://user:password@host` URL. Group 1 is the credential (the runtime's
 * `credentials.files[].extract` contract).
 */
const GIT_CREDENTIAL = String.raw`(?:extraheader\s*=\s*\S+:\s*\S+\s+|://[^/\s:@]+:)([^@\s"]+)`;

/** Masks for the policy's git configs that hold a credential now (the runtime warns on stderr otherwise). */
function credentialMasks(policy: SandboxPolicy): Array<{ path: string; mode: 'mask'; extract: string }> {
  const masks: Array<{ path: string; mode: 'mask'; extract: string }> = [];
  for (const path of policy.maskGitCredentials ?? []) {
    try {
      if (new RegExp(GIT_CREDENTIAL).test(readFileSync(path, 'utf8')))
        masks.push({ path, mode: 'mask', extract: GIT_CREDENTIAL });
    } catch {
      // No such file: nothing to mask.
    }
  }
  return masks;
}

function filesystemConfig(policy: SandboxPolicy): Partial<SandboxRuntimeConfig> {
  const masks = credentialMasks(policy);
  return {
    ...(masks.length > 0 ? { credentials: { files: masks } } : {}),
    filesystem: {
      denyRead: [...policy.denyRead],
      // Private HOME/TMPDIR may sit inside a denied directory (RUNNER_TEMP): bind them back.
      allowRead: [...policy.writable],
      allowWrite: [...(policy.workspaceWritable === false ? [] : [policy.workspace]), ...policy.writable],
      denyWrite: [...policy.denyWrite],
    },
  } as Partial<SandboxRuntimeConfig>;
}

const LAUNCHER = '[ -n "$1" ] && echo $$ > "$1"; shift; exec "$@"';

/** A command ready to spawn, and what to do after it ended. */
export interface LaunchSpec {
  /** Program and arguments; spawn with `detached: true` so the whole group can be killed. */
  file: string;
  args: string[];
  /**
   * Kills what is left of the command (its cgroup), releases the runtime's per-command mount
   * points, and returns the sandbox's refusals during the command (e.g.
   * `deny network-outbound evil.example:443 (host is not on the allow list)`). Call once.
   */
  finish(): Promise<string[]>;
}

/** A started sandbox for one session. */
export interface Sandbox {
  readonly policy: SandboxPolicy;
  /**
   * Wraps a bash script (`bash -c script`) for the policy. Under `mode: sandbox` the runtime is
   * started on first use.
   *
   * @throws SandboxUnavailableError with a diagnostic when the sandbox cannot start.
   */
  launch(script: string): Promise<LaunchSpec>;
  /** Hosts refused so far (`host:port`), for the report. */
  blockedHosts(): string[];
  /** Releases the runtime; the last session to close stops its proxy. Idempotent. */
  close(): Promise<void>;
}

function bashPath(): string {
  return existsSync('/bin/bash') ? '/bin/bash' : 'bash';
}

/**
 * Creates the sandbox of one session; `env` is the tool environment (tools/env.ts) its commands
 * get, used here for the start-up probe. Nothing starts until the first {@link Sandbox.launch}, so a
 * session that never runs a command pays nothing.
 */
export function createSandbox(policy: SandboxPolicy, env: Readonly<Record<string, string>>): Sandbox {
  let acquired: Promise<void> | undefined;
  let closed = false;
  const blocked = new Set<string>();
  const maxProcesses = policy.maxProcesses ?? DEFAULT_MAX_PROCESSES;
  const limits = `ulimit -u ${maxProcesses} 2>/dev/null; ulimit -f ${Math.floor((policy.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES) / 1024)} 2>/dev/null\n`;
  return {
    policy,
    async launch(script) {
      if (closed) throw new Error('the sandbox of this session was closed');
      const body = limits + script;
      const cgroup = createPidsCgroup(maxProcesses);
      if (policy.mode === 'none') {
        return {
          file: '/bin/sh',
          args: ['-c', LAUNCHER, 'sh', cgroup?.procs ?? '', bashPath(), '-c', body],
          async finish() {
            await cgroup?.dispose();
            return [];
          },
        };
      }
      try {
        acquired ??= acquireRuntime(policy, env);
        await acquired;
      } catch (err) {
        acquired = undefined;
        await cgroup?.dispose();
        throw err;
      }
      const commandId = `steward-${randomBytes(12).toString('hex')}`;
      let wrapped: string;
      try {
        wrapped = await SandboxManager.wrapWithSandbox(body, 'bash', filesystemConfig(policy), undefined, {
          commandId,
        });
      } catch (err) {
        await cgroup?.dispose();
        throw new SandboxUnavailableError(
          sandboxDiagnostic([err instanceof Error ? err.message : String(err)]),
        );
      }
      let finished = false;
      return {
        file: '/bin/sh',
        args: ['-c', LAUNCHER, 'sh', cgroup?.procs ?? '', bashPath(), '-c', wrapped],
        async finish() {
          if (finished) return [];
          finished = true;
          await cgroup?.dispose();
          SandboxManager.cleanupAfterCommand();
          const lines = SandboxManager.getSandboxViolationStore()
            .getViolationsForCommand(commandId)
            .map((v) => v.line);
          for (const line of lines) {
            const host = /^deny network-outbound (\S+)/.exec(line)?.[1];
            if (host) blocked.add(host);
          }
          return lines;
        },
      };
    },
    blockedHosts: () => [...blocked],
    async close() {
      if (closed) return;
      closed = true;
      if (acquired) {
        acquired = undefined;
        await releaseRuntime();
      }
    },
  };
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Launches a long-lived stdio program (an MCP server: `command` and its arguments) in `sandbox`:
 * spawn the result with `stdio: ['pipe', 'pipe', 'pipe']`, `detached: true`, the tool environment
 * and the workspace as cwd, talk to it over stdin/stdout, and call `finish()` once it has exited.
 * Give it a sandbox whose policy has `workspaceWritable: false`.
 *
 * @throws SandboxUnavailableError with the diagnostic when the sandbox cannot start.
 */
export function launchStdioServer(sandbox: Sandbox, argv: readonly string[]): Promise<LaunchSpec> {
  if (argv.length === 0) throw new Error('launchStdioServer: no command');
  return sandbox.launch(`exec ${argv.map(shellQuote).join(' ')}`);
}
