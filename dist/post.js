import { createRequire as __stewardCreateRequire } from 'node:module'; const require = __stewardCreateRequire(import.meta.url);
import {
  STATE,
  TrackingComment,
  artifactName,
  createGitHubClient,
  createOutbound,
  getState,
  info,
  readActionInputs,
  uploadSessionArtifact,
  warning
} from "./chunks/chunk-J4LSYMTK.js";
import {
  renderInterruptedComment
} from "./chunks/chunk-H2R47EGR.js";
import "./chunks/chunk-WZQK2JZ7.js";

// src/action/recover.ts
import { existsSync } from "node:fs";
import { join } from "node:path";
async function recoverUnfinished(readInputs) {
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
  if (existsSync(join(outDir, "events.jsonl"))) {
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
  const checkId = Number(getState(STATE.check));
  if (!trackingState && !checkId) return;
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
    if (trackingState) {
      const ref = JSON.parse(trackingState);
      const task = { repo: { owner, name } };
      await TrackingComment.attach(gh, task, outbound, ref).update(
        renderInterruptedComment({
          sessionId,
          agent,
          meta: { agent, run_id: inputs.runId, state: "error" },
          links,
          uploaded
        })
      );
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

// src/action/post.ts
await recoverUnfinished(readActionInputs);
