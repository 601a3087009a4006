/**
 * Turn expectations: checks a request body against a {@link TurnExpectation} and explains every
 * failed check as "expected … / actual …", so a failing test says what the harness sent.
 */
import { blockText } from './tokens.ts';
import type { TurnExpectation } from './types.ts';

const MAX_SHOWN = 400;

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function blocksOf(content: unknown): Record<string, unknown>[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) return [];
  return content.map(asRecord).filter((b): b is Record<string, unknown> => b !== undefined);
}

function messagesOf(body: Record<string, unknown>): Record<string, unknown>[] {
  return Array.isArray(body.messages)
    ? body.messages.map(asRecord).filter((m): m is Record<string, unknown> => m !== undefined)
    : [];
}

/** The system prompt text: `system` (string or text blocks) plus any `role: system` messages. */
export function systemText(body: Record<string, unknown>): string {
  const parts = blocksOf(body.system).map(blockText);
  for (const message of messagesOf(body)) {
    if (message.role === 'system') parts.push(...blocksOf(message.content).map(blockText));
  }
  return parts.join('\n');
}

/** Text of the last `user` message's text blocks (tool results excluded); undefined if no user message. */
export function lastUserText(body: Record<string, unknown>): string | undefined {
  const last = messagesOf(body)
    .filter((m) => m.role === 'user')
    .at(-1);
  if (!last) return undefined;
  return blocksOf(last.content)
    .filter((b) => b.type === 'text')
    .map(blockText)
    .join('\n');
}

/** The last `tool_result` block anywhere in `messages`, if any. */
export function lastToolResult(body: Record<string, unknown>): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  for (const message of messagesOf(body)) {
    for (const block of blocksOf(message.content)) if (block.type === 'tool_result') found = block;
  }
  return found;
}

/** Names of the offered tools (`tools[].name`), in request order. */
export function toolNames(body: Record<string, unknown>): string[] {
  if (!Array.isArray(body.tools)) return [];
  return body.tools
    .map(asRecord)
    .map((t) => t?.name)
    .filter((n): n is string => typeof n === 'string');
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value ?? null);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}… (${text.length} chars)` : text;
}

function list(value: string | string[]): string[] {
  return typeof value === 'string' ? [value] : value;
}

function containsCheck(field: string, wanted: string | string[], actual: string | undefined): string[] {
  const missing = list(wanted).filter((w) => actual === undefined || !actual.includes(w));
  if (missing.length === 0) return [];
  return [
    `  ${field}:`,
    `    expected to contain: ${show(missing)}`,
    `    actual:              ${show(actual)}`,
  ];
}

function equalCheck(field: string, wanted: unknown, actual: unknown): string[] {
  if (wanted === actual) return [];
  return [`  ${field}:`, `    expected: ${show(wanted)}`, `    actual:   ${show(actual)}`];
}

/**
 * Check `body` against `expect`. Returns one line group per failed field (empty when all hold),
 * each naming the field, what was expected and what the request had. Never throws.
 */
export function checkExpectation(expect: TurnExpectation, body: Record<string, unknown>): string[] {
  const lines: string[] = [];
  if (expect.model !== undefined) lines.push(...equalCheck('model', expect.model, body.model));
  if (expect.system_contains !== undefined) {
    lines.push(...containsCheck('system_contains', expect.system_contains, systemText(body)));
  }
  if (expect.last_user_text_contains !== undefined) {
    lines.push(
      ...containsCheck('last_user_text_contains', expect.last_user_text_contains, lastUserText(body)),
    );
  }
  const result = lastToolResult(body);
  if (expect.last_tool_result_contains !== undefined) {
    const text = result ? blockText(result) : undefined;
    lines.push(...containsCheck('last_tool_result_contains', expect.last_tool_result_contains, text));
  }
  if (expect.last_tool_result_is_error !== undefined) {
    const actual = result ? result.is_error === true : undefined;
    lines.push(...equalCheck('last_tool_result_is_error', expect.last_tool_result_is_error, actual));
  }
  const names = toolNames(body);
  if (expect.tools_include !== undefined) {
    const missing = expect.tools_include.filter((n) => !names.includes(n));
    if (missing.length > 0) {
      lines.push('  tools_include:', `    missing: ${show(missing)}`, `    actual:  ${show(names)}`);
    }
  }
  if (expect.tools_exclude !== undefined) {
    const present = expect.tools_exclude.filter((n) => names.includes(n));
    if (present.length > 0) {
      lines.push('  tools_exclude:', `    present: ${show(present)}`, `    actual:  ${show(names)}`);
    }
  }
  if (expect.max_tokens_at_least !== undefined) {
    const actual = body.max_tokens;
    if (typeof actual !== 'number' || actual < expect.max_tokens_at_least) {
      lines.push(
        '  max_tokens_at_least:',
        `    expected: >= ${expect.max_tokens_at_least}`,
        `    actual:   ${show(actual)}`,
      );
    }
  }
  if (expect.message_count !== undefined) {
    const actual = Array.isArray(body.messages) ? body.messages.length : undefined;
    lines.push(...equalCheck('message_count', expect.message_count, actual));
  }
  if (expect.stream !== undefined) lines.push(...equalCheck('stream', expect.stream, body.stream === true));
  return lines;
}
