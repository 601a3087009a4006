import { statSync } from 'node:fs';
import { join } from 'node:path';
import { type EventListener, newEventId } from '../events/bus.ts';
import { appendEventLine, type Redactor, redactingTransform } from '../events/redact.ts';
import type { SessionEvent, StewardNamespaceEvent } from '../events/types.ts';
import type { ModelClient } from '../model/client.ts';
import type { AgentSpec } from '../spec/index.ts';
import { toolPolicy } from '../spec/index.ts';
import { oneOffRunner } from '../tools/bash.ts';
import {
  createSandbox,
  type NetworkPolicy,
  PACKAGE_REGISTRY_HOSTS,
  protectedPaths,
  type SandboxPolicy,
} from '../tools/sandbox.ts';
import { AGENT_TOOL_NAMES, type AgentToolName, agentToolset } from '../tools/toolset.ts';
import { untrustedDataRule } from '../tools/untrusted.ts';
import type { RunSessionOptions } from './run.ts';

/** What a composition root supplies besides the spec. */
export interface ComposeOptions {
  /** The first user message (instruction plus fenced event data). */
  prompt: string;
  /** Checked-out repository the tools work in. */
  workspace: string;
  outDir: string;
  /** Complete environment of tool processes (tools/env.ts); its `HOME` is the tools' private home. */
  toolEnv: Record<string, string>;
  model: ModelClient;
  /** Model id that replaces the spec's (Action input `model`). */
  modelOverride?: string;
  /** The session's fence nonce for untrusted blocks. */
  nonce: string;
  /**
   * The redactor of the run's secrets (events/redact.ts). Every event is redacted with it before
   * it is written or handed to a listener, and each redaction is recorded as a `steward.redaction`
   * event.
   */
  redactor?: Redactor;
  /**
   * Locations on the runner tools must not read: its scratch directory (`RUNNER_TEMP`: checkout
   * credentials, the runner's command files, Steward's own output) and the home directory of the
   * runner user (whose credential files are denied: `~/.ssh`, `~/.git-credentials`,
   * `~/.config/gh`, …). Both are read by the composition root from the runner's environment.
   */
  protect?: { runnerTemp?: string; hostHome?: string };
  sessionId?: string;
  listeners?: EventListener[];
  metadata?: Record<string, unknown>;
  signal?: AbortSignal;
}

/**
 * Steward's part of the system prompt, before the spec's `system`. Deliberately short: it is sent
 * (from the cache) on every turn.
 */
function operatingNotes(workspace: string, nonce: string): string {
  return [
    `You are an autonomous agent working on a git repository checked out at ${workspace}; tool paths are relative to it.`,
    untrustedDataRule(nonce),
    'When you are done, answer with a concise final message in GitHub-flavoured markdown: it is posted as the result.',
  ].join('\n');
}

/** The warning a session carries when its spec turns the sandbox off. */
export const SANDBOX_OFF_WARNING =
  'environment.sandbox is `none`: bash commands and outcome checks ran directly on the runner, ' +
  'without the sandbox. They could read the runner’s files and processes (including the environment ' +
  'Steward started with, which holds its API key and token) and reach any host. Use `none` only on ' +
  'runners that cannot host bubblewrap, and only for trusted triggers.';

/**
 * Warnings a run of `spec` must show in its comment and job summary (the report reads them from
 * here, and from the `steward.warning` events of the log).
 */
export function sessionWarnings(spec: AgentSpec): string[] {
  return spec.environment.sandbox === 'none' ? [SANDBOX_OFF_WARNING] : [];
}

/**
 * Network policy of tool processes from the spec's `environment.networking` (Managed Agents
 * `BetaLimitedNetworkParams`): `limited` allows `allowed_hosts`, plus public package registries
 * when `allow_package_managers`, plus the hosts of the spec's MCP servers when `allow_mcp_servers`;
 * `unrestricted` allows every host but the cloud metadata endpoints.
 */
export function networkPolicy(spec: AgentSpec): NetworkPolicy {
  const n = spec.environment.networking;
  if (n.type === 'unrestricted') return { type: 'unrestricted' };
  const hosts = new Set(n.allowed_hosts);
  if (n.allow_package_managers) for (const h of PACKAGE_REGISTRY_HOSTS) hosts.add(h);
  if (n.allow_mcp_servers) {
    for (const server of spec.mcp_servers) {
      try {
        hosts.add(new URL(server.url).host);
      } catch {
        // The spec loader validated the URL.
      }
    }
  }
  return { type: 'limited', allowedHosts: [...hosts] };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The sandbox policy of a session (tools/sandbox.ts): the workspace and the private HOME/TMPDIR
 * writable, `.git/hooks`, `.git/config` and (unless `steward.allow_workflow_edits`)
 * `.github/workflows` not, the runner's scratch space and credential files unreadable, and a token
 * that actions/checkout persisted in `.git/config` masked.
 */
export function sandboxPolicy(spec: AgentSpec, options: ComposeOptions): SandboxPolicy {
  const ws = options.workspace;
  const home = options.toolEnv.HOME ?? join(options.outDir, 'home');
  const denyWrite: string[] = [];
  // Only when .git is a directory: in a worktree it is a file, and bubblewrap cannot mount below it.
  if (isDirectory(join(ws, '.git'))) denyWrite.push(join(ws, '.git', 'hooks'), join(ws, '.git', 'config'));
  if (!spec.steward.allow_workflow_edits) denyWrite.push(join(ws, '.github', 'workflows'));
  return {
    mode: spec.environment.sandbox === 'none' ? 'none' : 'sandbox',
    workspace: ws,
    writable: [...new Set([home, options.toolEnv.TMPDIR ?? join(home, 'tmp')])],
    network: networkPolicy(spec),
    denyRead: protectedPaths(options.protect ?? {}),
    denyWrite,
    maskGitCredentials: [join(ws, '.git', 'config')],
  };
}

/**
 * Turns a validated spec plus run-specific inputs into {@link RunSessionOptions}: the model, the
 * system prompt, the enabled `agent_toolset_20260401` tools (bash sandboxed per
 * {@link sandboxPolicy}, file tools with Steward's deny list) with their permission policies,
 * event redaction, and the limits. `web_fetch` and `web_search` are not offered yet: they are
 * server-side tools in Managed Agents and need Steward's own egress-controlled implementation.
 *
 * Events that happen beside the loop — `steward.redaction`, `steward.warning` (sandbox off),
 * `steward.network_blocked` (`host`: a `host:port` the sandbox's proxy refused, and `reason`),
 * `steward.sandbox_violation` (other refusals) — are appended to the session's
 * `events.jsonl` (redacted), just before the event that caused them.
 */
export function composeSession(spec: AgentSpec, options: ComposeOptions): RunSessionOptions {
  const tools = AGENT_TOOL_NAMES.flatMap(
    (name): Array<{ name: AgentToolName; permission: 'always_allow' | 'always_ask' }> => {
      const policy = toolPolicy(spec, name);
      return policy.enabled ? [{ name, permission: policy.permission }] : [];
    },
  );
  const system = [operatingNotes(options.workspace, options.nonce), spec.system?.trim()]
    .filter(Boolean)
    .join('\n\n');
  const policy = sandboxPolicy(spec, options);
  const sandbox = createSandbox(policy, options.toolEnv);
  const warnings = sessionWarnings(spec);

  const eventsPath = join(options.outDir, 'events.jsonl');
  const redactor = options.redactor;
  const record = (event: StewardNamespaceEvent) =>
    appendEventLine(eventsPath, redactor ? redactor.redactEvent(event) : event);
  const sideEvent = (type: `steward.${string}`, fields: Record<string, unknown>): StewardNamespaceEvent => ({
    id: newEventId(),
    type,
    processed_at: new Date().toISOString(),
    ...fields,
  });
  let first = true;
  const redact = redactor ? redactingTransform(redactor, record) : (e: SessionEvent) => e;
  const transformEvent = (event: SessionEvent): SessionEvent => {
    if (first) {
      first = false;
      for (const message of warnings) record(sideEvent('steward.warning', { message }));
    }
    return redact(event);
  };

  return {
    ...(options.sessionId ? { sessionId: options.sessionId } : {}),
    agent: {
      name: spec.name,
      model: options.modelOverride || spec.model.id,
      system,
      maxOutputTokens: spec.limits.max_output_tokens_per_turn,
    },
    tools: agentToolset({
      workspace: options.workspace,
      env: options.toolEnv,
      tools,
      sandbox,
      allowWorkflowEdits: spec.steward.allow_workflow_edits,
      onViolations: (lines) => {
        for (const line of lines) {
          // `deny network-outbound host:port (reason)`: the report lists the blocked hosts.
          const m = /^deny network-outbound (\S+)(?: \((.*)\))?/.exec(line);
          record(
            m
              ? sideEvent('steward.network_blocked', { host: m[1], reason: m[2] ?? '' })
              : sideEvent('steward.sandbox_violation', { detail: line }),
          );
        }
      },
    }),
    prompt: options.prompt,
    limits: {
      maxTurns: spec.limits.max_turns,
      maxTokens: spec.limits.max_tokens,
      maxCostUsd: spec.limits.max_cost_usd,
      timeoutMs: spec.limits.timeout_minutes * 60_000,
    },
    ...(spec.outcome ? { outcome: spec.outcome } : {}),
    workspace: { dir: options.workspace, env: options.toolEnv },
    // Checks must never run outside the sandbox, also when the spec disables bash.
    ...(spec.outcome?.checks?.length && !tools.some((t) => t.name === 'bash')
      ? {
          runCheck: oneOffRunner({
            sandbox,
            env: options.toolEnv,
            cwd: options.workspace,
            stateDir: join(options.toolEnv.HOME ?? options.outDir, '.steward-checks'),
          }),
        }
      : {}),
    outDir: options.outDir,
    model: options.model,
    transformEvent,
    // Listeners (progress comment, terminal) see redacted events too: a progress line shortens a
    // tool input before it is posted, and a cut secret would no longer be recognised afterwards.
    ...(options.listeners
      ? {
          listeners: options.listeners.map(
            (listener): EventListener =>
              (event) =>
                listener(redactor ? redactor.redactEvent(event) : event),
          ),
        }
      : {}),
    metadata: {
      spec_file: spec.source.file,
      sandbox: {
        mode: policy.mode,
        network: policy.network,
        ...(warnings.length > 0 ? { warnings } : {}),
      },
      ...options.metadata,
    },
    ...(options.signal ? { signal: options.signal } : {}),
  };
}
