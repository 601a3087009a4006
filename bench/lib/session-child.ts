/**
 * Child process that runs one session in-process, from the sources (src/session/run.ts with
 * src/session/compose.ts, as the Action and the CLI compose it), against the fake Messages API
 * that the parent hosts. It times the model client calls and the tool runs so the parent can take
 * them out of the wall time, and prints one JSON line with its figures.
 *
 * Usage: node bench/lib/session-child.ts '<SessionChildInput as JSON>'
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createModelClient, type ModelClient } from '../../src/model/client.ts';
import { composeSession } from '../../src/session/compose.ts';
import { runSession } from '../../src/session/run.ts';
import { parseSpec } from '../../src/spec/index.ts';
import { toolEnvironment } from '../../src/tools/env.ts';
import type { StewardTool } from '../../src/tools/types.ts';

/** What the parent passes. */
export interface SessionChildInput {
  baseURL: string;
  specYaml: string;
  prompt: string;
  workspace: string;
  outDir: string;
}

/** What the child prints. */
export interface SessionChildOutput {
  /** `runSession` from call to return, in ms. */
  wallMs: number;
  /** Sum over model calls of the client-side time (SDK request, fake, SSE parsing), in ms. */
  modelClientMs: number;
  /** Sum over tool runs, in ms (the scenarios call one tool per turn, so runs never overlap). */
  toolMs: number;
  toolCalls: number;
  /** Time and calls per tool name. */
  byTool: Record<string, { ms: number; calls: number }>;
  turns: number;
  state: string;
  usage: Record<string, number>;
  /** Peak RSS of this process, in KiB. */
  maxRssKb: number;
  eventLog: string;
}

const input = JSON.parse(process.argv[2] ?? '{}') as SessionChildInput;
let modelClientMs = 0;
let toolMs = 0;
let toolCalls = 0;
const byTool: Record<string, { ms: number; calls: number }> = {};

const real = createModelClient({ apiKey: 'bench-key', baseURL: input.baseURL, maxRetries: 0 });
const model: ModelClient = {
  async createMessage(request, signal, onEvent) {
    const t0 = performance.now();
    try {
      return await real.createMessage(request, signal, onEvent);
    } finally {
      modelClientMs += performance.now() - t0;
    }
  },
};

/** Wraps a tool so its run time is summed. */
function timed(tool: StewardTool): StewardTool {
  return {
    ...tool,
    async run(toolInput, signal) {
      const t0 = performance.now();
      try {
        return await tool.run(toolInput, signal);
      } finally {
        const ms = performance.now() - t0;
        toolMs += ms;
        toolCalls += 1;
        byTool[tool.name] ??= { ms: 0, calls: 0 };
        const t = byTool[tool.name] as { ms: number; calls: number };
        t.ms += ms;
        t.calls += 1;
      }
    },
    ...(tool.close ? { close: () => tool.close?.() } : {}),
  };
}

const home = join(input.outDir, 'home');
mkdirSync(join(home, 'tmp'), { recursive: true });
const options = composeSession(parseSpec(input.specYaml, 'bench.yml'), {
  prompt: input.prompt,
  workspace: input.workspace,
  outDir: input.outDir,
  toolEnv: toolEnvironment({ parent: { PATH: process.env.PATH }, home }),
  model,
  nonce: 'benchnonce',
});
const t0 = performance.now();
const result = await runSession({ ...options, tools: options.tools.map(timed) });
const wallMs = performance.now() - t0;
const output: SessionChildOutput = {
  wallMs,
  modelClientMs,
  toolMs,
  toolCalls,
  byTool,
  turns: result.turns,
  state: result.state,
  usage: { ...result.usage },
  maxRssKb: process.resourceUsage().maxRSS,
  eventLog: result.event_log,
};
process.stdout.write(`${JSON.stringify(output)}\n`);
