#!/usr/bin/env node
import { createRequire as __stewardCreateRequire } from 'node:module'; const require = __stewardCreateRequire(import.meta.url);
import {
  ConfirmationError,
  ResumeError,
  SpecError,
  buildTaskPrompt,
  composeSession,
  createModelClient,
  findSpec,
  loadSpecDir,
  loadSpecFile,
  newFenceNonce,
  newSessionId,
  renderTask,
  runSession,
  taskFromEvent,
  toolEnvironment
} from "./chunks/chunk-ZKBP3YY2.js";
import {
  createRedactor,
  figuresLine,
  readEventLog
} from "./chunks/chunk-SCPEOLL4.js";
import "./chunks/chunk-4HGTW4PL.js";
import "./chunks/chunk-SOJ2SJ3H.js";
import "./chunks/chunk-WZQK2JZ7.js";

// src/cli/index.ts
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";

// src/report/terminal.ts
var MAX_PREVIEW = 160;
function preview(text) {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > MAX_PREVIEW ? `${one.slice(0, MAX_PREVIEW - 1)}\u2026` : one;
}
function contentText(content) {
  if (!Array.isArray(content)) return "";
  return content.map((b) => b && typeof b === "object" && "text" in b ? String(b.text) : "").join(" ");
}
function formatEventLine(event) {
  switch (event.type) {
    case "user.message":
      return `\u25B6 task: ${preview(contentText(event.content))}`;
    case "agent.message":
      return `\u25C6 ${preview(contentText(event.content))}`;
    case "agent.thinking":
      return "\xB7 thinking";
    case "agent.tool_use":
      return `\u2192 ${event.name} ${preview(JSON.stringify(event.input))}${event.evaluated_permission === "ask" ? " (waiting for approval)" : ""}`;
    case "agent.tool_result":
      return `${event.is_error ? "\u2717" : "\u2190"} ${preview(contentText(event.content)) || "(no output)"}`;
    case "span.model_request_end": {
      const u = event.model_usage;
      return `  model: ${u.input_tokens} in, ${u.output_tokens} out, ${u.cache_read_input_tokens} cache read${event.is_error ? " (failed)" : ""}`;
    }
    case "session.error":
      return `! ${event.error.type}: ${event.error.message}`;
    case "session.status_rescheduled":
      return "\u21BB retrying";
    case "session.status_idle":
      return `\u25A0 idle: ${event.stop_reason.type}`;
    case "session.status_terminated":
      return "\u25A0 terminated";
    case "system.message":
      return `\u2139 ${preview(contentText(event.content))}`;
    case "user.interrupt":
      return "\u25A0 interrupted";
    case "agent.thread_context_compacted":
      return "\xB7 context compacted";
    default:
      return null;
  }
}

// src/cli/index.ts
var USAGE = `usage:
  steward run [AGENT | --spec FILE] [--task TEXT] [--event-name NAME --event-path FILE]
              [--workspace DIR] [--out DIR] [--model-base-url URL] [--model ID] [--json]
  steward run --resume EVENTS.jsonl [AGENT | --spec FILE] [--task TEXT]
              [--approve TOOL_USE_ID]... [--deny TOOL_USE_ID]... [--deny-message TEXT]
              [--workspace DIR] [--out DIR] [--model-base-url URL] [--model ID] [--json]
  steward validate [FILES...]`;
var UsageError = class extends Error {
};
async function main(argv) {
  const [command, ...rest] = argv;
  if (command === "run") return run(rest);
  if (command === "validate") return validate(rest);
  if (command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(`${USAGE}
`);
    return 0;
  }
  throw new UsageError(command ? `unknown command "${command}"` : "no command given");
}
async function run(args) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      spec: { type: "string" },
      task: { type: "string" },
      "event-name": { type: "string" },
      "event-path": { type: "string" },
      workspace: { type: "string" },
      out: { type: "string" },
      "model-base-url": { type: "string" },
      model: { type: "string" },
      json: { type: "boolean", default: false },
      resume: { type: "string" },
      approve: { type: "string", multiple: true },
      deny: { type: "string", multiple: true },
      "deny-message": { type: "string" }
    }
  });
  const workspace = resolve(values.workspace ?? process.cwd());
  const resumed = values.resume ? loadResume(resolve(values.resume)) : void 0;
  if (!resumed && (values.approve || values.deny)) throw new UsageError("--approve and --deny need --resume");
  const spec = await resolveSpec(workspace, values.spec ?? resumed?.specFile, positionals[0]);
  const apiKey = process.env.ANTHROPIC_API_KEY ?? "";
  const baseURL = values["model-base-url"] ?? process.env.ANTHROPIC_BASE_URL ?? "";
  if (!apiKey && !baseURL) throw new UsageError("ANTHROPIC_API_KEY is not set");
  delete process.env.ANTHROPIC_API_KEY;
  const nonce = newFenceNonce();
  let prompt;
  if (resumed) {
    prompt = values.task ?? "";
  } else if (values["event-name"] || values["event-path"]) {
    if (!values["event-name"] || !values["event-path"])
      throw new UsageError("--event-name and --event-path go together");
    const payload = JSON.parse(readFileSync(values["event-path"], "utf8"));
    const task = taskFromEvent(values["event-name"], payload);
    const instruction = values.task ?? (spec.task ? renderTask(spec.task, payload).text : `Handle this ${task.event.name} event.`);
    prompt = buildTaskPrompt({ instruction, task, nonce });
  } else {
    const text = values.task ?? spec.task;
    if (!text) throw new UsageError(`no task: pass --task, or give ${spec.source.file} a task`);
    prompt = text;
  }
  const sessionId = resumed?.sessionId ?? newSessionId();
  const outDir = resolve(values.out ?? (resumed ? resumed.dir : join(".steward-out", sessionId)));
  const home = join(tmpdir(), "steward-home", sessionId);
  mkdirSync(join(home, "tmp"), { recursive: true });
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
    model: createModelClient({ apiKey: apiKey || "none", ...baseURL ? { baseURL } : {} }),
    ...values.model ? { modelOverride: values.model } : {},
    nonce,
    listeners: [
      (event) => {
        const line = formatEventLine(event);
        if (line) (json ? process.stderr : process.stdout).write(`${line}
`);
      }
    ]
  });
  const controller = new AbortController();
  for (const sig of ["SIGINT", "SIGTERM"]) {
    process.once(sig, () => controller.abort(new Error(`the session was interrupted (${sig})`)));
  }
  const confirmations = [
    ...(values.approve ?? []).map((id) => ({ tool_use_id: id, result: "allow" })),
    ...(values.deny ?? []).map(
      (id) => ({
        tool_use_id: id,
        result: "deny",
        ...values["deny-message"] ? { deny_message: values["deny-message"] } : {}
      })
    )
  ];
  const result = await runSession({
    ...options,
    workspace: { dir: workspace, env: toolEnv },
    ...resumed ? { resume: { events: resumed.events, confirmations } } : {},
    signal: controller.signal
  });
  if (json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}
`);
  } else {
    process.stdout.write(`
${result.state} \xB7 ${figuresLine(result)}
event log: ${result.event_log}
`);
    if (result.error)
      process.stdout.write(
        `error: ${result.error.message}${result.error.hint ? `
fix: ${result.error.hint}` : ""}
`
      );
    if (result.result) process.stdout.write(`
${result.result}
`);
  }
  return result.state === "completed" || result.state === "no_changes" ? 0 : 1;
}
function loadResume(eventsPath) {
  if (!existsSync(eventsPath)) throw new UsageError(`--resume: no event log at ${eventsPath}`);
  const dir = dirname(eventsPath);
  const { events } = readEventLog(eventsPath);
  const sessionFile = join(dir, "session.json");
  let session = {};
  if (existsSync(sessionFile)) {
    try {
      session = JSON.parse(readFileSync(sessionFile, "utf8"));
    } catch {
    }
  }
  return {
    events,
    dir,
    ...session.id ? { sessionId: session.id } : {},
    ...session.steward?.spec_file ? { specFile: session.steward.spec_file } : {}
  };
}
async function resolveSpec(workspace, specFile, agent) {
  if (specFile) return loadSpecFile(resolve(specFile));
  const dir = join(workspace, ".github", "steward");
  const specs = await loadSpecDir(dir);
  if (!agent) {
    if (specs.length === 1 && specs[0]) return specs[0];
    throw new UsageError(
      `name an agent or pass --spec FILE (agents in ${dir}: ${specs.map((s) => s.name).join(", ") || "none"})`
    );
  }
  const spec = findSpec(specs, agent);
  if (!spec)
    throw new UsageError(
      `no agent named "${agent}" in ${dir} (agents: ${specs.map((s) => s.name).join(", ") || "none"})`
    );
  return spec;
}
async function validate(files) {
  const targets = files.length > 0 ? files : [join(process.cwd(), ".github", "steward")];
  let failed = false;
  for (const target of targets) {
    try {
      const specs = target.endsWith(".yml") || target.endsWith(".yaml") ? [await loadSpecFile(target)] : await loadSpecDir(target);
      for (const s of specs) process.stdout.write(`ok  ${s.source.file} (agent ${s.name})
`);
      if (specs.length === 0) process.stdout.write(`no specs in ${target}
`);
    } catch (err) {
      if (!(err instanceof SpecError)) throw err;
      failed = true;
      process.stderr.write(`${err.format()}
`);
    }
  }
  return failed ? 2 : 0;
}
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    if (err instanceof UsageError || err instanceof SpecError || err instanceof ResumeError || err instanceof ConfirmationError) {
      process.stderr.write(
        `steward: ${err instanceof SpecError ? err.format() : err.message}
${err instanceof UsageError ? `${USAGE}
` : ""}`
      );
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`steward: ${err instanceof Error ? err.stack ?? err.message : String(err)}
`);
    process.exitCode = 1;
  }
);
