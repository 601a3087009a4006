/**
 * The post step's job (`post-if: always()`): when the main step did not finish a session
 * (cancelled, killed, crashed), upload the event log written so far and finalize the tracking
 * comment and the check run, so that nothing is lost and the thread says what happened (DESIGN
 * section 5, invariant 6). Final comments GitHub did not accept from the main step are written
 * again.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as core from '@actions/core';
import { readEventLog } from '../events/log.ts';
import { artifactName, uploadSessionArtifact } from '../github/artifacts.ts';
import type { Target, Task } from '../github/context.ts';
import { createGitHubClient } from '../github/octokit.ts';
import { createOutbound } from '../github/outbound.ts';
import { type CommentRef, TrackingComment } from '../github/tracking.ts';
import { renderInterruptedComment } from '../report/markdown.ts';
import { loggedWarnings } from '../report/warnings.ts';
import type { ActionInputs } from './inputs.ts';
import { STATE } from './state.ts';

/**
 * Does the post step's work; never throws. `readInputs` is called only when there is work: an
 * unfinished session, or a final comment to write again.
 */
export async function recoverUnfinished(readInputs: () => ActionInputs): Promise<void> {
  const unwritten = core.getState(STATE.unwritten);
  if (unwritten) await writeUnwritten(unwritten, readInputs);
  const outDir = core.getState(STATE.outDir);
  const sessionId = core.getState(STATE.sessionId);
  if (!outDir || !sessionId || core.getState(STATE.done) === 'true') return;
  let uploaded = false;
  let artifactId = 0;
  let inputs: ActionInputs;
  try {
    inputs = readInputs();
  } catch (err) {
    core.warning(`Steward: cannot finish session ${sessionId}: ${String(err)}`);
    return;
  }
  const outbound = createOutbound(inputs.secrets, { serverUrl: inputs.serverUrl });
  const logPath = join(outDir, 'events.jsonl');
  if (existsSync(logPath)) {
    try {
      const result = await uploadSessionArtifact(sessionId, outDir, outbound.redactor);
      uploaded = true;
      artifactId = result.id;
      core.info(
        `Steward: uploaded the event log of unfinished session ${sessionId} as artifact ${result.name}`,
      );
    } catch (err) {
      core.warning(`Steward: could not upload the event log of session ${sessionId}: ${String(err)}`);
    }
  }
  const trackingState = core.getState(STATE.tracking);
  const threadState = core.getState(STATE.thread);
  const checkId = Number(core.getState(STATE.check));
  if (!trackingState && !threadState && !checkId) return;
  try {
    const gh = createGitHubClient({ token: inputs.githubToken, baseUrl: inputs.apiUrl, onNotice: core.info });
    const [owner = '', name = ''] = inputs.repository.split('/');
    const runUrl =
      inputs.repository && inputs.runId
        ? `${inputs.serverUrl}/${inputs.repository}/actions/runs/${inputs.runId}`
        : undefined;
    const links = {
      ...(runUrl ? { runUrl } : {}),
      artifactName: artifactName(sessionId),
      ...(runUrl && artifactId ? { artifactUrl: `${runUrl}/artifacts/${artifactId}` } : {}),
    };
    const agent = core.getState(STATE.agent);
    const body = renderInterruptedComment({
      sessionId,
      agent,
      meta: { agent, run_id: inputs.runId, state: 'error' },
      links,
      uploaded,
      warnings: warningsIn(logPath),
    });
    // Only the repository is needed to address the comment.
    const task = { repo: { owner, name } } as Task;
    if (trackingState) {
      const ref = JSON.parse(trackingState) as CommentRef;
      await TrackingComment.attach(gh, task, outbound, ref).finalize(body);
    } else if (threadState) {
      // Killed before the tracking comment was written: the thread still gets the final state.
      await TrackingComment.create(gh, task, JSON.parse(threadState) as Target, outbound, body);
    }
    if (checkId) {
      await gh.rest.checks.update({
        owner,
        repo: name,
        check_run_id: checkId,
        status: 'completed',
        conclusion: 'cancelled',
        completed_at: new Date().toISOString(),
        output: {
          title: 'stopped before the session finished',
          summary: outbound.text(
            `The run was cancelled or stopped before session \`${sessionId}\` finished.`,
          ),
        },
      });
    }
  } catch (err) {
    core.warning(
      `Steward: could not finalize the comment of unfinished session ${sessionId}: ${String(err)}`,
    );
  }
}

/** The `steward.warning` messages of the log at `path`; none when it is missing or unreadable. */
function warningsIn(path: string): string[] {
  try {
    return existsSync(path) ? loggedWarnings(readEventLog(path).events) : [];
  } catch {
    // A log cut off by a kill may not parse; the comment still has to be written.
    return [];
  }
}

/**
 * Writes the final comments the main step kept in `dir` (src/action/finish.ts `keepUnwritten`),
 * removing each file once GitHub took it; a comment still refused stays as it was, with a warning.
 */
async function writeUnwritten(dir: string, readInputs: () => ActionInputs): Promise<void> {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
  if (files.length === 0) return;
  try {
    const inputs = readInputs();
    const gh = createGitHubClient({ token: inputs.githubToken, baseUrl: inputs.apiUrl, onNotice: core.info });
    const outbound = createOutbound(inputs.secrets, { serverUrl: inputs.serverUrl });
    const [owner = '', name = ''] = inputs.repository.split('/');
    // Only the repository is needed to address the comment.
    const task = { repo: { owner, name } } as Task;
    for (const file of files) {
      const path = join(dir, file);
      try {
        const { ref, body } = JSON.parse(readFileSync(path, 'utf8')) as { ref: CommentRef; body: string };
        await TrackingComment.attach(gh, task, outbound, ref).finalize(body);
        rmSync(path, { force: true });
        core.info(`Steward: wrote the final comment ${ref.url} that GitHub had refused in the main step`);
      } catch (err) {
        core.warning(`Steward: could not write the final comment kept in ${path}: ${String(err)}`);
      }
    }
  } catch (err) {
    core.warning(`Steward: could not write the final comments kept in ${dir}: ${String(err)}`);
  }
}
