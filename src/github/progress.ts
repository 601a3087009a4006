/**
 * Throttled publishing of a changing text (the tracking comment while a session runs): at most one
 * write per interval, never two in flight, always the latest state. Secondary rate limits on
 * GitHub punish bursts of writes ("Best practices for using the REST API": wait at least one
 * second between mutative requests), so the interval is a floor, not a schedule.
 */

/** Settings of {@link ThrottledPublisher}. */
export interface PublisherOptions {
  /** Minimum time between two writes, in ms; 0 writes on every change (one at a time). */
  intervalMs: number;
  /** The current text. */
  render: () => string;
  /** Writes a text; a rejection is reported through `warn` and the next change tries again. */
  write: (text: string) => Promise<void>;
  warn: (message: string) => void;
  now?: () => number;
}

/** Publishes the latest state after changes, throttled. */
export class ThrottledPublisher {
  readonly #o: PublisherOptions;
  readonly #now: () => number;
  #last: number;
  #dirty = false;
  #closed = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #inFlight: Promise<void> | null = null;

  constructor(options: PublisherOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    // The initial text was just written by whoever created the comment.
    this.#last = this.#now();
  }

  /** Says the state changed; a write follows within the interval. */
  notify(): void {
    if (this.#closed) return;
    this.#dirty = true;
    this.#schedule();
  }

  /**
   * Stops publishing and waits for a write in flight; pending changes are dropped (the caller writes
   * the final text, which must not be overtaken by a progress write). Idempotent.
   */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#inFlight;
  }

  #schedule(): void {
    // Once closed, no timer either: the write in flight, when it settles, must not arm another.
    if (this.#closed || this.#inFlight || this.#timer || !this.#dirty) return;
    const wait = Math.max(0, this.#last + this.#o.intervalMs - this.#now());
    if (wait === 0) {
      this.#flush();
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#flush();
    }, wait);
    // A pending progress update must never keep the process alive.
    this.#timer.unref?.();
  }

  #flush(): void {
    if (this.#closed || !this.#dirty) return;
    this.#dirty = false;
    this.#last = this.#now();
    this.#inFlight = this.#o
      .write(this.#o.render())
      .catch((err: unknown) =>
        this.#o.warn(`progress update failed: ${err instanceof Error ? err.message : String(err)}`),
      )
      .finally(() => {
        this.#inFlight = null;
        this.#schedule();
      });
  }
}
