import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import { authorizeTrigger, isOwnComment, RoleLookup } from '../github/auth.ts';
import { loadSpecsAtCommit, loadSpecsIn } from '../github/base-files.ts';
import {
  EventPayloadError,
  isPullRequestTask,
  type Target,
  type Task,
  taskFromEvent,
  threadNumber,
} from '../github/context.ts';
import { resolveTarget } from '../github/gather.ts';
import { createGitHubClient, type GitHubClient } from '../github/octokit.ts';
import { createOutbound, type Outbound } from '../github/outbound.ts';
import { findPreviousSession, reply } from '../github/tracking.ts';
import {
  type ResultLinks,
  renderCommandProblem,
  renderRefusal,
  renderSetupFailureComment,
} from '../report/markdown.ts';
import type { SessionResult } from '../session/result.ts';
import { type AgentSpec, SpecError } from '../spec/index.ts';
import { setOutputs } from './finish.ts';
import type { ActionInputs } from './inputs.ts';
import { planRuns } from './plan.ts';
import { type RunContext, runPlannedSession } from './session.ts';

export { STATE } from './state.ts';

/** What the Action did, for its exit status. */
export interface ActionOutcome {
  /** False when the step must fail (an error state, a bad spec, a bad payload). */
  ok: boolean;
  results: SessionResult[];
}

/**
 * The Action's job: event → task → specs (from the base commit on pull requests) → plan (agent
 * input, comment command or `on:` matching) → for each planned agent, authorization and one
 * session → comment, check run, artifact, job summary and outputs. Runs that are refused or that
 * nothing answers make no model request and succeed. Never throws for a user-fixable problem.
 */
export async function runAction(inputs: ActionInputs, signal?: AbortSignal): Promise<ActionOutcome> {
  const gh = createGitHubClient({ token: inputs.githubToken, baseUrl: inputs.apiUrl, onNotice: core.info });
  const outbound = createOutbound(inputs.secrets, { serverUrl: inputs.serverUrl });
  const warn = (message: string) => core.warning(`Steward: ${outbound.text(message)}`);
  const runUrl =
    inputs.repository && inputs.runId
      ? `${inputs.serverUrl}/${inputs.repository}/actions/runs/${inputs.runId}`
      : undefined;
  const links: ResultLinks = runUrl ? { runUrl } : {};

  let task: Task;
  try {
    const payload = JSON.parse(readFileSync(inputs.eventPath, 'utf8')) as Record<string, unknown>;
    task = taskFromEvent(inputs.eventName, payload, {
      repository: inputs.repository,
      serverUrl: inputs.serverUrl,
    });
  } catch (err) {
    const message =
      err instanceof EventPayloadError
        ? err.message
        : `cannot read the event payload ${inputs.eventPath}: ${String(err)}`;
    core.setFailed(message);
    setOutputs({ status: 'error' });
    return { ok: false, results: [] };
  }
  const roles = new RoleLookup(gh, task);

  // Steward's own comments are never answered, not even read further.
  if (task.comment && isOwnComment(task.comment, inputs.botLogin)) {
    core.notice('Steward: the comment is Steward’s own; nothing to do.');
    await summary(
      outbound,
      '## Steward\n\nThe triggering comment was written by Steward itself; nothing was run.\n',
    );
    setOutputs({ status: 'denied' });
    return { ok: true, results: [] };
  }

  let target: Target = task.target;
  try {
    target = await resolveTarget(gh, task);
  } catch (err) {
    // Without the pull request there is no base commit to read the agents from: fail closed.
    const message = `cannot read pull request #${threadNumber(task)} to find its base commit: ${err instanceof Error ? err.message : String(err)}`;
    core.setFailed(outbound.text(message));
    await summary(
      outbound,
      `## Steward · ❌ error\n\n${message}\n\nNo model request was made; re-run the job.\n`,
    );
    setOutputs({ status: 'error' });
    return { ok: false, results: [] };
  }
  let specs: AgentSpec[];
  try {
    // On pull requests the agents are defined by the base commit, never by the proposed change.
    specs =
      target.kind === 'pull_request' && target.base.sha
        ? await loadSpecsAtCommit(
            { workspace: inputs.workspace, sha: target.base.sha, gh, repo: task.repo },
            inputs.specDir,
          )
        : await loadSpecsIn(inputs.workspace, inputs.specDir);
  } catch (err) {
    const base =
      target.kind === 'pull_request'
        ? ` (read from the base commit ${target.base.sha.slice(0, 12)} of the pull request)`
        : '';
    const message =
      err instanceof SpecError ? err.format() : `cannot read the agent specs${base}: ${String(err)}`;
    // Only triggers that could run an agent are answered on the thread; the summary always says it.
    const auth = await authorizeTrigger(roles, task, { trustedBots: [], selfLogin: inputs.botLogin }).catch(
      () => null,
    );
    await reportSetupFailure(
      gh,
      task,
      outbound,
      message,
      `fix the spec in ${inputs.specDir}${base} (\`npx steward validate\` checks it locally)`,
      links,
      auth?.allowed === true,
    );
    return { ok: false, results: [] };
  }

  const number = threadNumber(task);
  const plan = await planRuns(task, specs, inputs.agent, {
    previous: async (filter) =>
      number === null
        ? null
        : findPreviousSession(gh, task, number, { selfLogin: inputs.botLogin, ...filter }).catch(() => null),
    changedFiles: async () => {
      if (target.kind !== 'pull_request') return undefined;
      const files = await gh
        .paginate(gh.rest.pulls.listFiles, {
          owner: task.repo.owner,
          repo: task.repo.name,
          pull_number: target.number,
          per_page: 100,
        })
        .catch(() => null);
      return files?.map((f) => f.filename);
    },
  });

  if (inputs.agent && plan.runs.length === 0 && !plan.problem) {
    await reportSetupFailure(
      gh,
      task,
      outbound,
      plan.notice ?? `no agent named "${inputs.agent}"`,
      'set the `agent` input to one of the agents above',
      links,
      true,
    );
    return { ok: false, results: [] };
  }
  if (plan.problem) {
    // Only people who could run Steward are told what is wrong with their command.
    const auth = await authorizeTrigger(roles, task, { trustedBots: [], selfLogin: inputs.botLogin }).catch(
      () => null,
    );
    core.notice(`Steward: ${plan.problem}`);
    if (auth?.allowed && task.comment)
      await reply(gh, task, outbound, renderCommandProblem(task.comment.author, plan.problem), warn);
    await summary(outbound, `## Steward\n\nThe command was not run: ${plan.problem}\n`);
    setOutputs({ status: 'no_changes' });
    return { ok: true, results: [] };
  }
  if (plan.runs.length === 0) {
    const notice = `${plan.notice ?? 'no agent answers this event'} in ${inputs.specDir}; nothing to do, and no model request was made.`;
    core.notice(`Steward: ${notice}`);
    await summary(outbound, `## Steward\n\nNo agent ran: ${notice}\n`);
    setOutputs({ status: 'no_changes' });
    return { ok: true, results: [] };
  }
  if (isPullRequestTask(task) && target.kind === 'pull_request')
    core.info(`Steward: agent specs read from the base commit ${target.base.sha.slice(0, 12)}`);

  const ctx: RunContext = {
    inputs,
    gh,
    outbound,
    roles,
    task,
    target,
    links,
    warn,
    ...(signal ? { signal } : {}),
  };
  const results: SessionResult[] = [];
  let ok = true;
  for (const run of plan.runs) {
    const auth = await authorizeTrigger(roles, task, {
      trustedBots: run.spec.steward.trusted_bots,
      selfLogin: inputs.botLogin,
    });
    if (!auth.allowed) {
      core.notice(`Steward: run of ${run.spec.name} refused: ${auth.reason}. No model request was made.`);
      const actor = task.comment?.author ?? task.actor.login;
      const human = task.comment ? task.comment.author_type !== 'Bot' && !actor.endsWith('[bot]') : false;
      if (run.command && human && !auth.self && task.event.action === 'created' && inputs.refusalReply)
        await reply(gh, task, outbound, renderRefusal(actor, auth.reason), warn);
      await summary(
        outbound,
        `## Steward · ${run.spec.name} · 🚫 denied\n\n${auth.reason}. No model request was made.\n`,
      );
      setOutputs({ status: 'denied' });
      continue;
    }
    const outcome = await runPlannedSession(ctx, run);
    results.push(outcome.result);
    if (outcome.result.state === 'error') ok = false;
  }
  return { ok, results };
}

/** Reports a failure that happened before any session: log, comment, summary, outputs. */
async function reportSetupFailure(
  gh: GitHubClient,
  task: Task,
  outbound: Outbound,
  message: string,
  hint: string,
  links: ResultLinks,
  comment: boolean,
): Promise<void> {
  core.error(outbound.text(message));
  const number = threadNumber(task);
  if (comment)
    try {
      const body = outbound.text(renderSetupFailureComment(message, hint, links));
      if (number !== null)
        await gh.rest.issues.createComment({
          owner: task.repo.owner,
          repo: task.repo.name,
          issue_number: number,
          body,
        });
      else if (task.target.kind === 'commit' && task.target.sha && !task.target.deleted)
        await gh.rest.repos.createCommitComment({
          owner: task.repo.owner,
          repo: task.repo.name,
          commit_sha: task.target.sha,
          body,
        });
    } catch (err) {
      core.warning(`could not post the failure comment: ${String(err)}`);
    }
  await summary(outbound, `## Steward · ❌ error\n\n\`\`\`\n${message}\n\`\`\`\n\n${hint}\n`);
  setOutputs({ status: 'error' });
}

async function summary(outbound: Outbound, markdown: string): Promise<void> {
  try {
    await core.summary.addRaw(outbound.text(markdown), true).write();
  } catch (err) {
    core.info(`job summary not written: ${String(err)}`);
  }
}
