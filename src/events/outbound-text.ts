/**
 * Outbound text: what Steward posts to GitHub, redacted and with links and images to foreign hosts
 * neutralized (DESIGN section 5, invariant 4). Split from redact.ts, which handles the secrets.
 */
import type { RedactionHit, Redactor } from './redact.ts';

/**
 * Hosts whose links and images may stay in text posted to GitHub: GitHub itself and its content
 * hosts. A request to them tells an attacker nothing, because only GitHub sees it. Entries are
 * exact hosts or `*.` suffix patterns.
 */
export const DEFAULT_OUTBOUND_HOSTS: readonly string[] = [
  'github.com',
  '*.github.com',
  '*.githubusercontent.com',
];

/** A link or image taken out of outbound text. */
export interface NeutralizedLink {
  kind: 'image' | 'link' | 'html' | 'url' | 'reference';
  /** Host the URL pointed at (`?` when it had none that could be parsed). */
  host: string;
}

/** What {@link redactOutbound} made of a text. */
export interface OutboundText {
  /** The text to send. */
  text: string;
  /** Secrets replaced (record them as a `steward.redaction` event with {@link redactionEvent}). */
  hits: RedactionHit[];
  /** Links and images neutralized. */
  neutralized: NeutralizedLink[];
}

/** Options of {@link redactOutbound}. */
export interface OutboundOptions {
  /**
   * Hosts links and images may point at, replacing {@link DEFAULT_OUTBOUND_HOSTS}; pass the
   * defaults plus the repository's own server host on GitHub Enterprise Server.
   */
  allowedHosts?: readonly string[];
}

/**
 * Prepares text for GitHub (comment, review and review-comment bodies, pull-request titles and
 * bodies, commit messages, check-run titles/summaries/text, labels, the job summary): redacts
 * secrets with `redactor`, then neutralizes what would send a request or a click to a host outside
 * the allowlist, because GitHub fetches images (through its camo proxy) as soon as a page
 * renders, and the URL itself can carry data out (DESIGN section 5, invariant 4):
 * - markdown images (inline and reference-style) and HTML media tags become
 *   `[image removed: host]`;
 * - markdown and HTML links keep their text, followed by the URL as inline code;
 * - link reference definitions point at `#link-removed`;
 * - bare and angle-bracket URLs become inline code (outside code blocks, where they are inert).
 * Relative links (same repository) and `#anchors` are kept. HTML entities in URLs are decoded
 * before the host is judged, as GitHub's renderer does.
 */
export function redactOutbound(
  text: string,
  redactor: Redactor,
  options: OutboundOptions = {},
): OutboundText {
  const { text: redacted, hits } = redactor.redactText(text);
  const allowed = options.allowedHosts ?? DEFAULT_OUTBOUND_HOSTS;
  const neutralized: NeutralizedLink[] = [];
  const out = neutralizeLinks(redacted, allowed, neutralized);
  return { text: out, hits, neutralized };
}

const NAMED_ENTITIES: Record<string, string> = {
  colon: ':',
  sol: '/',
  period: '.',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  commat: '@',
  num: '#',
  quest: '?',
  equals: '=',
  bsol: '\\',
  Tab: '\t',
  NewLine: '\n',
};

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (m, body: string) => {
    if (body[0] === '#') {
      const code =
        body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return NAMED_ENTITIES[body] ?? m;
  });
}

/** Whether `host` matches one of `allowed` (exact, or `*.suffix` for strict subdomains). */
function hostAllowed(host: string, allowed: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return allowed.some((pattern) => {
    const p = pattern.toLowerCase();
    return p.startsWith('*.') ? h.endsWith(p.slice(1)) && h.length > p.length - 1 : h === p;
  });
}

/**
 * Judges one URL as a browser would read it: `null` when it stays inside GitHub (relative path,
 * `#anchor`, an allowed host, `mailto:`), else the host it leads to (`?` when unparseable).
 */
function foreignHost(rawUrl: string, allowed: readonly string[]): string | null {
  // Browsers drop tabs and newlines in URLs and treat backslashes like slashes.
  const url = decodeEntities(rawUrl.trim())
    .replace(/[\t\n\r]/g, '')
    .replace(/\\/g, '/');
  if (url === '' || url.startsWith('#')) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined && !url.startsWith('//')) return null; // relative to the repository
  if (scheme === 'mailto') return null;
  try {
    const parsed = new URL(url.startsWith('//') ? `https:${url}` : url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return parsed.protocol;
    return hostAllowed(parsed.hostname, allowed) ? null : parsed.hostname || '?';
  } catch {
    return '?';
  }
}

/** `url` as inline code: shown, not fetched, not clickable. */
function asCode(url: string): string {
  return `\`${url.replace(/`/g, '%60').replace(/[\r\n]/g, '')}\``;
}

const URL_ATTRIBUTES =
  /\b(?:src|srcset|href|poster|data|action|formaction|background|lowsrc|dynsrc|xlink:href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const MEDIA_TAGS = new Set([
  'img',
  'image',
  'source',
  'video',
  'audio',
  'picture',
  'track',
  'input',
  'embed',
]);

/**
 * One pass over the text, in priority order: an HTML tag, a markdown image, a markdown link, an
 * autolink, a bare URL. `String.replace` does not rescan replacements, so a neutralized URL is
 * never processed twice.
 */
const OUTBOUND_TOKENS = new RegExp(
  [
    // 1: tag name of an HTML tag that can carry a URL (an unterminated tag runs to the end).
    String.raw`<\s*(img|image|source|video|audio|picture|track|input|embed|iframe|object|a|area|form|link|meta|base|svg|use|body|table|td|th)\b[^>]*(?:>|$)`,
    // 2: alt text, 3: URL of a markdown image; 4: link text, 5: URL of a markdown link.
    String.raw`!\[((?:[^\[\]\n]|\[[^\]\n]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)`,
    String.raw`\[((?:[^\[\]\n]|\[[^\]\n]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)`,
    // 6: URL of an autolink.
    String.raw`<((?:https?:)?\/\/[^>\s]*)>`,
    // 7: a bare URL or www. link (GitHub autolinks both).
    String.raw`((?:https?:\/\/|www\.)[^\s<>\x60"'\])]+)`,
  ].join('|'),
  'gi',
);

/** Ranges of fenced code blocks and inline code spans, where bare URLs are inert text. */
function codeRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const fence = /^ {0,3}(`{3,}|~{3,})([^\n]*)$/gm;
  let open: { char: string; len: number; start: number } | undefined;
  for (const m of text.matchAll(fence)) {
    const run = m[1] ?? '';
    const info = m[2] ?? '';
    if (!open) {
      if (run[0] === '`' && info.includes('`')) continue; // not a fence (CommonMark)
      open = { char: run[0] ?? '`', len: run.length, start: m.index };
    } else if (run[0] === open.char && run.length >= open.len && info.trim() === '') {
      ranges.push([open.start, m.index + m[0].length]);
      open = undefined;
    }
  }
  if (open) ranges.push([open.start, text.length]);
  for (const m of text.matchAll(/(`+)[^`]+?\1/g)) ranges.push([m.index, m.index + m[0].length]);
  return ranges;
}

function neutralizeLinks(text: string, allowed: readonly string[], found: NeutralizedLink[]): string {
  // Link reference definitions: `[ref]: url "title"` (used by `![alt][ref]` and `[text][ref]`).
  let out = text.replace(
    /^( {0,3}\[[^\]\n]+\]:[ \t]*)<?([^\s>]+)>?([^\n]*)$/gm,
    (m, head: string, url: string) => {
      const host = foreignHost(url, allowed);
      if (host === null) return m;
      found.push({ kind: 'reference', host });
      return `${head}#link-removed`;
    },
  );
  const code = codeRanges(out);
  const inCode = (at: number) => code.some(([s, e]) => at >= s && at < e);
  out = out.replace(
    OUTBOUND_TOKENS,
    (
      m: string,
      tag: string | undefined,
      alt: string | undefined,
      imageUrl: string | undefined,
      linkText: string | undefined,
      linkUrl: string | undefined,
      autolink: string | undefined,
      bare: string | undefined,
      offset: number,
    ) => {
      if (tag !== undefined) {
        let foreign: string | null = null;
        for (const a of m.matchAll(URL_ATTRIBUTES)) {
          const value = a[1] ?? a[2] ?? a[3] ?? '';
          // srcset holds several "url size" pairs.
          for (const candidate of value.split(',')) {
            const host = foreignHost(candidate.trim().split(/\s+/)[0] ?? '', allowed);
            if (host !== null) foreign ??= host;
          }
        }
        // `style` attributes can load images too (`background:url(...)`).
        const styleUrl = /url\(\s*['"]?([^'")\s]+)/i.exec(m)?.[1];
        if (styleUrl !== undefined) foreign ??= foreignHost(styleUrl, allowed);
        if (foreign === null) return m;
        const name = tag.toLowerCase();
        found.push({ kind: MEDIA_TAGS.has(name) ? 'image' : 'html', host: foreign });
        return MEDIA_TAGS.has(name) ? `[image removed: ${foreign}]` : '';
      }
      if (imageUrl !== undefined) {
        const host = foreignHost(imageUrl, allowed);
        if (host === null) return m;
        found.push({ kind: 'image', host });
        return `[image removed: ${host}]${alt ? ` ${alt}` : ''}`;
      }
      if (linkUrl !== undefined) {
        const host = foreignHost(linkUrl, allowed);
        if (host === null) return m;
        found.push({ kind: 'link', host });
        return `${linkText ?? ''} (${asCode(linkUrl)})`;
      }
      const url = autolink ?? bare ?? '';
      if (bare !== undefined && inCode(offset)) return m;
      const host = foreignHost(url.startsWith('www.') ? `https://${url}` : url, allowed);
      if (host === null) return m;
      found.push({ kind: 'url', host });
      return asCode(url);
    },
  );
  return out;
}
