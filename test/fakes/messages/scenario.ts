/**
 * Scenarios: validation (zod), loading from YAML/JSON files, and builders for generated sessions.
 * The format is documented in `test/fakes/README.md`, section "Messages API scenarios".
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type {
  Scenario,
  ScriptBlock,
  StopReason,
  Turn,
  TurnFunction,
  TurnRequest,
  TurnSpec,
} from './types.ts';

const blockSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), text: z.string() }),
  z.strictObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().optional() }),
  z.strictObject({ type: z.literal('redacted_thinking'), data: z.string() }),
  z.strictObject({
    type: z.literal('tool_use'),
    name: z.string().min(1),
    input: z.record(z.string(), z.unknown()),
    id: z.string().min(1).optional(),
  }),
]);

const faultSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('http'),
    status: z.number().int().min(400).max(599),
    error_type: z.string().optional(),
    message: z.string().optional(),
    retry_after: z.number().min(0).optional(),
    retry_after_ms: z.number().min(0).optional(),
    should_retry: z.boolean().optional(),
  }),
  z.strictObject({ kind: z.literal('reset') }),
  z.strictObject({ kind: z.literal('cut'), after_events: z.number().int().min(0).optional() }),
  z.strictObject({
    kind: z.literal('sse_error'),
    error_type: z.string().optional(),
    message: z.string().optional(),
    after_events: z.number().int().min(0).optional(),
  }),
  z.strictObject({ kind: z.literal('delay'), ms: z.number().min(0) }),
]);

const stringOrList = z.union([z.string(), z.array(z.string())]);

const expectSchema = z.strictObject({
  model: z.string().optional(),
  system_contains: stringOrList.optional(),
  last_user_text_contains: stringOrList.optional(),
  last_tool_result_contains: stringOrList.optional(),
  last_tool_result_is_error: z.boolean().optional(),
  tools_include: z.array(z.string()).optional(),
  tools_exclude: z.array(z.string()).optional(),
  max_tokens_at_least: z.number().int().optional(),
  message_count: z.number().int().min(0).optional(),
  stream: z.boolean().optional(),
});

const stopReasonSchema = z.enum([
  'end_turn',
  'max_tokens',
  'stop_sequence',
  'tool_use',
  'pause_turn',
  'refusal',
  'model_context_window_exceeded',
]);

const turnSpecSchema = z.strictObject({
  label: z.string().optional(),
  // String shorthand becomes one text block first, so block errors point at the block.
  content: z.preprocess(
    (v) => (typeof v === 'string' ? [{ type: 'text', text: v }] : v),
    z.array(blockSchema),
  ),
  stop_reason: stopReasonSchema.optional(),
  model: z.string().optional(),
  usage: z
    .strictObject({
      input_tokens: z.number().int().min(0).optional(),
      output_tokens: z.number().int().min(0).optional(),
      cache_creation_input_tokens: z.number().int().min(0).optional(),
      cache_read_input_tokens: z.number().int().min(0).optional(),
    })
    .optional(),
  expect: expectSchema.optional(),
  faults: z.array(faultSchema).optional(),
  stream_delay_ms: z.number().min(0).optional(),
});

// Turns are checked one by one (functions pass as they are) so that errors point inside the
// offending turn; a zod union would only report "Invalid input" at the turn itself.
const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  model: z.string().optional(),
  turns: z.array(z.unknown()),
});

/** Thrown when a scenario (file or object) does not match the documented format. */
export class ScenarioFormatError extends Error {}

interface Issue {
  path: PropertyKey[];
  message: string;
}

function formatIssues(source: string, issues: readonly Issue[]): string {
  const lines = issues.map((issue) => `  ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
  return `invalid scenario ${source}:\n${lines.join('\n')}`;
}

/**
 * Validate a scenario given as data or code. Function turns pass through unchecked (their results
 * are validated when called).
 * @throws ScenarioFormatError listing every offending path.
 */
export function defineScenario(scenario: Scenario): Scenario {
  return parseScenario(scenario, `'${scenario.name}'`);
}

/**
 * Validate untyped data (e.g. parsed YAML) as a scenario.
 * @param source how to name the data in error messages.
 * @throws ScenarioFormatError listing every offending path.
 */
export function parseScenario(data: unknown, source = '(inline)'): Scenario {
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) throw new ScenarioFormatError(formatIssues(source, parsed.error.issues));
  const issues: Issue[] = [];
  const turns = parsed.data.turns.map((turn, index): Turn => {
    if (typeof turn === 'function') return turn as TurnFunction;
    const spec = turnSpecSchema.safeParse(turn);
    if (spec.success) return spec.data as TurnSpec;
    for (const issue of spec.error.issues)
      issues.push({ path: ['turns', index, ...issue.path], message: issue.message });
    return { content: '' };
  });
  if (issues.length > 0) throw new ScenarioFormatError(formatIssues(source, issues));
  return { ...parsed.data, turns } as Scenario;
}

/**
 * Load a scenario from a `.yaml`, `.yml` or `.json` file (YAML 1.2 parses JSON too). `name`
 * defaults to the file name without extension.
 * @throws ScenarioFormatError when the file is not a valid scenario; fs errors as thrown by node.
 */
export async function loadScenarioFile(path: string): Promise<Scenario> {
  const text = await readFile(path, 'utf8');
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new ScenarioFormatError(`cannot parse scenario ${path}: ${(error as Error).message}`);
  }
  if (data !== null && typeof data === 'object' && !Array.isArray(data) && !('name' in data)) {
    data = { ...data, name: basename(path, extname(path)) };
  }
  return parseScenario(data, path);
}

/** `count` turns made by `make(i)` for i = 0..count-1 (a helper for long generated sessions). */
export function repeatTurns(count: number, make: (index: number) => Turn): Turn[] {
  return Array.from({ length: count }, (_, index) => make(index));
}

/** Options of {@link toolLoopScenario}. */
export interface ToolLoopOptions {
  name?: string;
  model?: string;
  /** Total model turns including the final text answer (≥ 1). */
  turns: number;
  /** Tool called on every turn but the last; default `bash`. */
  tool?: string;
  /** Tool input for turn i; default `{command: "echo step <i>"}`. */
  input?: (index: number) => Record<string, unknown>;
  /** Text emitted before each tool call; default a short deterministic sentence. */
  text?: (index: number) => string;
  /** Final answer text. */
  finalText?: string;
}

/**
 * A session of `turns` model turns: turns 0..n-2 say a line and call one tool, turn n-1 answers
 * with text and `end_turn`. Used by benchmarks (50- and 500-turn sessions) and cache tests.
 */
export function toolLoopScenario(options: ToolLoopOptions): Scenario {
  const tool = options.tool ?? 'bash';
  const input = options.input ?? ((i: number) => ({ command: `echo step ${i}` }));
  const text = options.text ?? ((i: number) => `Step ${i}: running the next command.`);
  const last = options.turns - 1;
  const scenario: Scenario = {
    name: options.name ?? `tool-loop-${options.turns}`,
    turns: repeatTurns(options.turns, (i) =>
      i === last
        ? { content: options.finalText ?? 'All steps are done.' }
        : {
            content: [
              { type: 'text', text: text(i) },
              { type: 'tool_use', name: tool, input: input(i) },
            ],
          },
    ),
  };
  if (options.model !== undefined) scenario.model = options.model;
  return defineScenario(scenario);
}

/** A turn made concrete for one attempt: content normalized to blocks and stop_reason decided. */
export interface ResolvedTurn extends TurnSpec {
  content: ScriptBlock[];
  stop_reason: StopReason;
  label: string;
}

/**
 * Resolve `turn` for one request attempt: call it if it is a function (and validate what it
 * returns), expand string content, default `stop_reason` (`tool_use` when a tool_use block is
 * present, else `end_turn`) and `label` (`turn N`, 1-based).
 * @throws ScenarioFormatError when a turn function returns an invalid turn.
 */
export function resolveTurn(turn: Turn, request: TurnRequest): ResolvedTurn {
  let spec: TurnSpec;
  if (typeof turn === 'function') {
    const parsed = turnSpecSchema.safeParse(turn(request));
    if (!parsed.success) {
      throw new ScenarioFormatError(
        formatIssues(`turn function #${request.turnIndex + 1}`, parsed.error.issues),
      );
    }
    spec = parsed.data as TurnSpec;
  } else {
    spec = turn;
  }
  const content: ScriptBlock[] =
    typeof spec.content === 'string' ? [{ type: 'text', text: spec.content }] : spec.content;
  const stop_reason =
    spec.stop_reason ?? (content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn');
  return { ...spec, content, stop_reason, label: spec.label ?? `turn ${request.turnIndex + 1}` };
}
