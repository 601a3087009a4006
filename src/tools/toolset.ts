import type { BetaRunnableTool } from '@anthropic-ai/sdk/lib/tools/BetaRunnableTool';
import { ToolError } from '@anthropic-ai/sdk/lib/tools/ToolError';
import type { BetaTool } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { betaAgentToolset20260401 } from '@anthropic-ai/sdk/tools/agent-toolset/node';
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
  /** Size cap in bytes for whole-file `read` and `edit`; default the SDK's (256 KiB). */
  maxFileBytes?: number;
}

/**
 * Builds the enabled `agent_toolset_20260401` tools on the SDK's Node implementations
 * (`@anthropic-ai/sdk/tools/agent-toolset/node`), which confine the file tools to the workspace
 * (symlink-aware) and run bash as a persistent shell with exactly `config.env`.
 */
export function agentToolset(config: AgentToolsetConfig): StewardTool[] {
  const impls = betaAgentToolset20260401({
    workdir: config.workspace,
    env: config.env,
    ...(config.maxFileBytes !== undefined ? { maxFileBytes: config.maxFileBytes } : {}),
  });
  const byName = new Map(impls.map((t) => [t.name, t]));
  return config.tools.map(({ name, permission }) => {
    const impl = byName.get(name);
    if (!impl) throw new Error(`the SDK's agent toolset has no tool named "${name}"`);
    return wrapRunnable(impl, permission);
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
        const content = await impl.run(parsed, {
          toolUse: { type: 'tool_use', id: '', name: impl.name, input, caller: { type: 'direct' } },
          toolUseBlock: { type: 'tool_use', id: '', name: impl.name, input, caller: { type: 'direct' } },
          signal: signal ?? null,
        } as never);
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
