import type { SessionEvent } from './types.ts';

/** One replacement made by a {@link Redactor}. */
export interface RedactionHit {
  /** Which rule matched: `secret` (a known value) or a token pattern name. */
  kind: string;
  /** Characters removed. */
  length: number;
}

/**
 * Removes secrets from every string that leaves the runner (DESIGN section 5, invariant 4).
 * Contract shared by the event log writer, the GitHub publishers and the artifact writer.
 */
export interface Redactor {
  /** `text` with every secret replaced by `[REDACTED]`, and what was replaced. */
  redactText(text: string): { text: string; hits: RedactionHit[] };
  /** A copy of `event` with every string field redacted. */
  redactEvent(event: SessionEvent): SessionEvent;
}

const MASK = '[REDACTED]';

/**
 * Builds a redactor for the known secret values `secrets` (empty strings ignored). This first
 * version replaces the raw values only; encoded forms and token patterns are added by the trust
 * work (issue 6) behind the same interface.
 */
export function createRedactor(secrets: readonly string[]): Redactor {
  const values = secrets.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  const redactText = (text: string) => {
    const hits: RedactionHit[] = [];
    let out = text;
    for (const value of values) {
      if (!out.includes(value)) continue;
      const parts = out.split(value);
      for (let i = 1; i < parts.length; i++) hits.push({ kind: 'secret', length: value.length });
      out = parts.join(MASK);
    }
    return { text: out, hits };
  };
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return redactText(value).text;
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    }
    return value;
  };
  return { redactText, redactEvent: (event) => walk(event) as SessionEvent };
}
