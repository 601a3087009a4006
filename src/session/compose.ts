import type { EventListener } from '../events/bus.ts';
import type { ModelClient } from '../model/client.ts';
import type { AgentSpec } from '../spec/index.ts';
import { toolPolicy } from '../spec/index.ts';
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
  /** Complete environment of tool processes (tools/env.ts). */
  toolEnv: Record<string, string>;
  model: ModelClient;
  /** Model id that replaces the spec's (Action input `model`). */
  modelOverride?: string;
  /** The session's fence nonce for untrusted blocks. */
  nonce: string;
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

/**
 * Turns a validated spec plus run-specific inputs into {@link RunSessionOptions}: the model, the
 * system prompt, the enabled `agent_toolset_20260401` tools with their permission policies, and the
 * limits. `web_fetch` and `web_search` are not offered yet: they are server-side tools in Managed
 * Agents and need Steward's own egress-controlled implementation.
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
  return {
    ...(options.sessionId ? { sessionId: options.sessionId } : {}),
    agent: {
      name: spec.name,
      model: options.modelOverride || spec.model.id,
      system,
      maxOutputTokens: spec.limits.max_output_tokens_per_turn,
    },
    tools: agentToolset({ workspace: options.workspace, env: options.toolEnv, tools }),
    prompt: options.prompt,
    limits: {
      maxTurns: spec.limits.max_turns,
      maxTokens: spec.limits.max_tokens,
      maxCostUsd: spec.limits.max_cost_usd,
      timeoutMs: spec.limits.timeout_minutes * 60_000,
    },
    ...(spec.outcome ? { outcome: spec.outcome } : {}),
    outDir: options.outDir,
    model: options.model,
    ...(options.listeners ? { listeners: options.listeners } : {}),
    metadata: { spec_file: spec.source.file, ...options.metadata },
    ...(options.signal ? { signal: options.signal } : {}),
  };
}
