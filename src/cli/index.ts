#!/usr/bin/env node
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readEventLog } from '../events/log.ts';
import { createRedactor } from '../events/redact.ts';
import { taskFromEvent } from '../github/context.ts';
import { buildTaskPrompt } from '../github/prompt.ts';
import { createModelClient } from '../model/client.ts';
import { figuresLine } from '../report/markdown.ts';
import { formatEventLine } from '../report/terminal.ts';
import { composeSession } from '../session/compose.ts';
import { ConfirmationError, type ToolConfirmation } from '../session/permissions.ts';
import { newSessionId, ResumeError, runSession } from '../session/run.ts';
import { type AgentSpec, findSpec, loadSpecDir, loadSpecFile, renderTask, SpecError } from '../spec/index.ts';
import { toolEnvironment } from '../tools/env.ts';
import { newFenceNonce } from '../tools/untrusted.ts';

// Composition root of the `steward` CLI (DESIGN section 6). Exit codes: 0 completed, 1 the session
// ended in error or a budget stop, 2 bad usage or an invalid spec.

const USAGE = `usage:
  steward run [AGENT | --spec FILE] [--task TEXT] [--event-name NAME --event-path FILE]
              [--workspace DIR] [--out DIR] [--model-base-url URL] [--model ID] [--json]
  steward run --resume EVENTS.jsonl [AGENT | --spec FILE] [--task TEXT]
              [--approve TOOL_USE_ID]... [--deny TOOL_USE_ID]... [--deny-message TEXT]
              [--workspace DIR] [--out DIR] [--model-base-url URL] [--model ID] [--json]
  steward validate [FILES...]`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'run') return run(rest);
  if (command === 'validate') return validate(rest);
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
}

async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      spec: { type: 'string' },
      task: { type: 'string' },
      'event-name': { type: 'string' },
      'event-path': { type: 'string' },
      workspace: { type: 'string' },
      out: { type: 'string' },
      'model-base-url': { type: 'string' },
      model: { type: 'string' },
      json: { type: 'boolean', default: false },
      resume: { type: 'string' },
      approve: { type: 'string', multiple: true },
      deny: { type: 'string', multiple: true },
      'deny-message': { type: 'string' },
    },
  });
  const workspace = resolve(values.workspace ?? process.cwd());
  const resumed = values.resume ? loadResume(resolve(values.resume)) : undefined;
  if (!resumed && (values.approve || values.deny)) throw new UsageError('--approve and --deny need --resume');
  const spec = await resolveSpec(workspace, values.spec ?? resumed?.specFile, positionals[0]);
  const apiKey = process.env.ANTHROPIC_API_KEY ?? '';
  const baseURL = values['model-base-url'] ?? process.env.ANTHROPIC_BASE_URL ?? '';
  if (!apiKey && !baseURL) throw new UsageError('ANTHROPIC_API_KEY is not set');
  delete process.env.ANTHROPIC_API_KEY;

  const nonce = newFenceNonce();
  let prompt: string;
  if (resumed) {
    // A resumed session continues its own conversation; a new task is plain text.
    prompt = values.task ?? '';
  } else if (values['event-name'] || values['event-path']) {
    if (!values['event-name'] || !values['event-path'])
      throw new UsageError('--event-name and --event-path go together');
    const payload = JSON.parse(readFileSync(values['event-path'], 'utf8')) as Record<string, unknown>;
    const task = taskFromEvent(values['event-name'], payload);
    const instruction =
      values.task ??
      (spec.task ? renderTask(spec.task, payload).text : `Handle this ${task.event.name} event.`);
    prompt = buildTaskPrompt({ instruction, task, nonce });
  } else {
    const text = values.task ?? spec.task;
    if (!text) throw new UsageError(`no task: pass --task, or give ${spec.source.file} a task`);
    prompt = text;
  }

  const sessionId = resumed?.sessionId ?? newSessionId();
  const outDir = resolve(values.out ?? (resumed ? resumed.dir : join('.steward-out', sessionId)));
  const home = join(tmpdir(), 'steward-home', sessionId);
  mkdirSync(join(home, 'tmp'), { recursive: true });
  const json = values.json;
  const toolEnv = toolEnvironment({ parent: process.env, home });
  const options = composeSession(spec, {
    sessionId,
    prompt,
    workspace,
    outDir,
    toolEnv,
    // Redact the API key from the event log; keep tools out of the user's credential files.
    redactor: createRedactor([apiKey]),
    protect: { runnerTemp: process.env.RUNNER_TEMP, hostHome: process.env.HOME },
    model: createModelClient({ apiKey: apiKey || 'none', ...(baseURL ? { baseURL } : {}) }),
    ...(values.model ? { modelOverride: values.model } : {}),
    nonce,
    listeners: [
      (event) => {
        const line = formatEventLine(event);
        if (line) (json ? process.stderr : process.stdout).write(`${line}\n`);
      },
    ],
  });
  // The first SIGINT/SIGTERM interrupts the session, which stops at a safe point, records
  // `user.interrupt` and goes idle (resumable); a second one kills the process as usual.
  const controller = new AbortController();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => controller.abort(new Error(`the session was interrupted (${sig})`)));
  }
  const confirmations: ToolConfirmation[] = [
    ...(values.approve ?? []).map((id): ToolConfirmation => ({ tool_use_id: id, result: 'allow' })),
    ...(values.deny ?? []).map(
      (id): ToolConfirmation => ({
        tool_use_id: id,
        result: 'deny',
        ...(values['deny-message'] ? { deny_message: values['deny-message'] } : {}),
      }),
    ),
  ];
  const result = await runSession({
    ...options,
    workspace: { dir: workspace, env: toolEnv },
    ...(resumed ? { resume: { events: resumed.events, confirmations } } : {}),
    signal: controller.signal,
  });
  if (json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    process.stdout.write(`\n${result.state} · ${figuresLine(result)}\nevent log: ${result.event_log}\n`);
    if (result.error)
      process.stdout.write(
        `error: ${result.error.message}${result.error.hint ? `\nfix: ${result.error.hint}` : ''}\n`,
      );
    if (result.result) process.stdout.write(`\n${result.result}\n`);
  }
  return result.state === 'completed' || result.state === 'no_changes' ? 0 : 1;
}

/** An earlier session to continue: its events, and what its `session.json` says, if present. */
function loadResume(eventsPath: string): {
  events: ReturnType<typeof readEventLog>['events'];
  dir: string;
  sessionId?: string;
  specFile?: string;
} {
  if (!existsSync(eventsPath)) throw new UsageError(`--resume: no event log at ${eventsPath}`);
  const dir = dirname(eventsPath);
  const { events } = readEventLog(eventsPath);
  const sessionFile = join(dir, 'session.json');
  let session: { id?: string; steward?: { spec_file?: string } } = {};
  if (existsSync(sessionFile)) {
    try {
      session = JSON.parse(readFileSync(sessionFile, 'utf8')) as typeof session;
    } catch {
      // A session.json cut short by a crash: the ids come from elsewhere.
    }
  }
  return {
    events,
    dir,
    ...(session.id ? { sessionId: session.id } : {}),
    ...(session.steward?.spec_file ? { specFile: session.steward.spec_file } : {}),
  };
}

async function resolveSpec(
  workspace: string,
  specFile: string | undefined,
  agent: string | undefined,
): Promise<AgentSpec> {
  if (specFile) return loadSpecFile(resolve(specFile));
  const dir = join(workspace, '.github', 'steward');
  const specs = await loadSpecDir(dir);
  if (!agent) {
    if (specs.length === 1 && specs[0]) return specs[0];
    throw new UsageError(
      `name an agent or pass --spec FILE (agents in ${dir}: ${specs.map((s) => s.name).join(', ') || 'none'})`,
    );
  }
  const spec = findSpec(specs, agent);
  if (!spec)
    throw new UsageError(
      `no agent named "${agent}" in ${dir} (agents: ${specs.map((s) => s.name).join(', ') || 'none'})`,
    );
  return spec;
}

async function validate(files: string[]): Promise<number> {
  const targets = files.length > 0 ? files : [join(process.cwd(), '.github', 'steward')];
  let failed = false;
  for (const target of targets) {
    try {
      const specs =
        target.endsWith('.yml') || target.endsWith('.yaml')
          ? [await loadSpecFile(target)]
          : await loadSpecDir(target);
      for (const s of specs) process.stdout.write(`ok  ${s.source.file} (agent ${s.name})\n`);
      if (specs.length === 0) process.stdout.write(`no specs in ${target}\n`);
    } catch (err) {
      if (!(err instanceof SpecError)) throw err;
      failed = true;
      process.stderr.write(`${err.format()}\n`);
    }
  }
  return failed ? 2 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (
      err instanceof UsageError ||
      err instanceof SpecError ||
      err instanceof ResumeError ||
      err instanceof ConfirmationError
    ) {
      process.stderr.write(
        `steward: ${err instanceof SpecError ? err.format() : err.message}\n${err instanceof UsageError ? `${USAGE}\n` : ''}`,
      );
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`steward: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
