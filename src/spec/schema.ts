/**
 * The agent spec (`.github/steward/NAME.yml`, DESIGN §2) as zod schemas, with its safe defaults.
 *
 * Field names and limits mirror the Managed Agents `AgentCreateParams` / `BetaCloudConfigParams` types of
 * `@anthropic-ai/sdk` (research/managed-agents-api.md §2, §3, §6); `sdk.ts` checks at compile time that the
 * inferred types stay assignable to the SDK's. Steward-only keys (`on`, `task`, `limits`, `outcome`,
 * `outputs`, `steward`, `environment.sandbox`, `skills[].type: local`) have no Managed Agents counterpart.
 *
 * Counting limits (max tools, servers, skills, metadata pairs) are enforced in `checks.ts`, not here:
 * a zod array `.max()` that fails hides every error inside the array's items.
 */
import { z } from 'zod';
import { triggersSchema } from './triggers.ts';

/**
 * Model used when the spec has no `model` key (the Managed Agents API requires one). A current Sonnet
 * listed in the SDK's `BetaManagedAgentsModel` enum: capable enough for review and triage at moderate cost.
 */
export const DEFAULT_MODEL = 'claude-sonnet-5-5';

/** `effort` levels of `BetaManagedAgentsModelConfigParams.effort` (SDK `resources/beta/agents/agents.d.ts`). */
export const EFFORT_LEVELS = ['low', 'medium', 'high', 'xhigh', 'max'] as const;

/** The eight tools of `agent_toolset_20260401` (research §6.1; SDK `BetaManagedAgentsAgentToolConfigParams`). */
export const AGENT_TOOL_NAMES = [
  'bash',
  'read',
  'write',
  'edit',
  'glob',
  'grep',
  'web_fetch',
  'web_search',
] as const;

/** Name of one tool of the agent toolset. */
export type AgentToolName = (typeof AGENT_TOOL_NAMES)[number];

/**
 * Default `limits`: 30 model turns, 5 USD list-price cost, 2,000,000 tokens (input + output), 30 minutes
 * wall clock, 16,000 output tokens per model request.
 */
export const DEFAULT_LIMITS = {
  max_turns: 30,
  max_cost_usd: 5,
  max_tokens: 2_000_000,
  timeout_minutes: 30,
  max_output_tokens_per_turn: 16_000,
} as const;

/** Default `outcome.max_iterations`: the `user.define_outcome` default (research §5.1: default 3, max 20). */
export const DEFAULT_OUTCOME_ITERATIONS = 3;

/** Default time limit of one `outcome.checks[]` command, in minutes. */
export const DEFAULT_CHECK_TIMEOUT_MINUTES = 10;

const nonEmpty = z.string().min(1, { error: 'expected a non-empty string' });
const stringList = z.array(nonEmpty);

// Agent names become artifact and check-run names, so they stay within filename-safe characters.
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
// Same host rule as @anthropic-ai/sandbox-runtime's domain patterns (sandbox-config.js, isValidDomainPattern):
// a dotted host or `localhost`, `*.` only in front of two or more labels, optional `:port`.
const HOST_PATTERN = /^(localhost|(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)(:[0-9]{1,5})?$/;
// Custom tool names: "1-128 characters; letters, digits, underscores, and hyphens" (SDK BetaManagedAgentsCustomToolParams).
const TOOL_NAME_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

// The SDK also has `auto` (the server judges each call). Steward runs the tools itself and has no such
// judge, so only the two explicit policies are accepted.
const permissionPolicy = z.strictObject({ type: z.enum(['always_allow', 'always_ask']) });

const toolsetDefaultConfig = z.strictObject({
  enabled: z.boolean().optional(),
  permission_policy: permissionPolicy.optional(),
});

// web_fetch / web_search domain lists: "At most 64 entries; an empty list is rejected" (SDK *ToolConfigParams).
const domainList = z
  .array(nonEmpty)
  .min(1, { error: 'expected at least one domain (omit the key instead of an empty list)' })
  .max(64, { error: 'expected at most 64 domains' });

const basicToolConfig = <N extends AgentToolName>(name: N) =>
  z.strictObject({
    name: z.literal(name),
    enabled: z.boolean().optional(),
    permission_policy: permissionPolicy.optional(),
  });

const agentToolConfig = z.discriminatedUnion('name', [
  basicToolConfig('bash'),
  basicToolConfig('read'),
  basicToolConfig('write'),
  basicToolConfig('edit'),
  basicToolConfig('glob'),
  basicToolConfig('grep'),
  basicToolConfig('web_fetch').extend({
    allowed_domains: domainList.optional(),
    blocked_domains: domainList.optional(),
    max_content_tokens: z.int().positive().optional(),
  }),
  basicToolConfig('web_search').extend({
    allowed_domains: domainList.optional(),
    blocked_domains: domainList.optional(),
  }),
]);

/** One `configs[]` entry of the agent toolset: per-tool `enabled` / `permission_policy` overrides. */
export type AgentToolConfig = z.output<typeof agentToolConfig>;

const agentToolset = z.strictObject({
  type: z.literal('agent_toolset_20260401'),
  default_config: toolsetDefaultConfig.optional(),
  configs: z.array(agentToolConfig).default([]),
});

const mcpToolset = z.strictObject({
  type: z.literal('mcp_toolset'),
  // "Must match a server name from the mcp_servers array. 1-255 characters." (SDK BetaManagedAgentsMCPToolsetParams)
  mcp_server_name: nonEmpty.max(255),
  default_config: toolsetDefaultConfig.optional(),
  configs: z
    .array(
      z.strictObject({
        name: nonEmpty.max(128),
        enabled: z.boolean().optional(),
        permission_policy: permissionPolicy.optional(),
      }),
    )
    .default([]),
});

const customTool = z.strictObject({
  type: z.literal('custom'),
  name: z.string().regex(TOOL_NAME_PATTERN, {
    error: 'expected 1-128 letters, digits, underscores or hyphens',
  }),
  description: nonEmpty,
  // A JSON Schema: its own keywords are open-ended, so only the root `type` is checked.
  input_schema: z.looseObject({
    type: z.literal('object'),
    properties: z.record(z.string(), z.unknown()).optional(),
    required: z.array(z.string()).optional(),
  }),
});

const toolSpec = z.discriminatedUnion('type', [agentToolset, mcpToolset, customTool]);

/** The `agent_toolset_20260401` entry of `tools` (SDK `BetaManagedAgentsAgentToolset20260401Params`). */
export type AgentToolsetSpec = z.output<typeof agentToolset>;
/** An `mcp_toolset` entry of `tools` (SDK `BetaManagedAgentsMCPToolsetParams`). */
export type McpToolsetSpec = z.output<typeof mcpToolset>;
/** A `custom` tool entry of `tools` (SDK `BetaManagedAgentsCustomToolParams`). */
export type CustomToolSpec = z.output<typeof customTool>;
/** Any entry of `tools`. */
export type ToolSpec = z.output<typeof toolSpec>;

const mcpServer = z.strictObject({
  type: z.literal('url'),
  name: nonEmpty.max(255),
  url: z.string().refine(isHttpUrl, { error: 'expected an http(s) URL' }),
});

/** An `mcp_servers[]` entry (SDK `BetaManagedAgentsURLMCPServerParams`): a Streamable HTTP MCP endpoint. */
export type McpServerSpec = z.output<typeof mcpServer>;

const skillVersion = z.union([z.string().min(1), z.number()]).transform(String);

const skill = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('local'),
    path: z.string().refine(isRepoRelativePath, {
      error: 'expected a path relative to the repository root, without ".." segments',
    }),
  }),
  z.strictObject({ type: z.literal('anthropic'), skill_id: nonEmpty, version: skillVersion.optional() }),
  z.strictObject({ type: z.literal('custom'), skill_id: nonEmpty, version: skillVersion.optional() }),
]);

/**
 * A `skills[]` entry: `anthropic` / `custom` are Managed Agents skills (SDK `BetaManagedAgentsSkillParams`);
 * `local` is Steward-only, a skill directory in the repository (read from the base branch on pull requests).
 */
export type SkillSpec = z.output<typeof skill>;

const limitedNetwork = z.strictObject({
  type: z.literal('limited'),
  allowed_hosts: z
    .array(
      z.string().regex(HOST_PATTERN, {
        error: 'expected a host like pypi.org, *.example.com or localhost:8080 (no scheme or path)',
      }),
    )
    .default([]),
  allow_package_managers: z.boolean().default(false),
  allow_mcp_servers: z.boolean().default(false),
});

const networking = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('unrestricted') }),
  limitedNetwork,
]);

/**
 * Network policy of the sandbox (SDK `BetaUnrestrictedNetwork | BetaLimitedNetworkParams`, research §3).
 * `limited` allows only `allowed_hosts`, plus public package registries when `allow_package_managers`
 * and the spec's MCP server hosts when `allow_mcp_servers`.
 */
export type NetworkingSpec = z.output<typeof networking>;

const packages = z.strictObject({
  apt: stringList.default([]),
  cargo: stringList.default([]),
  gem: stringList.default([]),
  go: stringList.default([]),
  npm: stringList.default([]),
  pip: stringList.default([]),
});

const environment = z.strictObject({
  networking: networking.prefault({ type: 'limited' }),
  packages: packages.prefault({}),
  // Steward-only: `none` runs tools without the bubblewrap sandbox (for runners that cannot host it).
  sandbox: z.enum(['auto', 'none']).default('auto'),
});

/**
 * The `environment` block: `networking` and `packages` as in SDK `BetaCloudConfigParams` (package names use
 * each manager's own version syntax, e.g. `ruff==0.6.0`), plus Steward's `sandbox: auto | none`.
 */
export type EnvironmentSpec = z.output<typeof environment>;

const limits = z.strictObject({
  max_turns: z.int().min(1).max(1000).default(DEFAULT_LIMITS.max_turns),
  max_cost_usd: z.number().positive().default(DEFAULT_LIMITS.max_cost_usd),
  max_tokens: z.int().positive().default(DEFAULT_LIMITS.max_tokens),
  timeout_minutes: z.number().positive().default(DEFAULT_LIMITS.timeout_minutes),
  max_output_tokens_per_turn: z.int().positive().default(DEFAULT_LIMITS.max_output_tokens_per_turn),
});

/**
 * Budgets of one session. `max_turns`: model turns; `max_cost_usd`: list-price cost in USD;
 * `max_tokens`: input + output tokens over the session; `timeout_minutes`: wall-clock minutes;
 * `max_output_tokens_per_turn`: the `max_tokens` sent with each Messages request.
 */
export type Limits = z.output<typeof limits>;

const outcome = z.strictObject({
  description: nonEmpty.optional(),
  rubric: nonEmpty.optional(),
  checks: z
    .array(
      z.strictObject({
        run: nonEmpty,
        timeout_minutes: z.number().positive().default(DEFAULT_CHECK_TIMEOUT_MINUTES),
      }),
    )
    .default([]),
  max_iterations: z.int().min(1).max(20).default(DEFAULT_OUTCOME_ITERATIONS),
});

/**
 * What "done" means: `description` and `rubric` feed `user.define_outcome` (research §5.1); `checks` are
 * shell commands run in the sandbox that must exit 0 (`timeout_minutes` each); after a failed evaluation the
 * agent gets another turn, at most `max_iterations` evaluations in all.
 */
export type OutcomeSpec = z.output<typeof outcome>;

// `true` is accepted as shorthand for the object form with its defaults.
const toggle = <T extends z.ZodType>(shape: T) =>
  z
    .union([z.boolean(), shape])
    .transform((v): z.output<T> | false =>
      v === true ? shape.parse({}) : v === false ? false : (v as z.output<T>),
    )
    .default(false);

const outputs = z.strictObject({
  comment: z.boolean().default(true),
  review: toggle(
    z.strictObject({ inline: z.boolean().default(true), allow_approve: z.boolean().default(false) }),
  ),
  pull_request: toggle(z.strictObject({ draft: z.boolean().default(true) })),
  push_to_branch: z.boolean().default(false),
  // GitHub caps label names at 50 characters.
  labels: z.array(nonEmpty.max(50)).default([]),
  issue: z.union([z.literal(false), z.strictObject({ title: nonEmpty.max(256) })]).default(false),
  create_issue: toggle(z.strictObject({ max: z.int().min(1).max(20).default(1) })),
  result_schema: z.record(z.string(), z.unknown()).optional(),
});

/**
 * Safe outputs: the GitHub writes the agent may request (DESIGN §5 invariant 4). `comment`: the final
 * comment; `review`: a PR review (`inline` comments, `allow_approve` an APPROVE event); `pull_request`:
 * open a PR from the agent's changes (`draft`); `push_to_branch`: push commits to the triggering PR's
 * branch; `labels`: the labels it may add; `issue`: post the result to the issue with this `title`
 * (created when missing); `create_issue`: open at most `max` new issues; `result_schema`: JSON Schema
 * of the structured result the agent must submit.
 */
export type OutputsSpec = z.output<typeof outputs>;

const steward = z.strictObject({
  trusted_bots: z.array(nonEmpty).default([]),
  untrusted_comments: z.enum(['fence', 'omit']).default('fence'),
  allow_workflow_edits: z.boolean().default(false),
});

/**
 * Steward-only policy. `trusted_bots`: bot logins (e.g. `dependabot[bot]`) allowed to trigger runs;
 * `untrusted_comments`: whether comments of untrusted authors reach the model fenced as data or not at
 * all; `allow_workflow_edits`: whether the agent may change `.github/workflows/**`.
 */
export type StewardPolicy = z.output<typeof steward>;

const model = z
  .union([
    z.string().regex(/^\S+$/, { error: 'expected a model id (non-empty, no spaces)' }),
    z.strictObject({
      id: z.string().regex(/^\S+$/, { error: 'expected a model id (non-empty, no spaces)' }),
      effort: z.enum(EFFORT_LEVELS).optional(),
      speed: z.enum(['standard', 'fast']).optional(),
    }),
  ])
  .transform((m) => (typeof m === 'string' ? { id: m } : m))
  .default(() => ({ id: DEFAULT_MODEL }));

/** The model, always in object form (SDK `BetaManagedAgentsModelConfigParams`). */
export type ModelSpec = z.output<typeof model>;

/** The schema of one spec file's YAML document. `parseSpec` adds `source` and runs the cross-field checks. */
export const agentSpecSchema = z.strictObject({
  name: z
    .string()
    .min(1, { error: 'expected a non-empty name' })
    .max(256, { error: 'expected at most 256 characters' })
    .regex(NAME_PATTERN, {
      error: 'expected letters, digits, ".", "_" or "-", starting with a letter or digit',
    }),
  // Length limits of `description` and `system`: research §2, from the [SK] API reference.
  description: z.string().max(2048).optional(),
  model,
  system: z.string().max(100_000).optional(),
  tools: z.array(toolSpec).default(() => [{ type: 'agent_toolset_20260401' as const, configs: [] }]),
  mcp_servers: z.array(mcpServer).default([]),
  skills: z.array(skill).default([]),
  metadata: z
    .record(z.string().max(64, { error: 'expected a key of at most 64 characters' }), z.string().max(512))
    .default({}),
  environment: environment.prefault({}),
  on: triggersSchema.partial().default({}),
  task: nonEmpty.optional(),
  limits: limits.prefault({}),
  outcome: outcome.optional(),
  outputs: outputs.prefault({}),
  steward: steward.prefault({}),
});

/** Where a spec came from, so later errors can name the file. */
export interface SpecSource {
  /** The path the spec was read from, as given to the loader (or the `file` argument of `parseSpec`). */
  file: string;
}

/**
 * A validated agent spec with every default filled in. Defaults are safe: one agent toolset with
 * Managed Agents defaults, `limited` networking with no hosts, only the final comment as GitHub output.
 * `task` is optional because the CLI (`--task`) and the Action (`task` input) can supply it.
 */
export type AgentSpec = z.output<typeof agentSpecSchema> & { source: SpecSource };

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

// Local skills are read from the checkout; a path that climbs out of it would read runner files.
function isRepoRelativePath(value: string): boolean {
  if (value === '' || value.startsWith('/') || value.startsWith('\\') || /^[A-Za-z]:/.test(value))
    return false;
  return !value.split(/[/\\]/).includes('..');
}
