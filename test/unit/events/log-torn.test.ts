import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../src/events/bus.ts';
import { EventLogWriter, readEventLog } from '../../../src/events/log.ts';

function writeLog(n: number): string {
  const path = join(mkdtempSync(join(tmpdir(), 'steward-log-')), 'events.jsonl');
  const writer = new EventLogWriter(path);
  const bus = new EventBus();
  bus.subscribe((e) => writer.append(e));
  for (let i = 0; i < n; i++) bus.emit({ type: 'agent.message', content: [{ type: 'text', text: `m${i}` }] });
  writer.close();
  return path;
}

describe('events.jsonl', () => {
  it('holds one event per line as soon as append returns', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'steward-log-')), 'events.jsonl');
    const writer = new EventLogWriter(path);
    const bus = new EventBus();
    bus.subscribe((e) => writer.append(e));
    const first = bus.emit({ type: 'session.status_running' });
    // Read before close: the bytes are already in the file, which is what survives a SIGKILL.
    expect(readFileSync(path, 'utf8')).toBe(`${JSON.stringify(first)}\n`);
    expect(first.id).toMatch(/^sevt_/);
    writer.close();
  });

  it('drops a torn last line and reports it', () => {
    const path = writeLog(3);
    appendFileSync(path, '{"type":"agent.mess');
    const { events, tornTail } = readEventLog(path);
    expect(tornTail).toBe(true);
    expect(events.map((e) => e.type)).toEqual(['agent.message', 'agent.message', 'agent.message']);
  });

  it('rejects a corrupt line in the middle of the log, naming the line', () => {
    const path = writeLog(1);
    appendFileSync(path, 'not json\n');
    appendFileSync(
      path,
      `${JSON.stringify({ id: 'sevt_x', type: 'session.status_running', processed_at: '' })}\n`,
    );
    expect(() => readEventLog(path)).toThrow(/events\.jsonl:2: not a JSON event/);
  });

  it('continues an existing log when reopened', () => {
    const path = writeLog(2);
    const writer = new EventLogWriter(path);
    writer.append({ id: 'sevt_y', type: 'session.status_running', processed_at: '2026-01-01T00:00:00.000Z' });
    writer.close();
    expect(readEventLog(path).events).toHaveLength(3);
  });
});
