/**
 * Public API of the spec module: `.github/steward/*.yml` → validated {@link AgentSpec}, which spec
 * answers an event, task templates and tool policies. Imports nothing else of Steward (DESIGN §3).
 */

export { SPEC_LIMITS } from './checks.ts';
export { formatIssue, SpecError, type SpecIssue } from './errors.ts';
export { findSpec, loadSpecDir, loadSpecFile, parseSpec } from './load.ts';
export { mcpToolPolicy, type ToolPolicy, toolPolicy } from './policy.ts';
export {
  AGENT_TOOL_NAMES,
  type AgentSpec,
  type AgentToolConfig,
  type AgentToolName,
  type AgentToolsetSpec,
  type CustomToolSpec,
  DEFAULT_CHECK_TIMEOUT_MINUTES,
  DEFAULT_LIMITS,
  DEFAULT_MODEL,
  DEFAULT_OUTCOME_ITERATIONS,
  EFFORT_LEVELS,
  type EnvironmentSpec,
  type Limits,
  type McpServerSpec,
  type McpToolsetSpec,
  type ModelSpec,
  type NetworkingSpec,
  type OutcomeSpec,
  type OutputsSpec,
  type SkillSpec,
  type SpecSource,
  type StewardPolicy,
  type ToolSpec,
} from './schema.ts';
export { toAgentCreateParams, toCloudConfig } from './sdk.ts';
export { globToRegExp, matchList, selectSpecs, type TriggerEvent } from './select.ts';
export { type RenderedTask, type RenderOptions, renderTask, templateProblems } from './template.ts';
export { ISSUES_ACTIONS, PULL_REQUEST_ACTIONS, TRIGGER_EVENTS, type TriggerSpec } from './triggers.ts';
