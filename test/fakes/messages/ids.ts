/**
 * Deterministic ids in the API's shapes (`msg_01…`, `toolu_01…`, `req_01…`): a counter per kind,
 * per server, so the same scenario always yields the same ids. Real ids are opaque base62 of the
 * same length (24 characters after the prefix); ours read `01FAKE` followed by a zero-padded count.
 */
export class IdSource {
  #counts = new Map<string, number>();

  /** Next id for `prefix` (e.g. `msg`), starting at 1. */
  next(prefix: 'msg' | 'toolu' | 'req'): string {
    const n = (this.#counts.get(prefix) ?? 0) + 1;
    this.#counts.set(prefix, n);
    return `${prefix}_01FAKE${String(n).padStart(18, '0')}`;
  }

  /** Restart every counter at 1. */
  reset(): void {
    this.#counts.clear();
  }
}
