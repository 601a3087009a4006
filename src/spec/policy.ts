/**
 * Tool permission resolution: how `default_config` and per-tool `configs` combine, with the Managed
 * Agents defaults ([DOCS] permission-policies, research/managed-agents-api.md §6.3): the agent toolset
 * defaults to `always_allow`, MCP toolsets to `always_ask`, and tools are enabled unless disabled.
 */
import { AGENT_TOOL_NAMES, type AgentSpec, type AgentToolsetSpec, type McpToolsetSpec } from './schema.ts';

/** The resolved policy of one tool. */
export interface ToolPolicy {
  /** Whether the tool is offered to the model at all. */
  enabled: boolean;
  /** `always_allow`: run without asking; `always_ask`: stop with `requires_action` until a maintainer answers. */
  permission: 'always_allow' | 'always_ask';
}

/**
 * Policy of the agent-toolset tool `toolName` (`bash`, `read`, ...): the tool's `configs` entry wins
 * over `default_config`, which wins over the defaults (enabled, `always_allow`). When the spec has no
 * `agent_toolset_20260401` entry, or the name is not one of its tools, the tool is disabled (and would ask).
 */
export function toolPolicy(spec: AgentSpec, toolName: string): ToolPolicy {
  const toolset = spec.tools.find((t): t is AgentToolsetSpec => t.type === 'agent_toolset_20260401');
  if (!toolset || !(AGENT_TOOL_NAMES as readonly string[]).includes(toolName))
    return { enabled: false, permission: 'always_ask' };
  return resolve(toolset, toolName, 'always_allow');
}

/**
 * Policy of tool `toolName` of MCP server `serverName`, resolved like {@link toolPolicy} but defaulting
 * to `always_ask`, so tools newly added to a server never run unapproved. Disabled when no
 * `mcp_toolset` names the server.
 */
export function mcpToolPolicy(spec: AgentSpec, serverName: string, toolName: string): ToolPolicy {
  const toolset = spec.tools.find(
    (t): t is McpToolsetSpec => t.type === 'mcp_toolset' && t.mcp_server_name === serverName,
  );
  if (!toolset) return { enabled: false, permission: 'always_ask' };
  return resolve(toolset, toolName, 'always_ask');
}

function resolve(
  toolset: AgentToolsetSpec | McpToolsetSpec,
  toolName: string,
  fallback: ToolPolicy['permission'],
): ToolPolicy {
  const config = (
    toolset.configs as ReadonlyArray<{
      name: string;
      enabled?: boolean;
      permission_policy?: { type: ToolPolicy['permission'] };
    }>
  ).find((c) => c.name === toolName);
  return {
    enabled: config?.enabled ?? toolset.default_config?.enabled ?? true,
    permission:
      config?.permission_policy?.type ?? toolset.default_config?.permission_policy?.type ?? fallback,
  };
}
