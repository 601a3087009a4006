import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventLogWriter, readEventLog, repairEventLog } from '../events/log.ts';
import type { SessionEvent } from '../events/types.ts';
import type { SessionResult } from './result.ts';
import { ResumeError } from './resume.ts';
import type { RunSessionOptions } from './run.ts';

// The session's files in its out dir: `events.jsonl` and `session.json` (DESIGN section 4).

/**
 * Opens the log for appending: repairs a torn tail; on resume, continues the same log when it is
 * the resumed one, or copies the history into a new one.
 *
 * @throws ResumeError when the file holds other events than the resumed history, or is corrupt.
 */
export function openLog(path: string, options: RunSessionOptions): EventLogWriter {
  repairEventLog(path);
  const history = options.resume?.events;
  const existing = history ? safeRead(path) : [];
  const log = new EventLogWriter(path, options.transformEvent);
  if (!history) return log;
  if (existing.length === 0) {
    for (const event of history) log.append(event);
  } else if (existing.at(-1)?.id !== history.at(-1)?.id) {
    log.close();
    throw new ResumeError(
      `${path} holds other events than the log being resumed; resume into another --out directory`,
    );
  }
  return log;
}

/** The events already in `path` ([] when there is no file). @throws ResumeError for a corrupt log. */
function safeRead(path: string): SessionEvent[] {
  if (!existsSync(path)) return [];
  try {
    return readEventLog(path).events;
  } catch (err) {
    throw new ResumeError(
      `${err instanceof Error ? err.message : String(err)}; resume into another --out directory`,
    );
  }
}

/**
 * Writes a first `session.json` (status `running`) when the session starts, so a run that is
 * killed still leaves its session id and spec file next to its log for `--resume`.
 */
export function writeRunningSessionJson(options: RunSessionOptions, sessionId: string, started: Date): void {
  const session = {
    id: sessionId,
    type: 'session',
    status: 'running',
    title: options.agent.name,
    agent: { name: options.agent.name, model: { id: options.agent.model }, system: options.agent.system },
    created_at: started.toISOString(),
    updated_at: started.toISOString(),
    steward: { ...options.metadata, session_id: sessionId },
  };
  writeFileSync(join(options.outDir, 'session.json'), `${JSON.stringify(session, null, 2)}\n`);
}

/**
 * Writes `session.json`: the Managed Agents session shape (`id`, `type`, `status`, `agent`,
 * `usage` with `list_cost` in minor units, `stats`) plus the Steward block.
 */
export function writeSessionJson(options: RunSessionOptions, result: SessionResult): void {
  const u = result.usage;
  const session = {
    id: result.session_id,
    type: 'session',
    status: result.stop_reason ? 'idle' : 'terminated',
    title: options.agent.name,
    agent: { name: options.agent.name, model: { id: options.agent.model }, system: options.agent.system },
    usage: {
      input_tokens: u.input_tokens,
      output_tokens: u.output_tokens,
      cache_read_input_tokens: u.cache_read_input_tokens,
      cache_creation_input_tokens: u.cache_creation_input_tokens,
      list_cost: { amount: String(Math.round(u.cost_usd * 100)), currency: 'USD' },
    },
    stats: { duration_seconds: result.duration_ms / 1000 },
    created_at: result.started_at,
    updated_at: result.ended_at,
    steward: { ...options.metadata, ...result },
  };
  writeFileSync(join(options.outDir, 'session.json'), `${JSON.stringify(session, null, 2)}\n`);
}
