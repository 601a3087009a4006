/**
 * What a sandbox allows (policy types, host lists, protected paths) and the diagnostic shown when
 * it cannot start. Split from sandbox.ts, which runs it.
 */

import { join } from 'node:path';

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
