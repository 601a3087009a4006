/**
 * Prompt-cache simulation, after Anthropic's prompt caching docs
 * (https://platform.claude.com/docs/en/build-with-claude/prompt-caching):
 *
 * - The prompt is rendered tools → system → messages (see `tokens.ts`). A breakpoint is a block
 *   with `cache_control: {type: 'ephemeral', ttl?: '5m' | '1h'}`; a top-level request
 *   `cache_control` (automatic caching) puts one on the last block. At most 4 breakpoints.
 * - Each breakpoint's cache key is a hash of the model and every block up to and including it
 *   (blocks hashed without their `cache_control`, so a marker that moves on does not change the key).
 * - For each breakpoint, the simulator looks for a stored, unexpired prefix at that block or at any
 *   of the 20 block boundaries before it (the documented lookback window). The longest hit over all
 *   breakpoints is read: `cache_read_input_tokens`.
 * - The tokens from the hit (or the start) to the last breakpoint are written:
 *   `cache_creation_input_tokens`, split into `ephemeral_5m` / `ephemeral_1h` by the TTL of the
 *   breakpoint that closes each stretch. Every breakpoint prefix past the hit is stored.
 * - What follows the last breakpoint is `input_tokens`.
 * - A prefix shorter than the model's minimum cacheable length is neither read nor written.
 * - Entries live 5 minutes or 1 hour from their last write or read (reads refresh).
 *
 * Not simulated: invalidation by changes of `tool_choice`, thinking settings or images (those
 * change later blocks in reality, here they do not), per-workspace isolation, and the delay before
 * a fresh entry becomes readable.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, type PromptBlock, withoutCacheControl } from './tokens.ts';
import type { Clock } from './types.ts';

/** Documented cap on `cache_control` blocks per request. */
export const MAX_BREAKPOINTS = 4;
/** Documented number of earlier block boundaries checked for a hit before each breakpoint. */
export const LOOKBACK_BLOCKS = 20;
const TTL_MS = { '5m': 5 * 60_000, '1h': 60 * 60_000 } as const;

/** Cache TTL label as in `CacheControlEphemeral.ttl`. */
export type CacheTtl = keyof typeof TTL_MS;

/**
 * Minimum cacheable prefix in tokens for a model: 4096 for Opus 4.5–4.8 and Haiku 4.5, 2048 for
 * Sonnet 4.6 and the Fable 5 family, 1024 otherwise (figures given by the project's spec of this
 * fake, following the prompt caching docs' table). Matching is by substring of the model id, so
 * dated ids (`claude-haiku-4-5-20251001`) match too.
 */
export function minCacheableTokens(model: string): number {
  if (/opus-4-[5-8]|haiku-4-5/.test(model)) return 4096;
  if (/sonnet-4-6|fable-5/.test(model)) return 2048;
  return 1024;
}

/** Token accounting of one request, as reported in `usage`. */
export interface CacheUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
}

/** Thrown for requests the real API rejects (too many breakpoints, bad TTL). */
export class CacheControlError extends Error {}

interface Entry {
  ttl: CacheTtl;
  expiresAt: number;
}

interface Breakpoint {
  index: number;
  ttl: CacheTtl;
}

function parseTtl(control: Record<string, unknown>, where: string): CacheTtl {
  if (control.type !== 'ephemeral') {
    throw new CacheControlError(`${where}.cache_control.type: Input should be 'ephemeral'`);
  }
  const ttl = control.ttl ?? '5m';
  if (ttl !== '5m' && ttl !== '1h') {
    throw new CacheControlError(`${where}.cache_control.ttl: Input should be '5m' or '1h'`);
  }
  return ttl;
}

/**
 * Breakpoints of a rendered prompt, ascending by block index.
 * @throws CacheControlError when there are more than {@link MAX_BREAKPOINTS} or a marker is malformed.
 */
export function findBreakpoints(blocks: readonly PromptBlock[], topLevel: unknown): Breakpoint[] {
  const byIndex = new Map<number, CacheTtl>();
  blocks.forEach((b, index) => {
    if (b.cacheControl) byIndex.set(index, parseTtl(b.cacheControl, `${b.section}[${index}]`));
  });
  if (topLevel !== undefined && topLevel !== null && blocks.length > 0) {
    const last = blocks.length - 1;
    const ttl = parseTtl(topLevel as Record<string, unknown>, 'request');
    if (!byIndex.has(last)) byIndex.set(last, ttl);
  }
  if (byIndex.size > MAX_BREAKPOINTS) {
    throw new CacheControlError(
      `A maximum of ${MAX_BREAKPOINTS} blocks with cache_control may be provided. Found ${byIndex.size}.`,
    );
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([index, ttl]) => ({ index, ttl }));
}

/**
 * Prefix hashes: `result.get(i)` identifies blocks 0..i for `model`, for each i in `at` (every
 * block when `at` is omitted). One running SHA-256 is copied at the wanted positions, so a long
 * conversation costs one digest per wanted position, not one per block.
 */
export function prefixHashes(
  model: string,
  blocks: readonly PromptBlock[],
  at?: ReadonlySet<number>,
): Map<number, string> {
  const hashes = new Map<number, string>();
  const running = createHash('sha256').update(`model:${model}\n`);
  const last = at ? Math.max(-1, ...at) : blocks.length - 1;
  for (let index = 0; index <= last && index < blocks.length; index++) {
    const b = blocks[index]!;
    // One canonical line per block: JSON has no raw newlines, so blocks cannot run into each other.
    running.update(
      `${canonicalJson({ section: b.section, role: b.role, block: withoutCacheControl(b.block) })}\n`,
    );
    if (!at || at.has(index)) hashes.set(index, running.copy().digest('hex'));
  }
  return hashes;
}

/** An in-memory prompt cache with TTLs driven by an injected clock. */
export class PromptCacheSimulator {
  readonly #clock: Clock;
  readonly #entries = new Map<string, Entry>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Number of live (unexpired) entries; for assertions. */
  get size(): number {
    const now = this.#clock.now();
    let live = 0;
    for (const entry of this.#entries.values()) if (entry.expiresAt > now) live++;
    return live;
  }

  /** Forget every entry. */
  clear(): void {
    this.#entries.clear();
  }

  #live(hash: string, now: number): Entry | undefined {
    const entry = this.#entries.get(hash);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.#entries.delete(hash);
      return undefined;
    }
    return entry;
  }

  /**
   * Account one request and update the cache (reads refresh, writes store).
   * @param topLevelCacheControl the request's top-level `cache_control` (automatic caching), if any.
   * @throws CacheControlError for the API's cache_control validation errors; the cache is untouched then.
   */
  process(model: string, blocks: readonly PromptBlock[], topLevelCacheControl?: unknown): CacheUsage {
    const breakpoints = findBreakpoints(blocks, topLevelCacheControl);
    const total = blocks.reduce((sum, b) => sum + b.tokens, 0);
    const usage: CacheUsage = {
      input_tokens: total,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    };
    if (breakpoints.length === 0) return usage;

    const now = this.#clock.now();
    const minimum = minCacheableTokens(model);
    const wanted = new Set<number>();
    for (const bp of breakpoints) {
      for (let j = bp.index; j >= Math.max(0, bp.index - LOOKBACK_BLOCKS); j--) wanted.add(j);
    }
    const hashes = prefixHashes(model, blocks, wanted);
    const prefixTokens: number[] = [];
    let running = 0;
    for (const b of blocks) {
      running += b.tokens;
      prefixTokens.push(running);
    }

    let hit = -1;
    for (const bp of breakpoints) {
      for (let j = bp.index; j >= Math.max(0, bp.index - LOOKBACK_BLOCKS); j--) {
        if (j <= hit) break;
        if (this.#live(hashes.get(j)!, now)) {
          hit = j;
          break;
        }
      }
    }

    const ttlAt = new Map(breakpoints.map((bp) => [bp.index, bp.ttl]));
    let covered = 0;
    if (hit >= 0) {
      covered = prefixTokens[hit]!;
      usage.cache_read_input_tokens = covered;
      // Reading a prefix refreshes it and every cached breakpoint prefix inside it.
      for (const index of [hit, ...breakpoints.map((bp) => bp.index).filter((i) => i < hit)]) {
        const entry = this.#live(hashes.get(index)!, now);
        if (entry) {
          const ttl = ttlAt.get(index) ?? entry.ttl;
          this.#entries.set(hashes.get(index)!, { ttl, expiresAt: now + TTL_MS[ttl] });
        }
      }
    }

    for (const bp of breakpoints) {
      if (bp.index <= hit || prefixTokens[bp.index]! < minimum) continue;
      const written = prefixTokens[bp.index]! - covered;
      if (bp.ttl === '1h') usage.cache_creation.ephemeral_1h_input_tokens += written;
      else usage.cache_creation.ephemeral_5m_input_tokens += written;
      usage.cache_creation_input_tokens += written;
      covered = prefixTokens[bp.index]!;
      this.#entries.set(hashes.get(bp.index)!, { ttl: bp.ttl, expiresAt: now + TTL_MS[bp.ttl] });
    }

    usage.input_tokens = total - covered;
    return usage;
  }
}
