/**
 * Runs real sessions against the fake Messages API: real SDK client over loopback, the SDK's real
 * agent tools (bash, read, …) wrapped as Steward tools, real temp workspaces and event logs.
 * Sessions are built directly as `RunSessionOptions`, so these tests exercise the session engine
 * without depending on how a spec is composed.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { betaAgentToolset20260401 } from '@anthropic-ai/sdk/tools/agent-toolset/node';
import { readEventLog } from '../../../src/events/log.ts';
import type { SessionEvent } from '../../../src/events/types.ts';
import { createModelClient } from '../../../src/model/client.ts';
import type { SessionResult } from '../../../src/session/result.ts';
import { type RunSessionOptions, runSession } from '../../../src/session/run.ts';
import { wrapRunnable } from '../../../src/tools/toolset.ts';
import type { StewardTool } from '../../../src/tools/types.ts';
import { defineScenario, type FakeMessagesApi } from '../../fakes/messages/index.ts';
import type { Scenario } from '../../fakes/messages/types.ts';

/** A system prompt long enough to be worth caching on every model (over 1,024 fake tokens with the tools). */
export const SYSTEM = [
  'You are an autonomous agent working on a git repository checked out in your working directory.',
  'Work step by step: read the relevant files, run the commands you need, and make small, safe changes.',
  ...Array.from(
    { length: 40 },
    (_, i) =>
      `Rule ${i + 1}: keep changes minimal, explain what you changed and why, and never touch files outside the task's scope.`,
  ),
].join('\n');

/** Retries with tiny delays, so fault tests finish at once. */
export const FAST_RETRY = { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 };

/** Generous limits: tests that are not about budgets never hit them. */
export const LIMITS = { maxTurns: 50, maxTokens: 10_000_000, maxCostUsd: 100, timeoutMs: 120_000 };

/** A temp workspace with a small source file. */
export function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'steward-session-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'math.js'), 'export function add(a, b) {\n  return a + b;\n}\n');
  return dir;
}

/**
 * The SDK's agent tools on `dir`, with a minimal environment (no secrets). `ask` lists tools
 * held for approval (`always_ask`).
 */
export function tools(dir: string, ask: readonly string[] = []): StewardTool[] {
  const home = mkdtempSync(join(tmpdir(), 'steward-home-'));
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8' };
  return betaAgentToolset20260401({ workdir: dir, env }).map((impl) =>
    wrapRunnable(impl, ask.includes(impl.name) ? 'always_ask' : 'always_allow'),
  );
}

/** What a test run produced. */
export interface Run {
  result: SessionResult;
  events: SessionEvent[];
  ws: string;
  out: string;
}

/** Options of {@link runScenario}: anything of `RunSessionOptions`, plus the workspace to use. */
export type RunOverrides = Partial<RunSessionOptions> & { ws?: string; ask?: string[]; maxRetries?: number };

/**
 * Loads `scenario` into `fake` and runs a session on it; returns the result, the events read
 * back from `events.jsonl`, the workspace and the out dir.
 */
export async function runScenario(
  fake: FakeMessagesApi,
  scenario: Scenario | undefined,
  overrides: RunOverrides = {},
): Promise<Run> {
  if (scenario) fake.load(defineScenario(scenario));
  const { ws: given, ask, maxRetries, ...rest } = overrides;
  const ws = given ?? workspace();
  const out = rest.outDir ?? mkdtempSync(join(tmpdir(), 'steward-out-'));
  const result = await runSession({
    agent: { name: 't', model: 'claude-sonnet-5-5', system: SYSTEM, maxOutputTokens: 4096 },
    tools: tools(ws, ask),
    prompt: 'Check add()',
    limits: LIMITS,
    retry: FAST_RETRY,
    outDir: out,
    model: createModelClient({ apiKey: 'test-key', baseURL: fake.url, maxRetries: maxRetries ?? 1 }),
    ...rest,
  });
  return { result, events: readEventLog(result.event_log).events, ws, out };
}

/** The events of `type`, typed loosely for assertions. */
export function ofType(
  events: readonly SessionEvent[],
  type: string,
): Array<SessionEvent & Record<string, unknown>> {
  return events.filter((e) => e.type === type) as Array<SessionEvent & Record<string, unknown>>;
}

/** Lines of a file in the workspace ('' lines dropped); [] when it does not exist. */
export function lines(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/** Deep copy of a recorded request body's messages without `cache_control` markers. */
export function withoutCacheControl(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v) => (key === 'cache_control' ? undefined : v));
}
