import { spawn } from 'node:child_process';
import type { StewardTool } from '../tools/types.ts';

/** Where outcome checks run when the session has no bash tool: the workspace and the tool environment. */
export interface CheckWorkspace {
  /** The checked-out repository (the tools' workspace). */
  dir: string;
  /** The complete environment of tool processes (tools/env.ts): it replaces the runner's. */
  env: Record<string, string>;
}

/** The outcome of one check command. */
export interface CheckResult {
  /** True when the command exited 0 within its time limit. */
  passed: boolean;
  /** Its combined stdout and stderr (the tail, when long), or why it did not finish. */
  output: string;
}

/** Runs one `outcome.checks[].run` command, `timeoutMs` at most. Never throws. */
export type CheckRunner = (command: string, timeoutMs: number, signal?: AbortSignal) => Promise<CheckResult>;

/** Output kept per check, in characters: the end of the output, where failures are reported. */
const OUTPUT_TAIL = 8000;

/**
 * The one way outcome checks run. Through the session's `bash` tool when it is enabled, so a
 * check runs exactly where and how the agent's commands run (same environment, same sandbox), in
 * a subshell so it leaves the agent's shell state alone; otherwise through `oneOff`, the
 * composition root's sandboxed one-off runner (tools/bash.ts `oneOffRunner`); only when neither
 * is given (in-process tests without a sandbox), `/bin/bash -c` in `workspace` with the tool
 * environment. Undefined when nothing can run a check.
 */
export function checkRunner(
  tools: ReadonlyMap<string, StewardTool>,
  workspace: CheckWorkspace | undefined,
  oneOff?: CheckRunner,
): CheckRunner | undefined {
  const bash = tools.get('bash');
  if (bash) {
    return async (command, timeoutMs, signal) => {
      const cd = workspace ? `cd -- ${shellQuote(workspace.dir)} && ` : '';
      const outcome = await bash.run({ command: `${cd}(\n${command}\n)`, timeout_ms: timeoutMs }, signal);
      const text =
        typeof outcome.content === 'string'
          ? outcome.content
          : outcome.content.map((b) => (b.type === 'text' ? b.text : '')).join('\n');
      return { passed: !outcome.is_error, output: tail(text) };
    };
  }
  if (oneOff) return oneOff;
  if (workspace) return (command, timeoutMs, signal) => spawnCheck(workspace, command, timeoutMs, signal);
  return undefined;
}

function spawnCheck(
  workspace: CheckWorkspace,
  command: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<CheckResult> {
  return new Promise((done) => {
    let settled = false;
    const resolve = (r: CheckResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      done(r);
    };
    let output = '';
    let stopped: string | undefined;
    const child = spawn('/bin/bash', ['-c', command], {
      cwd: workspace.dir,
      env: workspace.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a timeout kills what the command started too.
      detached: true,
    });
    const collect = (chunk: Buffer) => {
      output = tail(output + chunk.toString('utf8'));
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const kill = (why: string) => {
      stopped ??= why;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => kill(`timed out after ${Math.round(timeoutMs / 1000)} s`), timeoutMs);
    const onAbort = () => kill('stopped: the session was interrupted');
    signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (err) =>
      resolve({ passed: false, output: `[could not run the check: ${err.message}]` }),
    );
    child.on('close', (code) => {
      if (stopped) resolve({ passed: false, output: tail(`${output}\n[${stopped}]`) });
      else resolve({ passed: code === 0, output: code === 0 ? output : tail(`${output}\n[exit ${code}]`) });
    });
  });
}

function tail(text: string): string {
  return text.length > OUTPUT_TAIL ? `[…]${text.slice(-OUTPUT_TAIL)}` : text;
}

/** Quotes `s` for bash as one word. */
function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}
