import { randomBytes } from 'node:crypto';
import type { EventInput, EventSink, SessionEvent } from './types.ts';

/** A subscriber: called synchronously, in order, with each stored event. */
export type EventListener = (event: SessionEvent) => void;

/**
 * Returns a new event id: `sevt_` followed by 24 random base32-ish characters, the prefix
 * Managed Agents uses for event ids (research/managed-agents-api.md §1).
 */
export function newEventId(): string {
  return `sevt_${randomBytes(15).toString('base64url')}`;
}

/**
 * Fan-out point between the loop and its listeners (log writer, progress comment, terminal
 * renderer). Listeners run synchronously in subscription order, so the log writer, subscribed
 * first, has the event on disk before anyone else sees it.
 *
 * A listener that throws does not stop the others; its error is kept and rethrown by
 * {@link EventBus.emit} after every listener ran, because a failing log writer must fail the
 * run rather than be silently skipped.
 */
export class EventBus implements EventSink {
  readonly #listeners: EventListener[] = [];
  readonly #now: () => Date;

  /** @param now clock for `processed_at`; tests inject a fixed one. */
  constructor(now: () => Date = () => new Date()) {
    this.#now = now;
  }

  /** Adds `listener`; returns a function that removes it. */
  subscribe(listener: EventListener): () => void {
    this.#listeners.push(listener);
    return () => {
      const i = this.#listeners.indexOf(listener);
      if (i >= 0) this.#listeners.splice(i, 1);
    };
  }

  emit(input: EventInput): SessionEvent {
    const event = {
      ...input,
      id: input.id ?? newEventId(),
      processed_at: this.#now().toISOString(),
    } as SessionEvent;
    let failure: unknown;
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure !== undefined) throw failure;
    return event;
  }
}
