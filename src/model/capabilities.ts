/**
 * What a model supports beyond the basic Messages API, where the harness has to choose between
 * an API feature and its own fallback.
 */

/**
 * Beta header of server-side compaction (the `compact_20260112` context edit).
 *
 * Source: Anthropic docs, "Compaction" (https://platform.claude.com/docs/en/build-with-claude/compaction),
 * read 2026-11-21.
 */
export const SERVER_COMPACTION_BETA = 'compact-2026-01-12';

/** The smallest `trigger.value` (input tokens) the `compact_20260112` edit accepts (same source). */
export const MIN_SERVER_COMPACTION_TRIGGER = 50_000;

/**
 * Model id prefixes with server-side compaction. Source: the "Supported models" list of the
 * Compaction docs (above), read 2026-11-21: Claude Mythos Preview, Opus 4.7, Opus 4.6, Sonnet 4.6.
 * Models not listed get Steward's summarizing request instead, which works on every model; add a
 * prefix here when the docs list a new one.
 */
const SERVER_COMPACTION_MODELS = ['claude-mythos', 'claude-opus-4-7', 'claude-opus-4-6', 'claude-sonnet-4-6'];

/** True when `model` accepts the `compact_20260112` context edit (see the list above). */
export function supportsServerCompaction(model: string): boolean {
  return SERVER_COMPACTION_MODELS.some((prefix) => model === prefix || model.startsWith(`${prefix}-`));
}
