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
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SandboxManager, type SandboxRuntimeConfig } from '@anthropic-ai/sandbox-runtime';

/** Network access of tool processes, from the spec's `environment.networking`. */
export type NetworkPolicy =
  | {
      type: 'limited';
      /** Host patterns (`pypi.org`, `*.example.com`, `host:port`) that may be reached. */
      allowedHosts: readonly string[];
    }
  | { type: 'unrestricted' };

/** What tool processes may touch. Paths are absolute. */
export interface SandboxPolicy {
  /**
   * `sandbox` (the default; fails closed when it cannot start) or `none` (the spec's
   * `environment.sandbox: none`: commands run directly on the runner, with only the minimal
   * environment and the process limits).
   */
  mode: 'sandbox' | 'none';
  /** The checked-out repository: readable and writable. */
  workspace: string;
  /** Other writable directories: the tools' private HOME and TMPDIR. */
  writable: readonly string[];
  /**
   * Whether commands may write the workspace (default true). Long-lived processes (stdio MCP
   * servers) get false: one that could write the workspace while the file tools check paths in it
   * would reopen the race the tool lock closes (tools/lock.ts).
   */
  workspaceWritable?: boolean;
  network: NetworkPolicy;
  /** Unreadable paths: runner scratch space, the runner user's credential files. */
  denyRead: readonly string[];
  /** Unwritable paths inside writable ones: `.git/hooks`, `.git/config`, `.github/workflows`. */
  denyWrite: readonly string[];
  /**
   * Git config files (the workspace's `.git/config`) whose credentials are masked inside the
   * sandbox: actions/checkout before v6 persists the job's token there, as an `extraheader` or in
   * a remote URL. Commands see a placeholder instead; git keeps working for everything local.
   */
  maskGitCredentials?: readonly string[];
  /** Processes and threads one command may have at once (RLIMIT_NPROC and a pids cgroup). */
  maxProcesses?: number;
  /** Largest file a command may write, in bytes (RLIMIT_FSIZE). */
  maxFileBytes?: number;
  /** The bubblewrap binary; default `bwrap` on PATH. Tests point it at a missing file. */
  bwrapPath?: string;
}

/** Default for {@link SandboxPolicy.maxProcesses}: enough for parallel builds, not for a fork bomb. */
export const DEFAULT_MAX_PROCESSES = 1024;

/** Default for {@link SandboxPolicy.maxFileBytes}: 2 GiB. */
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 ** 3;

/**
 * Destinations refused even under `unrestricted` networking: cloud instance-metadata endpoints,
 * which hand out the runner's cloud credentials (AWS/Azure/GCP `169.254.169.254`, Alibaba
 * `100.100.100.200`, Azure wireserver `168.63.129.16`, GCP `metadata.google.internal`). The
 * runtime also refuses any allowed hostname that resolves to loopback or link-local addresses.
 */
export const ALWAYS_DENIED_HOSTS: readonly string[] = [
  '169.254.169.254',
  '169.254.170.2',
  '100.100.100.200',
  '168.63.129.16',
  'metadata.google.internal',
  'metadata.goog',
  '[fd00:ec2::254]',
];

/**
 * Public package registries reachable under `limited` networking with `allow_package_managers`
 * ("Permits outbound access to public package registries (PyPI, npm, etc.)", Managed Agents
 * `BetaLimitedNetworkParams`): npm and Yarn, PyPI, crates.io, the Go module proxy, RubyGems,
 * Maven Central, NuGet, and the Debian/Ubuntu archives.
 */
export const PACKAGE_REGISTRY_HOSTS: readonly string[] = [
  'registry.npmjs.org',
  'registry.yarnpkg.com',
  'pypi.org',
  'files.pythonhosted.org',
  'crates.io',
  'index.crates.io',
  'static.crates.io',
  'proxy.golang.org',
  'sum.golang.org',
  'rubygems.org',
  'index.rubygems.org',
  'repo.maven.apache.org',
  'repo1.maven.org',
  'api.nuget.org',
  'deb.debian.org',
  'security.debian.org',
  'archive.ubuntu.com',
  'security.ubuntu.com',
  'azure.archive.ubuntu.com',
];

/**
 * Credential files and directories of the runner user's home that tools must not read: SSH keys,
 * git and GitHub CLI credentials, cloud CLI and container registry logins, package registry
 * tokens, GnuPG keys, and the runner's own installation (whose `.credentials` file authenticates
 * the runner to GitHub).
 */
const HOME_CREDENTIALS = [
  '.ssh',
  '.git-credentials',
  '.gitconfig',
  '.config/git/credentials',
  '.config/gh',
  '.config/hub',
  '.netrc',
  '.npmrc',
  '.yarnrc',
  '.pypirc',
  '.gem/credentials',
  '.cargo/credentials',
  '.cargo/credentials.toml',
  '.docker',
  '.kube',
  '.aws',
  '.azure',
  '.config/gcloud',
  '.gnupg',
  '.password-store',
  'runners',
  'actions-runner',
];

/**
 * The paths tools must not read on this runner: `runnerTemp` (`RUNNER_TEMP`: actions/checkout's
 * persisted credentials since v6, the runner's command files, Steward's output) and the credential
 * paths of `hostHome`, the runner user's real home (tools get a private one).
 */
export function protectedPaths(where: { runnerTemp?: string; hostHome?: string }): string[] {
  const paths: string[] = [];
  if (where.runnerTemp) paths.push(where.runnerTemp);
  if (where.hostHome) for (const p of HOME_CREDENTIALS) paths.push(join(where.hostHome, p));
  return paths;
}

/**
 * The sandbox cannot start. `message` is the diagnostic for the model and the user: what is
 * missing and the command that fixes it.
 */
export class SandboxUnavailableError extends Error {
  override readonly name = 'SandboxUnavailableError';
}

const APPARMOR_FIX =
  'On Ubuntu 23.10 and later (GitHub-hosted ubuntu-24.04 runners), AppArmor restricts unprivileged ' +
  'user namespaces; add a workflow step before Steward: ' +
  '`sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`. On older Debian kernels use ' +
  '`sudo sysctl -w kernel.unprivileged_userns_clone=1`; inside a container, run it with ' +
  '`--privileged` or with `--security-opt seccomp=unconfined --security-opt apparmor=unconfined`.';

const INSTALL_FIX =
  'Install the sandbox dependencies in a workflow step before Steward: ' +
  '`sudo apt-get update && sudo apt-get install -y bubblewrap socat ripgrep`.';

const OPT_OUT =
  'Only if this runner cannot host the sandbox, set `environment.sandbox: none` in the agent spec; ' +
  'tools then run unconfined, with network access and able to read the runner’s files.';

/**
 * Turns what the runtime reported (dependency errors, or bubblewrap's stderr from a probe run)
 * into a diagnostic that says how to fix it. Sources: sandbox-runtime README ("Platform-Specific
 * Dependencies", "Ubuntu 24.04+ note", "Running as root").
 */
export function sandboxDiagnostic(problems: readonly string[]): string {
  const text = problems.join('; ');
  const fixes: string[] = [];
  if (/not installed|not found|not executable/i.test(text)) fixes.push(INSTALL_FIX);
  if (
    /namespace|uid map|uid_map|setgroups|Operation not permitted|Permission denied|CAP_SETFCAP|userns/i.test(
      text,
    )
  )
    fixes.push(APPARMOR_FIX);
  if (/CAP_SETFCAP/.test(text))
    fixes.push('When running as root, keep CAP_SETFCAP in the bounding set, or run as a non-root user.');
  if (fixes.length === 0) fixes.push(INSTALL_FIX, APPARMOR_FIX);
  return `The bash sandbox could not start, so the command was not run: ${text}. ${fixes.join(' ')} ${OPT_OUT}`;
}

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

// ---- process limits ------------------------------------------------------------------------------

/**
 * A pids cgroup holding one command's processes, when this process may create one (root, or a
 * delegated cgroup v2 subtree). It bounds a fork bomb where RLIMIT_NPROC does not: the kernel
 * exempts uid 0 from RLIMIT_NPROC (kernel/fork.c), and self-hosted runners often run as root.
 */
interface PidsCgroup {
  /** The file a process writes its pid to, to enter the cgroup. */
  procs: string;
  /** Kills what is left in the cgroup and removes it. */
  dispose(): Promise<void>;
}

/**
 * Removes empty `steward-*` cgroups older than a minute under `parent`: ones a process that was
 * killed, or a dispose that ran out of time, left behind. A cgroup that still holds a process cannot
 * be removed, so this never disturbs a running command.
 */
function sweepStaleCgroups(parent: string): void {
  try {
    const cutoff = Date.now() - 60_000;
    for (const name of readdirSync(parent)) {
      if (!name.startsWith('steward-')) continue;
      const dir = join(parent, name);
      try {
        if (statSync(dir).ctimeMs < cutoff) rmdirSync(dir);
      } catch {
        // Busy or already gone.
      }
    }
  } catch {
    // Unreadable parent: nothing to sweep.
  }
}

function createPidsCgroup(max: number): PidsCgroup | undefined {
  try {
    const lines = readFileSync('/proc/self/cgroup', 'utf8').split('\n');
    const candidates: string[] = [];
    const v1 = lines.find((l) => /^\d+:pids:/.test(l));
    if (v1 && existsSync('/sys/fs/cgroup/pids'))
      candidates.push(join('/sys/fs/cgroup/pids', v1.split(':')[2] ?? ''));
    const v2 = lines.find((l) => l.startsWith('0::'));
    if (v2 && existsSync('/sys/fs/cgroup/cgroup.controllers'))
      candidates.push(join('/sys/fs/cgroup', v2.slice(3)));
    for (const parent of candidates) {
      sweepStaleCgroups(parent);
      const dir = join(parent, `steward-${randomBytes(6).toString('hex')}`);
      try {
        mkdirSync(dir);
      } catch {
        continue;
      }
      try {
        writeFileSync(join(dir, 'pids.max'), String(max));
      } catch {
        rmdirSync(dir);
        continue;
      }
      return {
        procs: join(dir, 'cgroup.procs'),
        async dispose() {
          // Killed processes leave the cgroup once reaped; allow a few seconds (a fork bomb's
          // thousand processes), then leave it to the next sweep.
          for (let attempt = 0; attempt < 200; attempt++) {
            try {
              const pids = readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean);
              for (const pid of pids) {
                try {
                  process.kill(Number(pid), 'SIGKILL');
                } catch {}
              }
              rmdirSync(dir);
              return;
            } catch {
              // Busy while the killed processes are reaped; try again.
              await sleep(attempt < 50 ? 10 : 50);
            }
          }
        },
      };
    }
  } catch {
    // No cgroup information: RLIMIT_NPROC and the timeout remain.
  }
  return undefined;
}

// Enters the cgroup (when $1 names one), then runs the rest of the arguments.
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
