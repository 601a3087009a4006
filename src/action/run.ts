import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as core from '@actions/core';
import { artifactName, uploadSessionArtifact } from '../github/artifacts.ts';
import { authorizeTrigger } from '../github/auth.ts';
import { EventPayloadError, type Task, taskFromEvent } from '../github/context.ts';
import { createGitHubClient, type GitHubClient } from '../github/octokit.ts';
import { buildTaskPrompt } from '../github/prompt.ts';
import { listChangedFiles, postResultComment } from '../github/publish.ts';
import { createModelClient } from '../model/client.ts';
import {
  type ResultLinks,
  renderJobSummary,
  renderResultComment,
  renderSetupFailureComment,
} from '../report/markdown.ts';
import { composeSession } from '../session/compose.ts';
import type { SessionResult } from '../session/result.ts';
import { newSessionId, runSession } from '../session/run.ts';
import { type AgentSpec, findSpec, loadSpecDir, renderTask, SpecError, selectSpecs } from '../spec/index.ts';
import { toolEnvironment } from '../tools/env.ts';
import { newFenceNonce } from '../tools/untrusted.ts';
import type { ActionInputs } from './inputs.ts';

/** Keys of the state `main` saves for `post` (core.saveState). */
export const STATE = {
  outDir: 'steward_out_dir',
  sessionId: 'steward_session_id',
  done: 'steward_done',
} as const;

/** What the Action did, for its exit status. */
export interface ActionOutcome {
  /** False when the step must fail (an error state, a bad spec, a failed upload). */
  ok: boolean;
  results: SessionResult[];
}

/**
 * The Action's job: event → task → authorized? → specs → one session per selected agent → comment,
 * artifact, job summary and outputs. A failure before any session (bad payload, invalid spec) is
 * reported the same way, with no model request. Never throws for a user-fixable problem.
 */
export async function runAction(inputs: ActionInputs, signal?: AbortSignal): Promise<ActionOutcome> {
  const gh = createGitHubClient({ token: inputs.githubToken, baseUrl: inputs.apiUrl, onNotice: core.info });
  const runUrl =
    inputs.repository && inputs.runId
      ? `${inputs.serverUrl}/${inputs.repository}/actions/runs/${inputs.runId}`
      : undefined;
  const links: ResultLinks = runUrl ? { runUrl } : {};

  let task: Task;
  try {
    const payload = JSON.parse(readFileSync(inputs.eventPath, 'utf8')) as Record<string, unknown>;
    task = taskFromEvent(inputs.eventName, payload);
  } catch (err) {
    const message =
      err instanceof EventPayloadError
        ? err.message
        : `cannot read the event payload ${inputs.eventPath}: ${String(err)}`;
    core.setFailed(message);
    setOutputs({ status: 'error' });
    return { ok: false, results: [] };
  }

  let specs: AgentSpec[];
  try {
    specs = await loadSpecDir(resolve(inputs.workspace, inputs.specDir));
  } catch (err) {
    const message = err instanceof SpecError ? err.format() : String(err);
    await reportSetupFailure(
      gh,
      task,
      message,
      `fix the spec in ${inputs.specDir} (\`npx steward validate\` checks it locally)`,
      links,
    );
    return { ok: false, results: [] };
  }

  const selected = inputs.agent
    ? [findSpec(specs, inputs.agent)].filter((s) => s !== undefined)
    : selectSpecs(specs, {
        name: task.event.name,
        ...(task.event.action ? { action: task.event.action } : {}),
        payload: task.payload,
      });
  if (inputs.agent && selected.length === 0) {
    const known = specs.map((s) => s.name).join(', ') || 'none';
    await reportSetupFailure(
      gh,
      task,
      `no agent named "${inputs.agent}" in ${inputs.specDir} (agents: ${known})`,
      'set the `agent` input to one of the agents above',
      links,
    );
    return { ok: false, results: [] };
  }
  if (selected.length === 0) {
    core.notice(
      `No agent in ${inputs.specDir} answers ${task.event.name}${task.event.action ? `.${task.event.action}` : ''}; nothing to do.`,
    );
    setOutputs({ status: 'no_changes' });
    return { ok: true, results: [] };
  }

  const results: SessionResult[] = [];
  let ok = true;
  for (const spec of selected) {
    const auth = await authorizeTrigger(gh, task, { trustedBots: spec.steward.trusted_bots });
    if (!auth.allowed) {
      core.notice(`Run of ${spec.name} refused: ${auth.reason}. No model request was made.`);
      setOutputs({ status: 'denied' });
      continue;
    }
    const result = await runOneSession(inputs, gh, task, spec, links, signal);
    results.push(result);
    if (result.state === 'error') ok = false;
  }
  return { ok, results };
}

async function runOneSession(
  inputs: ActionInputs,
  gh: GitHubClient,
  task: Task,
  spec: AgentSpec,
  links: ResultLinks,
  signal?: AbortSignal,
): Promise<SessionResult> {
  const sessionId = newSessionId();
  const scratch = inputs.runnerTemp || tmpdir();
  const outDir = join(scratch, 'steward', sessionId);
  const home = join(scratch, 'steward-home', sessionId);
  mkdirSync(join(home, 'tmp'), { recursive: true });
  core.saveState(STATE.outDir, outDir);
  core.saveState(STATE.sessionId, sessionId);

  const instruction =
    inputs.task ||
    (spec.task ? renderTask(spec.task, task.payload).text : '') ||
    `Handle this ${task.event.name} event.`;
  const changedFiles = await listChangedFiles(gh, task).catch(() => []);
  const nonce = newFenceNonce();
  const options = composeSession(spec, {
    sessionId,
    prompt: buildTaskPrompt({ instruction, task, changedFiles, nonce }),
    workspace: inputs.workspace,
    outDir,
    toolEnv: toolEnvironment({ parent: inputs.env, home }),
    model: createModelClient({
      apiKey: inputs.anthropicApiKey,
      ...(inputs.anthropicBaseUrl ? { baseURL: inputs.anthropicBaseUrl } : {}),
    }),
    ...(inputs.model ? { modelOverride: inputs.model } : {}),
    nonce,
    listeners: [(e) => core.debug(`event ${e.type}`)],
    metadata: {
      trigger: { event: task.event, actor: task.actor.login },
      target: task.target,
      run_url: links.runUrl ?? null,
    },
    ...(signal ? { signal } : {}),
  });
  core.info(`Steward: running agent ${spec.name} (${options.agent.model}) as session ${sessionId}`);
  const result = await runSession(options);
  core.info(`Steward: session ${sessionId} ended: ${result.state}`);

  const sessionLinks: ResultLinks = { ...links, artifactName: artifactName(sessionId) };
  let artifactId = '';
  if (inputs.uploadArtifact) {
    try {
      const uploaded = await uploadSessionArtifact(sessionId, outDir);
      artifactId = String(uploaded.id);
      if (links.runUrl) sessionLinks.artifactUrl = `${links.runUrl}/artifacts/${uploaded.id}`;
    } catch (err) {
      core.warning(`could not upload the event log artifact: ${String(err)}`);
    }
  }
  let commentUrl = '';
  if (spec.outputs.comment) {
    try {
      commentUrl = (await postResultComment(gh, task, renderResultComment(result, sessionLinks)))?.url ?? '';
    } catch (err) {
      core.warning(`could not post the result comment: ${String(err)}`);
    }
  }
  await writeSummary(renderJobSummary(result, sessionLinks));
  setOutputs({
    session_id: result.session_id,
    status: result.state,
    stop_reason: result.stop_reason?.type ?? '',
    result: result.result,
    cost_usd: result.usage.cost_usd.toFixed(6),
    input_tokens: String(result.usage.input_tokens),
    output_tokens: String(result.usage.output_tokens),
    cache_read_tokens: String(result.usage.cache_read_input_tokens),
    turns: String(result.turns),
    event_log: result.event_log,
    artifact_id: artifactId,
    comment_url: commentUrl,
  });
  core.saveState(STATE.done, 'true');
  if (result.state === 'error')
    core.error(
      `Steward: ${result.error?.message ?? 'session failed'}${result.error?.hint ? `; ${result.error.hint}` : ''}`,
    );
  return result;
}

/** Reports a failure that happened before any session: log, comment, summary, outputs. */
async function reportSetupFailure(
  gh: GitHubClient,
  task: Task,
  message: string,
  hint: string,
  links: ResultLinks,
): Promise<void> {
  core.error(message);
  try {
    await postResultComment(gh, task, renderSetupFailureComment(message, hint, links));
  } catch (err) {
    core.warning(`could not post the failure comment: ${String(err)}`);
  }
  await writeSummary(`## Steward · ❌ error\n\n\`\`\`\n${message}\n\`\`\`\n\n${hint}\n`);
  setOutputs({ status: 'error' });
}

async function writeSummary(markdown: string): Promise<void> {
  try {
    await core.summary.addRaw(markdown, true).write();
  } catch (err) {
    core.info(`job summary not written: ${String(err)}`);
  }
}

function setOutputs(outputs: Record<string, string>): void {
  for (const [k, v] of Object.entries(outputs)) core.setOutput(k, v);
}
