/**
 * Held requests: matching requests are answered normally, but only after a wait, so tests can force
 * an interleaving of a client's writes (a slow write still in flight while a later one lands). Unlike
 * a fault ({@link ./faults.ts}), the request is then handled by its route and changes the state.
 * A hold without `ms` waits until the test calls `release()`, which keeps such tests deterministic.
 */

/** Which requests a delay holds, and for how long. */
export interface DelaySpec {
  /** HTTP method to match (case-insensitive); any method when omitted. */
  method?: string;
  /** Path to match (without the query string): exact string, or a RegExp tested against the path. */
  path: string | RegExp;
  /** How many matching requests to hold; default 1. `Infinity` holds them all. */
  times?: number;
  /** Hold each request this long; when omitted, until {@link InjectedDelay.release}. */
  ms?: number;
}

/** A registered delay: counts, and the signals a test waits on or gives. */
export interface InjectedDelay {
  readonly spec: DelaySpec;
  /** Requests it held (or is holding). */
  hits: number;
  /** How many more requests it will hold. */
  remaining: number;
  /** Resolves once the first matching request has arrived and is being held. */
  readonly arrived: Promise<void>;
  /** Lets every request this delay holds (and will hold) go on to its route. */
  release(): void;
}

interface DelayState extends InjectedDelay {
  gate: Promise<void>;
  arrive: () => void;
}

/** Holds registered delays and makes matching requests wait. */
export class DelayRegistry {
  readonly #delays: DelayState[] = [];

  /** Registers `spec` and returns its live handle. */
  add(spec: DelaySpec): InjectedDelay {
    let arrive = () => {};
    let release = () => {};
    const delay: DelayState = {
      spec,
      hits: 0,
      remaining: spec.times ?? 1,
      arrived: new Promise<void>((r) => {
        arrive = r;
      }),
      gate: new Promise<void>((r) => {
        release = r;
      }),
      arrive: () => arrive(),
      release: () => release(),
    };
    this.#delays.push(delay);
    return delay;
  }

  /** Releases and removes every delay. */
  clear(): void {
    for (const d of this.#delays.splice(0)) d.release();
  }

  /** Waits as the first matching delay with uses left says; returns at once when none matches. */
  async hold(method: string, path: string): Promise<void> {
    const delay = this.#delays.find(
      (d) =>
        d.remaining > 0 &&
        (d.spec.method === undefined || d.spec.method.toUpperCase() === method) &&
        (typeof d.spec.path === 'string' ? d.spec.path === path : d.spec.path.test(path)),
    );
    if (!delay) return;
    delay.remaining -= 1;
    delay.hits += 1;
    delay.arrive();
    if (delay.spec.ms !== undefined) await new Promise((r) => setTimeout(r, delay.spec.ms));
    else await delay.gate;
  }
}
