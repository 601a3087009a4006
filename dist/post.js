import { createRequire as __stewardCreateRequire } from 'node:module'; const require = __stewardCreateRequire(import.meta.url);
import {
  STATE,
  TrackingComment,
  artifactName,
  createGitHubClient,
  createOutbound,
  loggedWarnings,
  readActionInputs,
  uploadSessionArtifact
} from "./chunks/chunk-OIRZFWTB.js";
import {
  readEventLog,
  renderInterruptedComment
} from "./chunks/chunk-SCPEOLL4.js";
import {
  getState,
  info,
  warning
} from "./chunks/chunk-CNYXSFHH.js";
import "./chunks/chunk-WZQK2JZ7.js";

// src/action/recover.ts
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
async function recoverUnfinished(readInputs) {
  const unwritten = getState(STATE.unwritten);
  if (unwritten) await writeUnwritten(unwritten, readInputs);
  const outDir = getState(STATE.outDir);
  const sessionId = getState(STATE.sessionId);
  if (!outDir || !sessionId || getState(STATE.done) === "true") return;
  let uploaded = false;
  let artifactId = 0;
  let inputs;
  try {
    inputs = readInputs();
  } catch (err) {
    warning(`Steward: cannot finish session ${sessionId}: ${String(err)}`);
    return;
  }
  const outbound = createOutbound(inputs.secrets, { serverUrl: inputs.serverUrl });
  const logPath = join(outDir, "events.jsonl");
  if (existsSync(logPath)) {
    try {
      const result = await uploadSessionArtifact(sessionId, outDir, outbound.redactor);
      uploaded = true;
      artifactId = result.id;
      info(
        `Steward: uploaded the event log of unfinished session ${sessionId} as artifact ${result.name}`
      );
    } catch (err) {
      warning(`Steward: could not upload the event log of session ${sessionId}: ${String(err)}`);
    }
  }
  const trackingState = getState(STATE.tracking);
  const threadState = getState(STATE.thread);
  const checkId = Number(getState(STATE.check));
  if (!trackingState && !threadState && !checkId) return;
  try {
    const gh = createGitHubClient({ token: inputs.githubToken, baseUrl: inputs.apiUrl, onNotice: info });
    const [owner = "", name = ""] = inputs.repository.split("/");
    const runUrl = inputs.repository && inputs.runId ? `${inputs.serverUrl}/${inputs.repository}/actions/runs/${inputs.runId}` : void 0;
    const links = {
      ...runUrl ? { runUrl } : {},
      artifactName: artifactName(sessionId),
      ...runUrl && artifactId ? { artifactUrl: `${runUrl}/artifacts/${artifactId}` } : {}
    };
    const agent = getState(STATE.agent);
    const body = renderInterruptedComment({
      sessionId,
      agent,
      meta: { agent, run_id: inputs.runId, state: "error" },
      links,
      uploaded,
      warnings: warningsIn(logPath)
    });
    const task = { repo: { owner, name } };
    if (trackingState) {
      const ref = JSON.parse(trackingState);
      await TrackingComment.attach(gh, task, outbound, ref).finalize(body);
    } else if (threadState) {
      await TrackingComment.create(gh, task, JSON.parse(threadState), outbound, body);
    }
    if (checkId) {
      await gh.rest.checks.update({
        owner,
        repo: name,
        check_run_id: checkId,
        status: "completed",
        conclusion: "cancelled",
        completed_at: (/* @__PURE__ */ new Date()).toISOString(),
        output: {
          title: "stopped before the session finished",
          summary: outbound.text(
            `The run was cancelled or stopped before session \`${sessionId}\` finished.`
          )
        }
      });
    }
  } catch (err) {
    warning(
      `Steward: could not finalize the comment of unfinished session ${sessionId}: ${String(err)}`
    );
  }
}
function warningsIn(path) {
  try {
    return existsSync(path) ? loggedWarnings(readEventLog(path).events) : [];
  } catch {
    return [];
  }
}
async function writeUnwritten(dir, readInputs) {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")) : [];
  if (files.length === 0) return;
  try {
    const inputs = readInputs();
    const gh = createGitHubClient({ token: inputs.githubToken, baseUrl: inputs.apiUrl, onNotice: info });
    const outbound = createOutbound(inputs.secrets, { serverUrl: inputs.serverUrl });
    const [owner = "", name = ""] = inputs.repository.split("/");
    const task = { repo: { owner, name } };
    for (const file of files) {
      const path = join(dir, file);
      try {
        const { ref, body } = JSON.parse(readFileSync(path, "utf8"));
        await TrackingComment.attach(gh, task, outbound, ref).finalize(body);
        rmSync(path, { force: true });
        info(`Steward: wrote the final comment ${ref.url} that GitHub had refused in the main step`);
      } catch (err) {
        warning(`Steward: could not write the final comment kept in ${path}: ${String(err)}`);
      }
    }
  } catch (err) {
    warning(`Steward: could not write the final comments kept in ${dir}: ${String(err)}`);
  }
}

// src/action/post.ts
await recoverUnfinished(readActionInputs);
