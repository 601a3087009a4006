/**
 * Turns a resolved scripted turn into the Message the API would send: ids, wire block shapes and
 * usage (computed input side from the prompt-cache simulation, output side from the token rule,
 * then the turn's overrides).
 */
import type { CacheUsage } from './cache.ts';
import type { IdSource } from './ids.ts';
import type { ResolvedTurn } from './scenario.ts';
import type { WireMessage } from './sse.ts';
import { countOutputTokens } from './tokens.ts';
import type { ScriptBlock, WireUsage } from './types.ts';

/** Wire form of a scripted block: ids and signatures filled in, `citations: null` on text. */
export function wireBlock(
  block: ScriptBlock,
  messageId: string,
  index: number,
  ids: IdSource,
): Record<string, unknown> {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text, citations: null };
    case 'thinking':
      return {
        type: 'thinking',
        thinking: block.thinking,
        // Opaque to clients; deterministic so replays compare equal.
        signature: block.signature ?? Buffer.from(`fake-signature:${messageId}:${index}`).toString('base64'),
      };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: block.data };
    case 'tool_use':
      return { type: 'tool_use', id: block.id ?? ids.next('toolu'), name: block.name, input: block.input };
  }
}

/**
 * Build the complete Message for `turn`.
 * @param model the response model (turn, scenario or request model, chosen by the caller).
 * @param input input-side usage from the cache simulation.
 */
export function buildMessage(
  turn: ResolvedTurn,
  model: string,
  input: CacheUsage,
  ids: IdSource,
): WireMessage {
  const id = ids.next('msg');
  const content = turn.content.map((block, index) => wireBlock(block, id, index, ids));
  const override = turn.usage ?? {};
  const forcedCreation = override.cache_creation_input_tokens;
  const usage: WireUsage = {
    input_tokens: override.input_tokens ?? input.input_tokens,
    cache_creation_input_tokens: forcedCreation ?? input.cache_creation_input_tokens,
    cache_read_input_tokens: override.cache_read_input_tokens ?? input.cache_read_input_tokens,
    // A forced creation count has no TTL of its own; report it as 5-minute writes, the default TTL.
    cache_creation:
      forcedCreation === undefined
        ? { ...input.cache_creation }
        : { ephemeral_5m_input_tokens: forcedCreation, ephemeral_1h_input_tokens: 0 },
    output_tokens: override.output_tokens ?? countOutputTokens(content),
    service_tier: 'standard',
  };
  return {
    id,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: turn.stop_reason,
    stop_sequence: null,
    stop_details: null,
    container: null,
    usage,
  };
}
