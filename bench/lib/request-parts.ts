/** Sizes of the parts of a Messages API request body, in bytes (UTF-8 JSON) and approximate tokens. */
import { renderPrompt } from '../../test/fakes/messages/index.ts';

/** Bytes and tokens of one request's parts. */
export interface RequestParts {
  totalBytes: number;
  systemBytes: number;
  toolsBytes: number;
  messagesBytes: number;
  /** System prompt plus tool definitions: the part every request repeats. */
  fixedBytes: number;
  toolCount: number;
  systemTokens: number;
  toolsTokens: number;
  messagesTokens: number;
  fixedTokens: number;
}

const bytes = (v: unknown) => (v === undefined ? 0 : Buffer.byteLength(JSON.stringify(v)));

/**
 * Measures `body` as sent: each part is the JSON of that field (so markers such as
 * `cache_control` count), tokens by the fake's counter (UTF-8 bytes / 4 per block).
 */
export function requestParts(body: Record<string, unknown>): RequestParts {
  const tokens = { tools: 0, system: 0, messages: 0 };
  for (const block of renderPrompt(body)) tokens[block.section] += block.tokens;
  const systemBytes = bytes(body.system);
  const toolsBytes = bytes(body.tools);
  return {
    totalBytes: bytes(body),
    systemBytes,
    toolsBytes,
    messagesBytes: bytes(body.messages),
    fixedBytes: systemBytes + toolsBytes,
    toolCount: Array.isArray(body.tools) ? body.tools.length : 0,
    systemTokens: tokens.system,
    toolsTokens: tokens.tools,
    messagesTokens: tokens.messages,
    fixedTokens: tokens.system + tokens.tools,
  };
}

/** Claude Code 2.1.328's first request as measured for issue 7 (bytes). */
export const CLAUDE_CODE_REFERENCE = {
  totalBytes: 49.6 * 1000,
  systemBytes: 7.4 * 1000,
  toolsBytes: 31 * 1000,
  fixedBytes: 38.4 * 1000,
  toolCount: 12,
};
