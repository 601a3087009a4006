/**
 * Benchmark 4: the event log. Append throughput through the real path (EventBus stamping id and
 * time, EventLogWriter with its flush policy: one synchronous write(2) per event on an O_APPEND
 * descriptor, no fsync), with and without the redactor; and resume time from a 10,000-event log:
 * read and parse `events.jsonl`, then rebuild the conversation.
 */
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EventBus } from '../src/events/bus.ts';
import { EventLogWriter, readEventLog } from '../src/events/log.ts';
import { createRedactor, redactingTransform } from '../src/events/redact.ts';
import type { EventInput, SessionEvent } from '../src/events/types.ts';
import { conversationRebuilder, sessionEvents } from './lib/events.ts';
import { median, repeat, round, spread, summarize } from './lib/stats.ts';
import { type BenchContext, type BenchResult, metric } from './lib/types.ts';

/** Appends `events` through a bus into a new log at `path`; returns the elapsed ms. */
function appendAll(
  path: string,
  events: readonly EventInput[],
  transform?: (e: SessionEvent) => SessionEvent,
): number {
  rmSync(path, { force: true });
  const t0 = performance.now();
  const writer = new EventLogWriter(path, transform);
  const bus = new EventBus();
  bus.subscribe((e) => writer.append(e));
  for (const e of events) bus.emit(e);
  writer.close();
  return performance.now() - t0;
}

/** Strings (keys included) in a JSON-like value: what the redactor's walk visits. */
function countStrings(v: unknown): number {
  if (typeof v === 'string') return 1;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + countStrings(x), 0);
  if (v && typeof v === 'object') return Object.entries(v).reduce((n, [, x]) => n + 1 + countStrings(x), 0);
  return 0;
}

/** Why redaction dominates the append path: its fixed cost per string, times the strings per event. */
function redactionCost(
  redactor: ReturnType<typeof createRedactor>,
  events: readonly EventInput[],
  redactedRate: number,
  plainRate: number,
): string {
  const short = 'span.model_request_end';
  const n = 20_000;
  redactor.redactText(short);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) redactor.redactText(short);
  const perShortUs = ((performance.now() - t0) / n) * 1000;
  const strings =
    events.reduce((a, e) => a + countStrings({ ...e, id: 'sevt_x', processed_at: 'x' }), 0) / events.length;
  const perEventUs = 1e6 / redactedRate - 1e6 / plainRate;
  return (
    `Redaction costs ${round(perEventUs, 0)} µs per event (${round(redactedRate, 0)} against ${round(plainRate, 0)} events/s without it). ` +
    `It walks every string of the event, keys included — ${round(strings, 1)} per event here — and even a ${short.length}-character one costs ${round(perShortUs, 1)} µs ` +
    '(every needle searched, every token pattern run). Fix in src/events/redact.ts: do not walk the keys of the event envelope (only inside tool inputs), return at once for strings ' +
    "shorter than the shortest needle and pattern, and test the token patterns with one combined regex (or a literal prefilter such as 'ghp_', 'sk-ant-', 'AKIA', 'eyJ') before running each."
  );
}

/** Runs the benchmark; see the module comment. */
export async function benchEventLog(ctx: BenchContext): Promise<BenchResult> {
  const appendEvents = ctx.quick ? 2_000 : 20_000;
  const resumeEvents = ctx.quick ? 1_000 : 10_000;
  const reps = ctx.quick ? 2 : 7;
  const turnsFor = (n: number) => Math.ceil((n - 2) / 5);
  const events = [...sessionEvents(turnsFor(appendEvents))].slice(0, appendEvents);
  const path = join(ctx.tmp, 'append.jsonl');

  ctx.log(`event log: appending ${appendEvents} events × ${reps}`);
  appendAll(path, events.slice(0, 500)); // warm the code paths once
  const plain = await repeat(reps, async () => appendAll(path, events));
  const bytes = statSync(path).size;
  const redactor = createRedactor(['sk-ant-bench-secret-value-0123456789', 'ghs_benchtokenvalue0123456789']);
  // As the session composes it (src/session/compose.ts): the Action's redactor as transformEvent.
  const transform = redactingTransform(redactor, () => {});
  const redacted = await repeat(reps, async () => appendAll(path, events, transform));
  const rate = (ms: number[]) => summarize(ms.map((t) => (appendEvents / t) * 1000));

  ctx.log(`event log: resume from ${resumeEvents} events × ${reps}`);
  const logPath = join(ctx.tmp, 'resume.jsonl');
  appendAll(logPath, [...sessionEvents(turnsFor(resumeEvents))].slice(0, resumeEvents));
  const logBytes = statSync(logPath).size;
  const rebuild = await conversationRebuilder();
  let source = '';
  let messageCount = 0;
  const readMs: number[] = [];
  const resumeMs = await repeat(reps, async () => {
    const t0 = performance.now();
    const { events: read } = readEventLog(logPath);
    const t1 = performance.now();
    const rebuilt = rebuild(read);
    const t2 = performance.now();
    if (read.length !== resumeEvents) throw new Error(`read ${read.length} of ${resumeEvents} events`);
    readMs.push(t1 - t0);
    source = rebuilt.source;
    messageCount = rebuilt.messages.length;
    return t2 - t0;
  });
  const expectedMessages = 1 + 2 * turnsFor(resumeEvents);
  if (messageCount < expectedMessages - 2)
    throw new Error(`rebuilt ${messageCount} messages, expected about ${expectedMessages}`);

  const plainRate = rate(plain);
  const redactedRate = rate(redacted);
  const resume = summarize(resumeMs);
  const notes = [
    `Events are the loop's per-turn sequence (span start/end, agent.message, agent.tool_use, agent.tool_result) with tool outputs of 400 B (70 %), 4 KiB (25 %) and 32 KiB (5 %): ` +
      `${appendEvents} events, ${round(bytes / 2 ** 20, 1)} MiB per log. Medians over ${reps} runs in this process, after one warm-up.`,
    `Resume: readEventLog (read + JSON.parse per line) then the conversation rebuild from ${source}; ` +
      `${resumeEvents} events (${round(logBytes / 2 ** 20, 1)} MiB) become ${messageCount} messages. ` +
      `Reading is ${round(median(readMs), 1)} ms of the ${round(resume.median, 1)} ms.`,
  ];
  if (redactedRate.median < 20_000 || redactedRate.median < plainRate.median / 3)
    notes.push(redactionCost(redactor, events, redactedRate.median, plainRate.median));
  if (source !== 'src/events/replay.ts')
    notes.push(
      'src/events/replay.ts (replayEvents) was not available; the rebuild is the benchmark’s own minimal one.',
    );
  return {
    id: 'event-log',
    title: 'Event log',
    metrics: [
      metric({
        id: 'append_events_per_s',
        label: 'Append throughput (bus + writer, write(2) per event)',
        value: round(plainRate.median, 0),
        unit: 'events/s',
        target: { op: '>=', value: 20_000 },
        detail: `${spread(plainRate, 0)} · ${round((plainRate.median * bytes) / appendEvents / 2 ** 20, 0)} MiB/s`,
      }),
      metric({
        id: 'append_events_per_s_redacted',
        label: "… through the redactor, as the Action's sessions write (redactingTransform, 2 secrets)",
        value: round(redactedRate.median, 0),
        unit: 'events/s',
        target: { op: '>=', value: 20_000 },
        detail: spread(redactedRate, 0),
      }),
      metric({
        id: 'resume_ms',
        label: `Resume from a ${resumeEvents.toLocaleString('en')}-event log (read + rebuild)`,
        value: round(resume.median, 1),
        unit: 'ms',
        target: { op: '<=', value: 300 },
        detail: spread(resume, 1),
      }),
    ],
    notes,
    details: {
      appendEvents,
      appendBytes: bytes,
      appendMs: summarize(plain),
      appendRedactedMs: summarize(redacted),
      resumeEvents,
      resumeBytes: logBytes,
      resumeMs: resume,
      readMs: summarize(readMs),
      rebuild: source,
      messages: messageCount,
    },
  };
}
