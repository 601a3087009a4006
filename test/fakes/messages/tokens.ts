/**
 * Deterministic, approximate token counting and the rendering of a request into the ordered list
 * of prompt blocks that both counting and the cache simulation walk.
 *
 * Rule (ours, not Anthropic's tokenizer): a piece of text costs `ceil(utf8Bytes / 4)` tokens, at
 * least 1. Which text stands for a block is given by {@link blockText}. A request's input is the sum
 * over its blocks; an answer's output is the sum over its content blocks (at least 1, since the API
 * reports non-zero `output_tokens` even for an empty answer).
 *
 * Render order tools → system → messages follows Anthropic's prompt caching docs
 * ("Prompt caching references the entire prompt - tools, system, and messages (in that order)").
 */

/** Tokens for a string: `max(1, ceil(UTF-8 bytes / 4))`. */
export function countTextTokens(text: string): number {
  return Math.max(1, Math.ceil(Buffer.byteLength(text, 'utf8') / 4));
}

/**
 * JSON with object keys sorted recursively and no whitespace, so equal values always give equal
 * text (used for hashing and counting). Drops `undefined` like `JSON.stringify`.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      out[key] = sortKeys((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}

/** A block without its `cache_control` marker: markers move between requests, content does not. */
export function withoutCacheControl(block: Record<string, unknown>): Record<string, unknown> {
  const { cache_control: _ignored, ...rest } = block;
  return rest;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * The text a block is counted by: `text` for text blocks, `thinking` for thinking blocks,
 * `name` + canonical JSON of `input` for tool_use, the nested content (string or blocks, joined
 * with newlines) for tool_result, and the canonical JSON of the block without `cache_control` for
 * everything else (tool definitions, images, documents, redacted thinking, server tools).
 */
export function blockText(block: Record<string, unknown>): string {
  switch (block.type) {
    case 'text':
      return typeof block.text === 'string' ? block.text : '';
    case 'thinking':
      return typeof block.thinking === 'string' ? block.thinking : '';
    case 'tool_use':
      return `${String(block.name)}${canonicalJson(block.input ?? {})}`;
    case 'tool_result': {
      const content = block.content;
      if (typeof content === 'string') return content;
      if (Array.isArray(content)) {
        return content
          .map((inner) => {
            const rec = asRecord(inner);
            return rec ? blockText(rec) : '';
          })
          .join('\n');
      }
      return '';
    }
    default:
      return canonicalJson(withoutCacheControl(block));
  }
}

/** Tokens of one block by the rule above. */
export function countBlockTokens(block: Record<string, unknown>): number {
  return countTextTokens(blockText(block));
}

/** Where a rendered prompt block came from. */
export type PromptSection = 'tools' | 'system' | 'messages';

/** One block of the rendered prompt, in cache order. */
export interface PromptBlock {
  section: PromptSection;
  /** Message role for `messages` blocks ('user', 'assistant', 'system'); '' otherwise. */
  role: string;
  /** Index of the message in `messages`, or -1. */
  messageIndex: number;
  /** The block, string content normalized to `{type:'text', text}`. */
  block: Record<string, unknown>;
  /** The block's `cache_control`, if it carries one. */
  cacheControl?: Record<string, unknown>;
  tokens: number;
}

function contentBlocks(content: unknown): Record<string, unknown>[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) return [];
  return content.map((b) => asRecord(b)).filter((b): b is Record<string, unknown> => b !== undefined);
}

function toPromptBlock(
  section: PromptSection,
  role: string,
  messageIndex: number,
  block: Record<string, unknown>,
): PromptBlock {
  const cacheControl = asRecord(block.cache_control);
  const result: PromptBlock = { section, role, messageIndex, block, tokens: countBlockTokens(block) };
  if (cacheControl) result.cacheControl = cacheControl;
  return result;
}

/**
 * Render a Messages API request body into prompt blocks: each tool definition, then the system
 * prompt (a string is one block, an array gives one block per element), then every content block of
 * every message (string content is one text block). Non-object entries are skipped.
 */
export function renderPrompt(body: Record<string, unknown>): PromptBlock[] {
  const blocks: PromptBlock[] = [];
  if (Array.isArray(body.tools)) {
    for (const tool of body.tools) {
      const rec = asRecord(tool);
      if (rec) blocks.push(toPromptBlock('tools', '', -1, rec));
    }
  }
  for (const block of contentBlocks(body.system)) blocks.push(toPromptBlock('system', '', -1, block));
  if (Array.isArray(body.messages)) {
    body.messages.forEach((message, index) => {
      const rec = asRecord(message);
      if (!rec) return;
      const role = typeof rec.role === 'string' ? rec.role : '';
      for (const block of contentBlocks(rec.content))
        blocks.push(toPromptBlock('messages', role, index, block));
    });
  }
  return blocks;
}

/** Total input tokens of a request: the sum over {@link renderPrompt}. Used by count_tokens too. */
export function countInputTokens(body: Record<string, unknown>): number {
  return renderPrompt(body).reduce((sum, b) => sum + b.tokens, 0);
}

/** Output tokens of an answer's content blocks: the sum by the rule above, at least 1. */
export function countOutputTokens(content: readonly Record<string, unknown>[]): number {
  return Math.max(
    1,
    content.reduce((sum, block) => sum + countBlockTokens(block), 0),
  );
}
