import { closeSync, existsSync, mkdirSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SessionEvent } from './types.ts';

/**
 * Append-only writer of `events.jsonl` (DESIGN section 4): one JSON event per line.
 *
 * Each event is written with a synchronous `write(2)` on an `O_APPEND` descriptor before
 * {@link EventLogWriter.append} returns, so the bytes are in the kernel's page cache and survive
 * the process being killed (SIGKILL, runner cancel). A crash can tear at most the line being
 * written; {@link readEventLog} drops such a line. There is no fsync per event: that would only
 * add protection against a machine crash, which loses the runner anyway, at a large cost in
 * throughput.
 */
export class EventLogWriter {
  readonly path: string;
  #fd: number | undefined;
  #transform: (event: SessionEvent) => SessionEvent;

  /**
   * Opens (creating directories as needed) `path` for appending. An existing file is continued,
   * which is how a resumed session extends its log.
   *
   * @param transform applied to each event before it is serialized; the redactor goes here so
   *   no secret reaches the disk.
   * @throws the `fs` error when the file cannot be opened.
   */
  constructor(path: string, transform: (event: SessionEvent) => SessionEvent = (e) => e) {
    this.path = path;
    this.#transform = transform;
    mkdirSync(dirname(path), { recursive: true });
    this.#fd = openSync(path, 'a');
  }

  /** Serializes and appends one event. @throws when the log was closed or the write fails. */
  append(event: SessionEvent): void {
    if (this.#fd === undefined) throw new Error(`event log ${this.path} is closed`);
    writeSync(this.#fd, `${JSON.stringify(this.#transform(event))}\n`);
  }

  /** Closes the descriptor; later appends throw. Idempotent. */
  close(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
  }
}

/** What {@link readEventLog} found. */
export interface EventLogContents {
  events: SessionEvent[];
  /** True when the last line was incomplete (a write torn by a crash) and was dropped. */
  tornTail: boolean;
}

/**
 * Reads `events.jsonl`. A last line that is not terminated by a newline or does not parse is a
 * torn write and is dropped (`tornTail: true`); a bad line anywhere else means the file was
 * altered, and is an error.
 *
 * @throws Error naming the file and line number of a corrupt line in the middle of the log, or
 *   the `fs` error when the file cannot be read.
 */
export function readEventLog(path: string): EventLogContents {
  if (!existsSync(path)) throw new Error(`event log not found: ${path}`);
  return parseEventLog(readFileSync(path, 'utf8'), path);
}

/** {@link readEventLog} over text already in memory; `source` names it in errors. */
export function parseEventLog(text: string, source: string): EventLogContents {
  const lines = text.split('\n');
  const complete = text.endsWith('\n');
  // The final element after split is '' for a complete file, or the torn fragment otherwise.
  const last = lines.pop() ?? '';
  const events: SessionEvent[] = [];
  let tornTail = !complete && last.length > 0;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      events.push(JSON.parse(line) as SessionEvent);
    } catch {
      if (i === lines.length - 1 && complete) {
        tornTail = true;
        return;
      }
      throw new Error(`${source}:${i + 1}: not a JSON event; the log was altered or corrupted`);
    }
  });
  return { events, tornTail };
}

/**
 * Cuts a torn last line (a write interrupted by a crash, see {@link readEventLog}) off the file at
 * `path`, so that appending to it continues a valid log. Does nothing when the file is missing or
 * intact; returns whether it cut anything.
 *
 * @throws the `fs` error when the file cannot be read or truncated.
 */
export function repairEventLog(path: string): boolean {
  if (!existsSync(path)) return false;
  const bytes = readFileSync(path);
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] !== 0x0a) end = bytes.lastIndexOf(0x0a) + 1;
  // A complete last line that does not parse is torn too (readEventLog drops it the same way).
  const lastStart = end >= 2 ? bytes.lastIndexOf(0x0a, end - 2) + 1 : 0;
  const lastLine = bytes.subarray(lastStart, end).toString('utf8').trim();
  if (lastLine) {
    try {
      JSON.parse(lastLine);
    } catch {
      end = lastStart;
    }
  }
  if (end === bytes.length) return false;
  truncateSync(path, end);
  return true;
}
