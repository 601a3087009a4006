/**
 * Rules that span several fields or count items, run on the raw YAML value independently of the zod
 * schema, so their problems are reported together with the schema's (all errors of a file at once).
 * Each check skips values of the wrong shape: the schema already reports those.
 */
import { didYouMean } from './errors.ts';
import type { Draft } from './issues.ts';
import { templateProblems } from './template.ts';

/**
 * Counting limits of `AgentCreateParams` (research/managed-agents-api.md §2): tools, MCP servers and
 * skills per agent, and metadata pairs. SDK 1.11 documents 256 tools; Steward keeps the 128 of the
 * launch documentation.
 */
export const SPEC_LIMITS = { tools: 128, mcp_servers: 20, skills: 20, metadata: 16 } as const;

const NOUNS = { tools: 'tools', mcp_servers: 'servers', skills: 'skills' } as const;

type Obj = Record<string, unknown>;

const isObj = (value: unknown): value is Obj =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Cross-field problems of the raw spec document `raw`. */
export function crossChecks(raw: Obj): Draft[] {
  const out: Draft[] = [];
  countLimits(raw, out);
  toolsetRules(raw, out);
  mcpReferences(raw, out);
  environmentRules(raw, out);
  if (typeof raw.task === 'string') {
    for (const message of templateProblems(raw.task)) out.push({ path: ['task'], target: 'value', message });
  }
  if (isObj(raw.outcome)) {
    const { description, rubric, checks } = raw.outcome;
    if (description === undefined && rubric === undefined && list(checks).length === 0) {
      out.push({
        path: ['outcome'],
        target: 'value',
        message: 'expected at least one of description, rubric or checks',
      });
    }
  }
  return out;
}

function countLimits(raw: Obj, out: Draft[]): void {
  for (const key of ['tools', 'mcp_servers', 'skills'] as const) {
    const value = raw[key];
    if (Array.isArray(value) && value.length > SPEC_LIMITS[key]) {
      out.push({
        path: [key],
        target: 'value',
        message: `expected at most ${SPEC_LIMITS[key]} ${NOUNS[key]}; got ${value.length}`,
      });
    }
  }
  if (isObj(raw.metadata)) {
    const count = Object.keys(raw.metadata).length;
    if (count > SPEC_LIMITS.metadata) {
      out.push({
        path: ['metadata'],
        target: 'value',
        message: `expected at most ${SPEC_LIMITS.metadata} pairs; got ${count}`,
      });
    }
  }
}

function toolsetRules(raw: Obj, out: Draft[]): void {
  const tools = list(raw.tools);
  let agentToolset: number | undefined;
  const customNames = new Map<string, number>();
  tools.forEach((tool, index) => {
    if (!isObj(tool)) return;
    if (tool.type === 'agent_toolset_20260401') {
      if (agentToolset !== undefined) {
        out.push({
          path: ['tools', index, 'type'],
          target: 'value',
          message: `agent_toolset_20260401 is listed twice (first at tools[${agentToolset}]); merge the two entries`,
        });
      } else agentToolset = index;
    }
    if (tool.type === 'custom' && typeof tool.name === 'string') {
      const first = customNames.get(tool.name);
      if (first !== undefined) {
        out.push({
          path: ['tools', index, 'name'],
          target: 'value',
          message: `duplicate custom tool name "${tool.name}" (first at tools[${first}])`,
        });
      } else customNames.set(tool.name, index);
    }
    const seen = new Map<string, number>();
    list(tool.configs).forEach((config, j) => {
      if (!isObj(config) || typeof config.name !== 'string') return;
      const first = seen.get(config.name);
      if (first !== undefined) {
        out.push({
          path: ['tools', index, 'configs', j, 'name'],
          target: 'value',
          message: `tool "${config.name}" is configured twice (first at tools[${index}].configs[${first}])`,
        });
      } else seen.set(config.name, j);
      // "Cannot be combined with blocked_domains" (SDK BetaManagedAgentsWebFetchToolConfigParams).
      if (config.allowed_domains !== undefined && config.blocked_domains !== undefined) {
        out.push({
          path: ['tools', index, 'configs', j, 'blocked_domains'],
          target: 'key',
          message: 'expected either allowed_domains or blocked_domains, not both',
        });
      }
    });
  });
}

// "Every server must be referenced by an mcp_toolset in tools; unreferenced servers are rejected."
// (SDK AgentCreateParams.mcp_servers); names must be unique.
function mcpReferences(raw: Obj, out: Draft[]): void {
  const servers = new Map<string, number>();
  list(raw.mcp_servers).forEach((server, index) => {
    if (!isObj(server) || typeof server.name !== 'string') return;
    const first = servers.get(server.name);
    if (first !== undefined) {
      out.push({
        path: ['mcp_servers', index, 'name'],
        target: 'value',
        message: `duplicate server name "${server.name}" (first at mcp_servers[${first}])`,
      });
    } else servers.set(server.name, index);
  });
  const referenced = new Map<string, number>();
  list(raw.tools).forEach((tool, index) => {
    if (!isObj(tool) || tool.type !== 'mcp_toolset' || typeof tool.mcp_server_name !== 'string') return;
    const name = tool.mcp_server_name;
    const path = ['tools', index, 'mcp_server_name'];
    if (referenced.has(name)) {
      out.push({
        path,
        target: 'value',
        message: `a second mcp_toolset for server "${name}" (first at tools[${referenced.get(name)}])`,
      });
    } else referenced.set(name, index);
    if (!servers.has(name)) {
      const declared = [...servers.keys()];
      const known = declared.length > 0 ? `; declared: ${declared.join(', ')}` : '; mcp_servers is empty';
      out.push({
        path,
        target: 'value',
        message: `no mcp_servers entry named "${name}"${known}${didYouMean(name, declared)}`,
      });
    }
  });
  for (const [name, index] of servers) {
    if (!referenced.has(name)) {
      out.push({
        path: ['mcp_servers', index, 'name'],
        target: 'value',
        message: `server "${name}" is not used by any tool; add {type: mcp_toolset, mcp_server_name: ${name}} to tools or remove the server`,
      });
    }
  }
}

// "Under `limited` networking, requires `networking.allow_package_managers` to be `true`"
// (SDK BetaCloudConfigParams.packages). Kept so a spec stays valid as a Managed Agents environment.
function environmentRules(raw: Obj, out: Draft[]): void {
  const env = raw.environment;
  if (!isObj(env) || !isObj(env.packages)) return;
  const anyPackages = Object.values(env.packages).some((v) => Array.isArray(v) && v.length > 0);
  if (!anyPackages) return;
  const net = env.networking;
  const limited = net === undefined || (isObj(net) && net.type === 'limited');
  if (limited && !(isObj(net) && net.allow_package_managers === true)) {
    out.push({
      path: ['environment', 'packages'],
      target: 'key',
      message:
        'packages need package registries: set environment.networking.allow_package_managers: true (or networking type unrestricted)',
    });
  }
}
