import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { newEventId } from './bus.ts';
import type { SessionEvent, StewardNamespaceEvent } from './types.ts';

/** One replacement made by a {@link Redactor}. */
export interface RedactionHit {
  /**
   * Which rule matched. Known secret values: `secret` (raw), `secret:base64`, `secret:base64url`,
   * `secret:hex`, `secret:url`, `secret:reversed`, `secret:split` (broken up by whitespace or
   * quotes), `secret:partial` (a piece of at least 60 % of it, e.g. without its prefix). Token patterns:
   * `anthropic_key`, `github_token`, `github_pat`, `npm_token`, `aws_access_key_id`,
   * `aws_secret_access_key`, `jwt`, `private_key`.
   */
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
  /** A copy of `event` with every string field (and key) redacted. */
  redactEvent(event: SessionEvent): SessionEvent;
  /** A copy of any JSON-like `value` with every string (and key) redacted, and what was replaced. */
  redactValue<T>(value: T): { value: T; hits: RedactionHit[] };
}

/** What replaces a secret. */
export const REDACTION_MASK = '[REDACTED]';

/** Known secret values shorter than this are ignored: they would match ordinary text. */
export const MIN_SECRET_LENGTH = 8;

interface Needle {
  value: string;
  kind: string;
  /** For `secret:partial`: the secret the piece came from and its offset, to extend the match. */
  whole?: string;
  offset?: number;
  /** For `secret:partial`: the shortest grown match that counts. */
  minLength?: number;
}

interface PatternRule {
  kind: string;
  re: RegExp;
  /** Capture group holding the secret part (0 = the whole match). */
  group: number;
}

/**
 * Token shapes redacted even when their value is not known to Steward, from the issuers' own
 * documentation: Anthropic API keys (`sk-ant-`), GitHub tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`,
 * `ghr_`; "About authentication to GitHub", token formats) and fine-grained PATs (`github_pat_`),
 * npm tokens (`npm_`), AWS access key ids (`AKIA`/`ASIA`/… + 16, IAM "unique identifiers") and
 * secret keys next to their variable name, JSON Web Tokens (three base64url parts, the first two
 * JSON objects: `eyJ`), and PEM private keys.
 */
const PATTERNS: readonly PatternRule[] = [
  { kind: 'anthropic_key', re: /sk-ant-[A-Za-z0-9_-]{16,}/g, group: 0 },
  { kind: 'github_pat', re: /github_pat_[A-Za-z0-9_]{30,}/g, group: 0 },
  { kind: 'github_token', re: /\bgh[pousr]_[A-Za-z0-9]{30,}/g, group: 0 },
  { kind: 'npm_token', re: /\bnpm_[A-Za-z0-9]{36}\b/g, group: 0 },
  { kind: 'aws_access_key_id', re: /\b(?:AKIA|ASIA|ABIA|ACCA|AROA|AIDA)[A-Z0-9]{16}\b/g, group: 0 },
  {
    kind: 'aws_secret_access_key',
    re: /aws_?secret_?access_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})/gi,
    group: 1,
  },
  { kind: 'jwt', re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, group: 0 },
  {
    kind: 'private_key',
    re: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
    group: 0,
  },
];

/** Separators an attacker may put between the characters of a secret to split it up. */
const SPLIT_SEPARATOR = '[\\s"\'+,`\\\\]{0,8}';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The parts of base64(`pad` + `secret`) that depend on `secret` alone, for each of the three byte
 * alignments the secret can have inside a longer encoded blob (a credential header encodes
 * `x-access-token:TOKEN`, not `TOKEN`). A base64 character covers 6 bits, so the characters fully
 * inside the secret's bits are stable whatever surrounds it.
 */
function base64Cores(secret: Buffer): Array<{ b64: string; b64url: string }> {
  const cores: Array<{ b64: string; b64url: string }> = [];
  for (let pad = 0; pad < 3; pad++) {
    const encoded = Buffer.concat([Buffer.alloc(pad), secret]).toString('base64');
    const start = Math.ceil((pad * 8) / 6);
    const end = Math.floor(((pad + secret.length) * 8) / 6);
    const core = encoded.slice(start, end);
    if (core.length >= MIN_SECRET_LENGTH) {
      cores.push({ b64: core, b64url: core.replace(/\+/g, '-').replace(/\//g, '_') });
    }
  }
  return cores;
}

function percentEncodeAll(bytes: Buffer, upper: boolean): string {
  let out = '';
  for (const b of bytes) {
    const h = b.toString(16).padStart(2, '0');
    out += `%${upper ? h.toUpperCase() : h}`;
  }
  return out;
}

/** Every literal form of `secret` that is looked for. */
function needlesFor(secret: string): Needle[] {
  const bytes = Buffer.from(secret, 'utf8');
  const needles: Needle[] = [{ value: secret, kind: 'secret' }];
  for (const { b64, b64url } of base64Cores(bytes)) {
    needles.push({ value: b64, kind: 'secret:base64' });
    if (b64url !== b64) needles.push({ value: b64url, kind: 'secret:base64url' });
  }
  const hex = bytes.toString('hex');
  needles.push({ value: hex, kind: 'secret:hex' }, { value: hex.toUpperCase(), kind: 'secret:hex' });
  const uri = encodeURIComponent(secret);
  if (uri !== secret) needles.push({ value: uri, kind: 'secret:url' });
  needles.push(
    { value: percentEncodeAll(bytes, true), kind: 'secret:url' },
    { value: percentEncodeAll(bytes, false), kind: 'secret:url' },
  );
  const reversed = [...secret].reverse().join('');
  if (reversed !== secret) needles.push({ value: reversed, kind: 'secret:reversed' });
  // Pieces, so a secret posted without its prefix (or its last characters) is still caught: any
  // run of at least `piece` characters of it counts. Short secrets get a window at every offset;
  // long ones (a 1–2 KB JWT) windows of half that length at that stride, which any such run must
  // contain, each hit then grown and kept only when it reaches `piece` characters.
  const piece = Math.max(10, Math.ceil(secret.length * 0.6));
  if (secret.length > piece) {
    const short = secret.length <= 60;
    const width = short ? piece : Math.floor(piece / 2);
    const stride = short ? 1 : width;
    for (let offset = 0; offset + width <= secret.length; offset += stride) {
      needles.push({
        value: secret.slice(offset, offset + width),
        kind: 'secret:partial',
        whole: secret,
        offset,
        minLength: piece,
      });
    }
  }
  return needles;
}

interface Range {
  start: number;
  end: number;
  kind: string;
}

/** Replaces `ranges` (possibly overlapping) in `text`; overlapping ranges merge into one hit. */
function applyRanges(text: string, ranges: Range[]): { text: string; hits: RedactionHit[] } {
  if (ranges.length === 0) return { text, hits: [] };
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Range[] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r.start <= last.end) {
      if (r.end > last.end) last.end = r.end;
    } else {
      merged.push({ ...r });
    }
  }
  let out = '';
  let at = 0;
  const hits: RedactionHit[] = [];
  for (const r of merged) {
    out += text.slice(at, r.start) + REDACTION_MASK;
    at = r.end;
    hits.push({ kind: r.kind, length: r.end - r.start });
  }
  return { text: out + text.slice(at), hits };
}

/**
 * Builds a redactor for the known secret values `secrets` (shorter than
 * {@link MIN_SECRET_LENGTH}, e.g. empty, ignored) that also redacts the token patterns of
 * {@link PATTERNS}. Each value is looked for raw and as its base64 (standard and URL alphabet, at
 * every byte alignment), lower- and upper-case hex, URL-encoded, reversed, split by whitespace or
 * quotes, and as any piece of at least 60 % of it (10 characters or more).
 *
 * Limits: a secret transformed otherwise (ROT13, compressed, spelled out, spread over several
 * outputs) is not recognised; SECURITY.md lists this among the known limits.
 */
export function createRedactor(secrets: readonly string[]): Redactor {
  const values = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))];
  const needles = values.flatMap(needlesFor).sort((a, b) => b.value.length - a.value.length);
  // Split forms are looked for in secrets up to 512 characters (one regex atom per character).
  const split = values
    .filter((v) => v.length <= 512)
    .map((secret) => ({
      secret,
      re: new RegExp([...secret].map(escapeRegExp).join(SPLIT_SEPARATOR), 'g'),
    }));

  const redactText = (text: string): { text: string; hits: RedactionHit[] } => {
    if (text.length === 0) return { text, hits: [] };
    const ranges: Range[] = [];
    for (const n of needles) {
      let from = text.indexOf(n.value);
      while (from >= 0) {
        let start = from;
        let end = from + n.value.length;
        if (n.whole !== undefined && n.offset !== undefined) {
          // Grow a piece to as much of the secret as is there.
          let o = n.offset;
          while (start > 0 && o > 0 && text[start - 1] === n.whole[o - 1]) {
            start--;
            o--;
          }
          let e = n.offset + n.value.length;
          while (end < text.length && e < n.whole.length && text[end] === n.whole[e]) {
            end++;
            e++;
          }
          if (end - start < (n.minLength ?? 0)) {
            from = text.indexOf(n.value, from + 1);
            continue;
          }
        }
        ranges.push({ start, end, kind: n.kind });
        from = text.indexOf(n.value, from + 1);
      }
    }
    for (const { secret, re } of split) {
      re.lastIndex = 0;
      for (const m of text.matchAll(re)) {
        if (m[0].length === secret.length) continue; // the raw value, already a `secret` hit
        ranges.push({ start: m.index, end: m.index + m[0].length, kind: 'secret:split' });
      }
    }
    for (const rule of PATTERNS) {
      rule.re.lastIndex = 0;
      for (const m of text.matchAll(rule.re)) {
        const part = m[rule.group] ?? m[0];
        const start = m.index + (rule.group === 0 ? 0 : m[0].lastIndexOf(part));
        ranges.push({ start, end: start + part.length, kind: rule.kind });
      }
    }
    // Kinds of merged ranges: the widest rule that started the range names it.
    return applyRanges(text, ranges);
  };

  const redactValue = <T>(value: T): { value: T; hits: RedactionHit[] } => {
    const hits: RedactionHit[] = [];
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') {
        const r = redactText(v);
        hits.push(...r.hits);
        return r.text;
      }
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object') {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [walk(k) as string, walk(x)]));
      }
      return v;
    };
    return { value: walk(value) as T, hits };
  };

  return {
    redactText,
    redactValue,
    redactEvent: (event) => redactValue(event).value,
  };
}

/** Counts of hits per kind, for a `steward.redaction` event (never the secret itself). */
export function summarizeHits(hits: readonly RedactionHit[]): Array<{ kind: string; count: number }> {
  const counts = new Map<string, number>();
  for (const h of hits) counts.set(h.kind, (counts.get(h.kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => ({ kind, count }));
}

/**
 * The `steward.redaction` event that records redactions made in `subject` (an event id and type,
 * or an outbound target such as `comment`). It carries rule names and counts only: no secret, no
 * position, no length that would narrow a guess.
 */
export function redactionEvent(
  hits: readonly RedactionHit[],
  subject: { event_id?: string; event_type?: string; target?: string },
  now: Date = new Date(),
): StewardNamespaceEvent {
  return {
    id: newEventId(),
    type: 'steward.redaction',
    processed_at: now.toISOString(),
    ...subject,
    hits: summarizeHits(hits),
  };
}

/**
 * The `transformEvent` of a session (RunSessionOptions): redacts each event before it is written,
 * and reports the redactions of that event through `record` (compose.ts writes them to the log as
 * `steward.redaction` events, just before the event they concern).
 */
export function redactingTransform(
  redactor: Redactor,
  record: (event: StewardNamespaceEvent) => void,
): (event: SessionEvent) => SessionEvent {
  return (event) => {
    if (event.type === 'steward.redaction') return event;
    const { value, hits } = redactor.redactValue(event);
    if (hits.length > 0) record(redactionEvent(hits, { event_id: event.id, event_type: event.type }));
    return value;
  };
}

/**
 * Appends `event` as one line to the `events.jsonl` at `path`, for events produced beside the
 * session's own bus (redactions, sandbox warnings). Appends are `O_APPEND` writes, so they
 * interleave line by line with the log writer's.
 */
export function appendEventLine(path: string, event: SessionEvent): void {
  appendFileSync(path, `${JSON.stringify(event)}\n`);
}

/**
 * Redacts a JSON or text file in place (e.g. `session.json`, `report.html`) before it is
 * uploaded: every string of a JSON document, or the whole text otherwise. Returns the hits; a
 * missing file is no hit.
 *
 * @throws the `fs` error when the file exists but cannot be read or written.
 */
export function redactFile(path: string, redactor: Redactor): RedactionHit[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  let out: string;
  let hits: RedactionHit[];
  if (path.endsWith('.jsonl')) {
    const lines = text.split('\n').map((line) => {
      if (line.trim() === '') return { line, hits: [] as RedactionHit[] };
      try {
        const r = redactor.redactValue(JSON.parse(line) as unknown);
        return { line: JSON.stringify(r.value), hits: r.hits };
      } catch {
        const r = redactor.redactText(line);
        return { line: r.text, hits: r.hits };
      }
    });
    out = lines.map((l) => l.line).join('\n');
    hits = lines.flatMap((l) => l.hits);
  } else {
    try {
      const r = redactor.redactValue(JSON.parse(text) as unknown);
      out = `${JSON.stringify(r.value, null, 2)}\n`;
      hits = r.hits;
    } catch {
      const r = redactor.redactText(text);
      out = r.text;
      hits = r.hits;
    }
  }
  if (hits.length > 0) writeFileSync(path, out);
  return hits;
}

export {
  DEFAULT_OUTBOUND_HOSTS,
  type NeutralizedLink,
  type OutboundOptions,
  type OutboundText,
  redactOutbound,
} from './outbound-text.ts';
