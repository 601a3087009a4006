/**
 * The subset of the API's own request validation that catches harness bugs: required fields and
 * the pairing of `tool_use` and `tool_result` blocks across consecutive messages. Messages follow
 * the wording of the real 400 `invalid_request_error` answers.
 */

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function blockList(content: unknown): Record<string, unknown>[] {
  if (!Array.isArray(content)) return [];
  return content.map(asRecord).filter((b): b is Record<string, unknown> => b !== undefined);
}

/**
 * Problems of a create (`forCreate`) or count_tokens request body, in request order; empty when
 * valid. Never throws.
 */
export function validateRequest(body: Record<string, unknown>, forCreate: boolean): string[] {
  const problems: string[] = [];
  if (typeof body.model !== 'string' || body.model === '') problems.push('model: Field required');
  if (forCreate && (typeof body.max_tokens !== 'number' || !Number.isInteger(body.max_tokens))) {
    problems.push('max_tokens: Field required');
  }
  if (!Array.isArray(body.messages)) {
    problems.push('messages: Field required');
    return problems;
  }
  if (body.messages.length === 0) problems.push('messages: at least one message is required');
  problems.push(...toolPairingProblems(body.messages));
  return problems;
}

/**
 * Every `tool_use` of an assistant message must be answered by a `tool_result` in the next message
 * (when there is one), and every `tool_result` must answer a `tool_use` of the previous message.
 */
export function toolPairingProblems(messages: unknown[]): string[] {
  const problems: string[] = [];
  let pending: string[] = [];
  let pendingIndex = -1;
  messages.forEach((raw, index) => {
    const message = asRecord(raw);
    const blocks = blockList(message?.content);
    const results = blocks.filter((b) => b.type === 'tool_result');
    const answered = new Set(results.map((b) => String(b.tool_use_id)));
    const unanswered = pending.filter((id) => !answered.has(id));
    if (pending.length > 0 && unanswered.length > 0) {
      problems.push(
        `messages.${pendingIndex}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${unanswered.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
      );
    }
    results.forEach((result) => {
      const id = String(result.tool_use_id);
      if (!pending.includes(id)) {
        const blockIndex = blocks.indexOf(result);
        problems.push(
          `messages.${index}.content.${blockIndex}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
        );
      }
    });
    pending =
      message?.role === 'assistant'
        ? blocks.filter((b) => b.type === 'tool_use').map((b) => String(b.id))
        : [];
    pendingIndex = index;
  });
  return problems;
}
