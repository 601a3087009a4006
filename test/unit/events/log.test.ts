import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEventLog, repairEventLog } from '../../../src/events/log.ts';

const line = (id: string) =>
  `${JSON.stringify({ id, type: 'session.status_running', processed_at: '2026-11-21T10:00:00Z' })}\n`;

describe('repairEventLog', () => {
  const file = () => join(mkdtempSync(join(tmpdir(), 'steward-log-')), 'events.jsonl');

  it('cuts a torn last line so the log can be continued', () => {
    const path = file();
    writeFileSync(path, line('a') + line('b'));
    appendFileSync(path, '{"id":"c","ty');
    expect(repairEventLog(path)).toBe(true);
    appendFileSync(path, line('d'));
    const log = readEventLog(path);
    expect(log.tornTail).toBe(false);
    expect(log.events.map((e) => e.id)).toEqual(['a', 'b', 'd']);
  });

  it('cuts a complete last line that does not parse', () => {
    const path = file();
    writeFileSync(path, `${line('a')}{"id":\n`);
    expect(repairEventLog(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(line('a'));
  });

  it('leaves an intact or missing log alone', () => {
    const path = file();
    expect(repairEventLog(path)).toBe(false);
    writeFileSync(path, line('a'));
    expect(repairEventLog(path)).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe(line('a'));
  });
});
