/**
 * The shell behind Steward's `bash` tool and outcome checks: one command per fresh sandbox, with
 * shell state (cwd, variables, functions, aliases) saved at exit and restored on the next call,
 * output capped, and the process group killed on timeout. Split from bash.ts, which makes the tools.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sanitizeGitDir } from './git-safety.ts';
import type { Sandbox } from './sandbox.ts';

/** Per-call timeout when the model gives none, in ms (the SDK's default). */
export const DEFAULT_TIMEOUT_MS = 120_000;
/** Longest per-call timeout the model may ask for, in ms. */
export const MAX_TIMEOUT_MS = 30 * 60_000;
/** Output bytes shown to the model: the first and the last half of this, with a marker between. */
export const OUTPUT_LIMIT_BYTES = 100 * 1024;
/** Output bytes after which a command is stopped: past this it is flooding, not working. */
export const OUTPUT_KILL_BYTES = 64 * 1024 * 1024;
/**
 * Longest command, in bytes. Linux caps one environment string at 128 KiB (MAX_ARG_STRLEN), and
 * the command travels in one.
 */
export const MAX_COMMAND_BYTES = 120 * 1024;
/** The environment variable that carries the command into the sandbox. */
const COMMAND_VARIABLE = '__STEWARD_COMMAND';
/** How long a command's pipes may stay open after its shell exited, in ms. */
const PIPE_GRACE_MS = 2_000;

/** Where and how commands run. */
export interface ShellOptions {
  sandbox: Sandbox;
  /** Complete environment of commands (tools/env.ts); `HOME` and `TMPDIR` are private. */
  env: Readonly<Record<string, string>>;
  /** Starting directory of every command (the workspace). */
  cwd: string;
  /** Private directory for the saved shell state; writable in the sandbox. */
  stateDir: string;
  /** Output bytes shown (default {@link OUTPUT_LIMIT_BYTES}). */
  outputLimitBytes?: number;
  /** Output bytes that stop a command (default {@link OUTPUT_KILL_BYTES}). */
  outputKillBytes?: number;
}

/** What one command did. */
export interface CommandResult {
  /** stdout and stderr, interleaved as written, ANSI escapes removed, capped. */
  output: string;
  /** Exit status; 128 + n when killed by signal n; null when it was stopped by Steward. */
  exitCode: number | null;
  /** Why Steward stopped it, when it did: the timeout, the output cap, or an abort. */
  stopped?: 'timeout' | 'output' | 'aborted';
  /** The sandbox's refusals during the command (network destinations, mostly). */
  violations: string[];
  /** Total output bytes the command wrote. */
  outputBytes: number;
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

/**
 * Names the state file must not carry from one call to the next: bash's own, the sandbox's proxy
 * settings (they are new for every call), and the private HOME/TMPDIR.
 */
const NOT_SAVED =
  '__stw_*|BASH*|EUID|UID|PPID|PWD|OLDPWD|SHELLOPTS|SHLVL|HOME|TMPDIR|RANDOM|SRANDOM|SECONDS|LINENO|HISTCMD|FUNCNAME|GROUPS|DIRSTACK|PIPESTATUS|EPOCHSECONDS|EPOCHREALTIME|COMP_*|_|OPTIND|OPTARG|IFS|PS1|PS2|PS4|MACHTYPE|HOSTTYPE|OSTYPE|HOSTNAME|*_PROXY|*_proxy|SANDBOX_RUNTIME|CLOUDSDK_*|GIT_SSH_COMMAND|GIT_CONFIG_*|JAVA_TOOL_OPTIONS|CLAUDE_CODE_*|SRT_*';

/** Caps what is kept of a stream: the first and the last `limit / 2` bytes. */
class CappedOutput {
  readonly #half: number;
  #head: Buffer[] = [];
  #headBytes = 0;
  #tail: Buffer[] = [];
  #tailBytes = 0;
  total = 0;

  constructor(limit: number) {
    this.#half = Math.floor(limit / 2);
  }

  push(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.#headBytes < this.#half) {
      const take = chunk.subarray(0, this.#half - this.#headBytes);
      this.#head.push(take);
      this.#headBytes += take.length;
      chunk = chunk.subarray(take.length);
    }
    if (chunk.length === 0) return;
    this.#tail.push(chunk);
    this.#tailBytes += chunk.length;
    while (this.#tailBytes - (this.#tail[0]?.length ?? 0) >= this.#half) {
      this.#tailBytes -= this.#tail.shift()?.length ?? 0;
    }
  }

  text(): string {
    const head = Buffer.concat(this.#head).toString('utf8');
    let tail = Buffer.concat(this.#tail);
    const omitted = this.total - this.#headBytes - tail.length;
    if (omitted <= 0) return head + tail.toString('utf8');
    if (tail.length > this.#half) tail = tail.subarray(tail.length - this.#half);
    const dropped = this.total - this.#headBytes - tail.length;
    return `${head}\n[… ${dropped} bytes of output omitted …]\n${tail.toString('utf8')}`;
  }
}

/**
 * Runs commands for one session. A command is a bash script run with `bash -c` in the sandbox,
 * from `cwd`, with stdin from /dev/null and stderr merged into stdout.
 */
export class Shell {
  readonly #o: ShellOptions;

  constructor(options: ShellOptions) {
    this.#o = options;
    mkdirSync(options.stateDir, { recursive: true });
  }

  /** The state file a persistent call restores from and saves to. */
  get stateFile(): string {
    return join(this.#o.stateDir, 'state.sh');
  }

  /** Forgets the saved shell state (cwd, variables, functions, aliases). */
  reset(): void {
    rmSync(this.stateFile, { force: true });
  }

  /**
   * Runs `command`. With `persist`, the shell state of earlier persistent calls is restored first
   * and saved at exit (also when the command calls `exit`). Every process the command started
   * is gone when this returns. Never throws for what the command did; throws
   * SandboxUnavailableError (with the diagnostic) when the sandbox cannot start.
   *
   * @param timeoutMs after this many ms the command and all its processes are killed.
   */
  async run(
    command: string,
    options: { timeoutMs: number; persist: boolean; signal?: AbortSignal },
  ): Promise<CommandResult> {
    if (Buffer.byteLength(command) > MAX_COMMAND_BYTES) {
      return {
        output: `bash: the command is longer than ${MAX_COMMAND_BYTES} bytes; write it to a file with the write tool and run that file`,
        exitCode: 2,
        violations: [],
        outputBytes: 0,
      };
    }
    try {
      const result = await this.#execute(this.#script(options.persist), command, options);
      // No sandboxed process is left now: undo what would redirect git outside the sandbox.
      const removed = sanitizeGitDir(this.#o.cwd);
      return removed.length > 0 ? { ...result, violations: [...result.violations, ...removed] } : result;
    } finally {
      rmSync(`${this.stateFile}.tmp`, { force: true });
    }
  }

  #script(persist: boolean): string {
    const { env, cwd } = this.#o;
    const lines = ['exec 2>&1 </dev/null', `cd -- ${shq(cwd)} || exit 1`];
    if (persist) {
      lines.push(
        `__stw_state=${shq(this.stateFile)}`,
        // Aliases saved by an earlier call must expand in this one, as in an interactive shell.
        'shopt -s expand_aliases',
        'if [ -r "$__stw_state" ]; then . "$__stw_state" >/dev/null 2>&1; fi',
      );
    }
    // The sandbox starts its proxy relays (socat on loopback 3128 and 1080) in the background
    // just before the command; under load the command can win that race and see "connection
    // refused". Wait (at most about 2 s) until they accept connections.
    lines.push(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: bash parameter expansion, not JS.
      'if [ -n "${HTTP_PROXY:-}" ]; then for __stw_port in "${HTTP_PROXY##*:}" "${RSYNC_PROXY##*:}"; do',
      '  case "$__stw_port" in *[!0-9]*|"") continue;; esac',
      '  for __stw_i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do',
      '    (exec 3<>"/dev/tcp/127.0.0.1/$__stw_port") 2>/dev/null && break; sleep 0.1',
      '  done',
      'done; fi',
    );
    // The sandbox sets TMPDIR to a shared directory; the session's own private one wins.
    lines.push(`export HOME=${shq(env.HOME ?? cwd)} TMPDIR=${shq(env.TMPDIR ?? '/tmp')}`);
    if (persist) {
      lines.push(
        '__stw_save() {',
        '  local __stw_n',
        '  {',
        '    for __stw_n in $(compgen -v); do',
        `      case "$__stw_n" in ${NOT_SAVED}) continue;; esac`,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: bash parameter expansion, not JS.
        '      case "${!__stw_n@a}" in *r*) continue;; esac',
        '      declare -p "$__stw_n"',
        '    done',
        '    declare -f',
        '    alias -p',
        `    printf 'cd -- %q\\n' "$PWD"`,
        '  } > "$__stw_state.tmp" 2>/dev/null && mv -f "$__stw_state.tmp" "$__stw_state"',
        '}',
        `trap '__stw_rc=$?; __stw_save; exit "$__stw_rc"' EXIT`,
      );
    }
    // The command arrives in an environment variable, not a file: the harness never writes into
    // a directory the sandbox can write (a planted symlink would redirect that write). It is
    // unset before it runs, so the command's children do not inherit it. `eval` parses the whole
    // command before running it, as the SDK's shell does when it reads it from stdin.
    lines.push(`__stw_cmd=$${COMMAND_VARIABLE}`, `unset ${COMMAND_VARIABLE}`, 'eval "$__stw_cmd"');
    return `${lines.join('\n')}\n`;
  }

  async #execute(
    script: string,
    command: string,
    options: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<CommandResult> {
    const launch = await this.#o.sandbox.launch(script);
    const out = new CappedOutput(this.#o.outputLimitBytes ?? OUTPUT_LIMIT_BYTES);
    const killBytes = this.#o.outputKillBytes ?? OUTPUT_KILL_BYTES;
    let stopped: CommandResult['stopped'];
    let exitCode: number | null = null;
    await new Promise<void>((resolve) => {
      const child = spawn(launch.file, launch.args, {
        cwd: this.#o.cwd,
        env: { ...this.#o.env, [COMMAND_VARIABLE]: command },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const killAll = () => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      };
      const stop = (why: NonNullable<CommandResult['stopped']>) => {
        stopped ??= why;
        killAll();
      };
      const onData = (chunk: Buffer) => {
        out.push(chunk);
        if (out.total > killBytes) stop('output');
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
      const onAbort = () => stop('aborted');
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.signal?.aborted) onAbort();
      let grace: NodeJS.Timeout | undefined;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (grace) clearTimeout(grace);
        options.signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      child.on('exit', (code, signal) => {
        exitCode = code ?? (signal ? 128 + signalNumber(signal) : null);
        // Something the command left behind still holds the pipes (only possible without the
        // sandbox): kill the group and stop reading.
        grace = setTimeout(() => {
          killAll();
          child.stdout.destroy();
          child.stderr.destroy();
          finish();
        }, PIPE_GRACE_MS);
      });
      child.on('close', finish);
      child.on('error', (err) => {
        out.push(Buffer.from(`failed to start the command: ${err.message}\n`));
        exitCode = 127;
        finish();
      });
    });
    const violations = await launch.finish();
    return {
      output: out.text().replace(ANSI, '').replace(/\n+$/, ''),
      exitCode: stopped ? null : exitCode,
      ...(stopped ? { stopped } : {}),
      violations,
      outputBytes: out.total,
    };
  }
}

function signalNumber(signal: NodeJS.Signals): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = {
    SIGHUP: 1,
    SIGINT: 2,
    SIGQUIT: 3,
    SIGKILL: 9,
    SIGSEGV: 11,
    SIGPIPE: 13,
    SIGTERM: 15,
    SIGXFSZ: 25,
  };
  return numbers[signal] ?? 0;
}
