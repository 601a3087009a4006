/**
 * Steward's `bash` tool: the `agent_toolset_20260401` bash (same name and input schema as the
 * SDK's, `{command, restart, timeout_ms}`), with every command run in the sandbox
 * (tools/sandbox.ts).
 *
 * Each call runs in a fresh sandbox, so nothing a command starts can outlive the call: when the
 * command's shell exits, its PID namespace ends and the kernel kills every process left in it
 * (background jobs, `nohup`, `setsid`, double forks). What makes a shell "persistent" is carried
 * over explicitly: at exit (also on `exit N`) the shell saves its working directory, variables,
 * functions and aliases to a state file in the private HOME, and the next call restores them.
 */
import type { BetaTool } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import type { ToolLock } from './lock.ts';
import { SandboxUnavailableError } from './sandbox.ts';
import { type CommandResult, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, Shell, type ShellOptions } from './shell.ts';
import type { PermissionPolicy, StewardTool, ToolOutcome } from './types.ts';

export * from './shell.ts';

/** What the model reads for a command's result. */
export function describeResult(result: CommandResult, timeoutMs: number): ToolOutcome {
  const parts: string[] = [];
  if (result.output) parts.push(result.output);
  if (result.violations.length > 0) {
    parts.push(
      `<sandbox_violations>\n${result.violations.join('\n')}\n</sandbox_violations>\n` +
        'The sandbox refused these; the spec’s environment.networking decides which hosts are reachable.',
    );
  }
  if (result.stopped === 'timeout') {
    parts.push(
      `[the command timed out after ${timeoutMs} ms and was killed with every process it started; ` +
        'shell state (cwd, variables) from this call was not kept]',
    );
  } else if (result.stopped === 'output') {
    parts.push(
      `[the command was stopped after writing ${result.outputBytes} bytes of output; redirect large output to a file and read parts of it]`,
    );
  } else if (result.stopped === 'aborted') {
    parts.push('[the command was stopped because the session is ending]');
  } else if (result.exitCode !== 0) {
    parts.push(`[exit code ${result.exitCode}]`);
  }
  const is_error = result.stopped !== undefined || result.exitCode !== 0;
  return { content: parts.join('\n') || '(no output)', is_error };
}

/** The `bash` tool definition of `agent_toolset_20260401` (SDK `betaBashTool`), with a sandbox note. */
export const BASH_TOOL_DEFINITION: BetaTool = {
  name: 'bash',
  description:
    'Run a bash command in a persistent shell. State (cwd, env vars, functions) persists across calls; ' +
    'processes started in the background end with each call. Commands run in a sandbox: writes are ' +
    'limited to the workspace and $HOME/$TMPDIR, and the network to the hosts the agent spec allows.',
  input_schema: {
    type: 'object',
    properties: {
      command: { type: 'string', description: 'The command to run' },
      restart: { type: 'boolean', description: 'Restart the persistent shell before running' },
      timeout_ms: { type: 'integer', description: 'Per-call timeout in milliseconds' },
    },
  },
};

/** Settings of {@link sandboxedBashTool}. */
export interface BashToolOptions extends ShellOptions {
  permission: PermissionPolicy;
  /** Shared with the file tools of the session (tools/lock.ts). */
  lock: ToolLock;
  /** Called with the sandbox's refusals of each call, for the session's record. */
  onViolations?: (lines: string[]) => void;
}

/**
 * The sandboxed `bash` tool. Failing commands, timeouts and refusals come back as `is_error`
 * outcomes; a sandbox that cannot start refuses every call with its diagnostic (fails closed).
 * `close()` releases the sandbox.
 */
export function sandboxedBashTool(options: BashToolOptions): StewardTool {
  const shell = new Shell(options);
  return {
    name: 'bash',
    definition: BASH_TOOL_DEFINITION,
    permission: options.permission,
    run(input: unknown, signal?: AbortSignal): Promise<ToolOutcome> {
      return options.lock.run(async () => {
        const { command, restart, timeout_ms } = (input ?? {}) as {
          command?: unknown;
          restart?: unknown;
          timeout_ms?: unknown;
        };
        if (restart === true) shell.reset();
        if (command === undefined || command === '') {
          if (restart === true) return { content: 'bash session restarted', is_error: false };
          return { content: 'bash: command is required', is_error: true };
        }
        if (typeof command !== 'string') return { content: 'bash: command must be a string', is_error: true };
        const timeoutMs =
          typeof timeout_ms === 'number' && Number.isFinite(timeout_ms) && timeout_ms > 0
            ? Math.min(Math.floor(timeout_ms), MAX_TIMEOUT_MS)
            : DEFAULT_TIMEOUT_MS;
        try {
          const result = await shell.run(command, {
            timeoutMs,
            persist: true,
            ...(signal ? { signal } : {}),
          });
          if (result.violations.length > 0) options.onViolations?.(result.violations);
          return describeResult(result, timeoutMs);
        } catch (err) {
          if (err instanceof SandboxUnavailableError) return { content: err.message, is_error: true };
          return { content: `bash: ${err instanceof Error ? err.message : String(err)}`, is_error: true };
        }
      });
    },
    close: () => options.sandbox.close(),
  };
}

/** How an outcome check (or any one-off command) ended, in the shape of src/session/checks.ts. */
export interface OneOffResult {
  /** True when the command exited 0 within its time limit. */
  passed: boolean;
  /** Its output and how it ended, as the model would read it. */
  output: string;
}

/**
 * Runs one-off commands (the spec's `outcome.checks`) in the session's sandbox, from the
 * workspace, with the tool environment, and without touching bash's saved shell state: the way
 * checks must run when the session has no `bash` tool (a check runs whatever the repository's
 * `npm test` runs, so it must not run unsandboxed). Never throws: a sandbox that cannot start
 * fails the check with its diagnostic.
 */
export function oneOffRunner(
  options: ShellOptions,
): (command: string, timeoutMs: number, signal?: AbortSignal) => Promise<OneOffResult> {
  const shell = new Shell(options);
  return async (command, timeoutMs, signal) => {
    try {
      const result = await shell.run(command, { timeoutMs, persist: false, ...(signal ? { signal } : {}) });
      const outcome = describeResult(result, timeoutMs);
      return {
        passed: !outcome.is_error,
        output: typeof outcome.content === 'string' ? outcome.content : '',
      };
    } catch (err) {
      return { passed: false, output: err instanceof Error ? err.message : String(err) };
    }
  };
}
