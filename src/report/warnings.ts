/**
 * Warnings a report must carry, read from the session's event log: the session records a
 * `steward.warning` event (with `message`) when it runs in a way the user has to know about, such as
 * `environment.sandbox: none` (src/session/compose.ts). Read from the log rather than the spec, so a
 * continued session shows the warnings of its earlier part, and a session that never ran shows none.
 */
import type { SessionEvent } from '../events/types.ts';

/** The messages of the `steward.warning` events of `events`, each once, in order. */
export function loggedWarnings(events: readonly SessionEvent[]): string[] {
  const out = new Set<string>();
  for (const e of events) {
    const r = e as { type?: unknown; message?: unknown };
    if (r.type === 'steward.warning' && typeof r.message === 'string' && r.message.trim())
      out.add(r.message.trim());
  }
  return [...out];
}
