/**
 * Scripted model sessions for the benchmarks (format: test/fakes/README.md, "Messages API
 * scenarios"), the specs that run them, and the small project they run on.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defineScenario, repeatTurns } from '../../test/fakes/messages/index.ts';
import type { Scenario, ScriptBlock, TurnRequest, TurnSpec } from '../../test/fakes/messages/types.ts';
import { BASE_FILES } from '../../test/support/demo-project.ts';

/** The model every benchmark session asks for (Sonnet price row; 1024-token minimum cache prefix). */
export const BENCH_MODEL = 'claude-sonnet-4-5';

/**
 * A spec with the whole default agent toolset and limits high enough that only the script ends
 * the session.
 */
export function benchSpec(system = ''): string {
  return [
    'name: bench',
    `model: ${BENCH_MODEL}`,
    ...(system ? ['system: |', ...system.split('\n').map((l) => `  ${l}`)] : []),
    'tools:',
    '  - type: agent_toolset_20260401',
    'limits: { max_turns: 1000, max_tokens: 2000000000, max_cost_usd: 1000000, timeout_minutes: 120 }',
    '',
  ].join('\n');
}

/** The tool calls of {@link toolCycleScenario}, in turn: one of each cheap, real tool. */
const CYCLE: Array<(i: number) => ScriptBlock> = [
  () => ({ type: 'tool_use', name: 'read', input: { file_path: 'src/math.js' } }),
  (i) => ({ type: 'tool_use', name: 'bash', input: { command: `echo step ${i}` } }),
  () => ({ type: 'tool_use', name: 'glob', input: { pattern: '**/*.js' } }),
  () => ({ type: 'tool_use', name: 'grep', input: { pattern: 'add', path: 'src' } }),
];

/**
 * `turns` model turns: each but the last says a sentence and calls one tool (read, bash, glob,
 * grep in rotation); the last answers. One tool per turn, so tool times never overlap.
 */
export function toolCycleScenario(turns: number): Scenario {
  return defineScenario({
    name: `tool-cycle-${turns}`,
    turns: repeatTurns(turns, (i) =>
      i === turns - 1
        ? { content: 'All steps are done; nothing needs to change.' }
        : {
            content: [
              { type: 'text', text: `Step ${i}: checking the next thing.` },
              (CYCLE[i % CYCLE.length] as (i: number) => ScriptBlock)(i),
            ],
          },
    ),
  });
}

/**
 * Whether a request is Steward's summarizing compaction (src/session/compaction.ts): it forbids
 * tools (`tool_choice: none`) and asks for a summary of the conversation.
 */
export function isCompactionRequest(body: Record<string, unknown>): boolean {
  return (body.tool_choice as { type?: string } | undefined)?.type === 'none';
}

/** What the scripted model answers to a compaction request. */
export const COMPACTION_SUMMARY =
  'Summary: the task is to read big.txt repeatedly; every read so far succeeded and returned the same content. Next step: keep reading.';

/**
 * `turns` model turns that each read `file` whole (a large tool output), then an answer. Long
 * enough to make the session compact; the script answers compaction requests with a summary
 * (they do not count as turns of the task), so it has room for one per turn, and `compactions()`
 * tells how many came. Answered by turn functions; play it once (it keeps count).
 */
export function largeOutputScenario(
  turns: number,
  file: string,
): { scenario: Scenario; compactions: () => number } {
  let done = 0;
  let compactions = 0;
  const turn = ({ body }: TurnRequest): TurnSpec => {
    if (isCompactionRequest(body)) {
      compactions += 1;
      return { content: COMPACTION_SUMMARY };
    }
    done += 1;
    return done >= turns
      ? { content: 'Read everything.' }
      : { content: [{ type: 'tool_use', name: 'read', input: { file_path: file } }] };
  };
  return {
    scenario: defineScenario({ name: `large-output-${turns}`, turns: repeatTurns(2 * turns, () => turn) }),
    compactions: () => compactions,
  };
}

/** One turn: the model answers at once. */
export function oneTurnScenario(): Scenario {
  return defineScenario({ name: 'one-turn', turns: [{ content: 'add() returns the sum; nothing to do.' }] });
}

/** Tool names and inputs of one harness for the side-by-side task. */
export interface HarnessTools {
  read: (file: string) => ScriptBlock;
  bash: (command: string) => ScriptBlock;
  /** Name of a tool only the harness's main loop offers (side requests lack it). */
  marker: string;
}

/** Steward's agent toolset: paths relative to the workspace. */
export const STEWARD_TOOLS: HarnessTools = {
  read: (file) => ({ type: 'tool_use', name: 'read', input: { file_path: file } }),
  bash: (command) => ({ type: 'tool_use', name: 'bash', input: { command } }),
  marker: 'read',
};

/** Claude Code's tools: `Read` wants an absolute path, `Bash` a description. */
export function claudeCodeTools(workspace: string): HarnessTools {
  return {
    read: (file) => ({ type: 'tool_use', name: 'Read', input: { file_path: join(workspace, file) } }),
    bash: (command) => ({
      type: 'tool_use',
      name: 'Bash',
      input: { command, description: 'Run the tests' },
    }),
    marker: 'Read',
  };
}

/** The final answer of the side-by-side task. */
export const TASK_ANSWER = 'add() is correct and both tests pass; nothing needs to change.';

/** The side-by-side task, as given to both harnesses. */
export const TASK_PROMPT = 'Check that add() in src/math.js is correct: read it, run the tests, and report.';

function countToolResults(body: Record<string, unknown>): number {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  let n = 0;
  for (const m of messages as Array<{ content?: unknown }>) {
    if (Array.isArray(m.content))
      n += (m.content as Array<{ type?: string }>).filter((b) => b.type === 'tool_result').length;
  }
  return n;
}

function offers(body: Record<string, unknown>, name: string): boolean {
  return Array.isArray(body.tools) && (body.tools as Array<{ name?: string }>).some((t) => t.name === name);
}

/**
 * The side-by-side task for one harness: read src/math.js, run the tests, answer. Each turn is
 * chosen from the request itself (how many tool results it carries), so side requests a harness
 * makes on its own (titles, quota probes: requests without the harness's tools) get a short
 * answer without derailing the script. `sideRequests` counts them.
 */
export function sideBySideScenario(
  tools: HarnessTools,
  turns = 30,
): { scenario: Scenario; sideRequests: () => number } {
  let side = 0;
  const turn = ({ body }: TurnRequest): TurnSpec => {
    if (!offers(body, tools.marker)) {
      side += 1;
      return { content: 'ok' };
    }
    const done = countToolResults(body);
    if (done === 0)
      return { content: [{ type: 'text', text: 'Reading the module.' }, tools.read('src/math.js')] };
    if (done === 1) return { content: [tools.bash('node --test 2>&1 | tail -n 8')] };
    return { content: TASK_ANSWER };
  };
  return {
    scenario: defineScenario({ name: 'side-by-side', turns: repeatTurns(turns, () => turn) }),
    sideRequests: () => side,
  };
}

/** Writes the demo project (a module, its tests, package.json) into `dir` plus `extra` files. */
export function writeProject(dir: string, extra: Record<string, string> = {}): string {
  const files = { ...BASE_FILES, ...extra };
  for (const [path, text] of Object.entries(files)) {
    if (path.startsWith('.github/')) continue;
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** `bytes` of source-like text (numbered lines), for large tool outputs. */
export function filler(bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `export const value${i} = compute(${i}, 'padding text for a realistic line length');\n`;
    lines.push(line);
    size += line.length;
  }
  return lines.join('').slice(0, bytes);
}
