/**
 * The spec in Managed Agents shapes (`@anthropic-ai/sdk` types, type-only imports), and compile-time
 * checks that the zod-inferred spec types stay assignable to the SDK's: when the SDK changes a field,
 * `tsc` fails here instead of a request failing at run time.
 */
import type {
  AgentCreateParams,
  BetaManagedAgentsAgentToolset20260401Params,
  BetaManagedAgentsCustomToolParams,
  BetaManagedAgentsMCPToolsetParams,
  BetaManagedAgentsModelConfigParams,
  BetaManagedAgentsSkillParams,
  BetaManagedAgentsURLMCPServerParams,
} from '@anthropic-ai/sdk/resources/beta/agents/agents';
import type {
  BetaCloudConfigParams,
  BetaLimitedNetworkParams,
  BetaPackagesParams,
  BetaUnrestrictedNetwork,
} from '@anthropic-ai/sdk/resources/beta/environments/environments';
import type {
  AgentSpec,
  AgentToolsetSpec,
  CustomToolSpec,
  EnvironmentSpec,
  McpServerSpec,
  McpToolsetSpec,
  ModelSpec,
  NetworkingSpec,
  SkillSpec,
} from './schema.ts';

type Assert<T extends true> = T;
type Assignable<A, B> = [A] extends [B] ? true : false;

/** Compile-time only: each entry fails `tsc` if a spec type drifts from its SDK counterpart. */
export type SdkCompatibility = [
  Assert<Assignable<ModelSpec, BetaManagedAgentsModelConfigParams>>,
  Assert<Assignable<AgentToolsetSpec, BetaManagedAgentsAgentToolset20260401Params>>,
  Assert<Assignable<McpToolsetSpec, BetaManagedAgentsMCPToolsetParams>>,
  Assert<Assignable<CustomToolSpec, BetaManagedAgentsCustomToolParams>>,
  Assert<Assignable<McpServerSpec, BetaManagedAgentsURLMCPServerParams>>,
  Assert<Assignable<Exclude<SkillSpec, { type: 'local' }>, BetaManagedAgentsSkillParams>>,
  Assert<Assignable<NetworkingSpec, BetaUnrestrictedNetwork | BetaLimitedNetworkParams>>,
  Assert<Assignable<EnvironmentSpec['packages'], BetaPackagesParams>>,
];

/**
 * The Managed Agents agent definition of `spec` (`POST /v1/agents` body, research §2), e.g. for the
 * `agent` snapshot of `session.json`. Steward-only fields are left out: local skills, `on`, `task`,
 * `limits`, `outcome`, `outputs`, `steward`.
 */
export function toAgentCreateParams(spec: AgentSpec): AgentCreateParams {
  return {
    name: spec.name,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    model: spec.model,
    ...(spec.system === undefined ? {} : { system: spec.system }),
    tools: spec.tools,
    mcp_servers: spec.mcp_servers,
    skills: spec.skills.filter((s): s is Exclude<SkillSpec, { type: 'local' }> => s.type !== 'local'),
    metadata: spec.metadata,
  };
}

/** The Managed Agents cloud environment config of `spec` (`BetaCloudConfigParams`, research §3); drops `sandbox`. */
export function toCloudConfig(spec: AgentSpec): BetaCloudConfigParams {
  return {
    type: 'cloud',
    networking: spec.environment.networking,
    packages: { type: 'packages', ...spec.environment.packages },
  };
}
