import { join } from 'node:path';
import type { BetaRunnableTool } from '@anthropic-ai/sdk/lib/tools/BetaRunnableTool';
import { ToolError } from '@anthropic-ai/sdk/lib/tools/ToolError';
import type { BetaTool, BetaToolUseBlock } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { betaAgentToolset20260401 } from '@anthropic-ai/sdk/tools/agent-toolset/node';
import { sandboxedBashTool } from './bash.ts';
import { guardFileTool } from './files.ts';
import { ToolLock } from './lock.ts';
import type { Sandbox } from './sandbox.ts';
import type { PermissionPolicy, StewardTool, ToolOutcome } from './types.ts';

/** Names of the client-side tools of `agent_toolset_20260401` that run in the runner. */
export const AGENT_TOOL_NAMES = ['bash', 'read', 'write', 'edit', 'glob', 'grep'] as const;

/** One of {@link AGENT_TOOL_NAMES}. */
export type AgentToolName = (typeof AGENT_TOOL_NAMES)[number];

/** Which agent tools to offer and under which policy, as resolved from the spec. */
export interface AgentToolsetConfig {
  /** The session's workspace: the file tools are confined to it; bash starts in it. */
  workspace: string;
  /**
   * The complete environment of tool processes. It replaces the runner's environment (it is not
   * merged), so no secret reaches a tool unless it is put here (DESIGN section 5, invariant 3).
   */
  env: Record<string, string>;
  /** Enabled tools and their permission policy; tools not listed are not offered. */
  tools: ReadonlyArray<{ name: AgentToolName; permission: PermissionPolicy }>;
  /**
   * The session's sandbox (tools/sandbox.ts): bash runs every command in it. Required when
   * `tools` has `bash`; the file tools do not need it.
   */
  sandbox?: Sandbox;
  /** Whether the file tools may write `.github/workflows/**` (spec `steward.allow_workflow_edits`). */
  allowWorkflowEdits?: boolean;
  /** Private directory for bash's saved shell state; default `$HOME/.steward-shell` of `env`. */
  stateDir?: string;
  /** Size cap in bytes for whole-file `read` and `edit`; default the SDK's (256 KiB). */
  maxFileBytes?: number;
  /** Receives the sandbox's refusals of each bash call (blocked hosts), for the session record. */
  onViolations?: (lines: string[]) => void;
}

/**
 * Builds the enabled `agent_toolset_20260401` tools: Steward's sandboxed `bash` (tools/bash.ts)
 * and the SDK's Node file tools (`@anthropic-ai/sdk/tools/agent-toolset/node`), which confine
 * paths to the workspace (symlink-aware), wrapped with Steward's deny list (tools/files.ts). All
 * of them share one lock, so file operations never interleave with a running command.
 *
 * @throws Error when `tools` has `bash` but no `sandbox` is given, or names a tool the SDK lacks.
 */
export function agentToolset(config: AgentToolsetConfig): StewardTool[] {
  const impls = betaAgentToolset20260401({
    workdir: config.workspace,
    env: config.env,
    ...(config.maxFileBytes !== undefined ? { maxFileBytes: config.maxFileBytes } : {}),
  });
  const byName = new Map(impls.map((t) => [t.name, t]));
  const lock = new ToolLock();
  const policy = { workspace: config.workspace, allowWorkflowEdits: config.allowWorkflowEdits ?? false };
  return config.tools.map(({ name, permission }) => {
    if (name === 'bash') {
      if (!config.sandbox) throw new Error('the bash tool needs a sandbox (tools/sandbox.ts createSandbox)');
      return sandboxedBashTool({
        sandbox: config.sandbox,
        env: config.env,
        cwd: config.workspace,
        stateDir: config.stateDir ?? join(config.env.HOME ?? config.workspace, '.steward-shell'),
        permission,
        lock,
        ...(config.onViolations ? { onViolations: config.onViolations } : {}),
      });
    }
    const impl = byName.get(name);
    if (!impl) throw new Error(`the SDK's agent toolset has no tool named "${name}"`);
    return guardFileTool(wrapRunnable(impl, permission), policy, lock);
  });
}

/** Wraps an SDK runnable tool so every failure becomes an `is_error` outcome. */
export function wrapRunnable(impl: BetaRunnableTool, permission: PermissionPolicy): StewardTool {
  const {
    run: _run,
    parse: _parse,
    close: _close,
    ...definition
  } = impl as BetaRunnableTool & { name: string };
  return {
    name: impl.name,
    definition: definition as BetaTool,
    permission,
    async run(input: unknown, signal?: AbortSignal): Promise<ToolOutcome> {
      try {
        const parsed = impl.parse ? impl.parse(input) : input;
        // The SDK's file tools read only `signal` from the context; the call id is not needed.
        const toolUse: BetaToolUseBlock = {
          type: 'tool_use',
          id: '',
          name: impl.name,
          input,
          caller: { type: 'direct' },
        };
        const content = await impl.run(parsed, { toolUse, toolUseBlock: toolUse, signal: signal ?? null });
        return { content, is_error: false };
      } catch (err) {
        return { content: errorText(err), is_error: true };
      }
    },
    ...(impl.close ? { close: () => impl.close?.() } : {}),
  };
}

function errorText(err: unknown): ToolOutcome['content'] {
  if (err instanceof ToolError) return err.content;
  return `Error: ${err instanceof Error ? err.message : String(err)}`;
}
