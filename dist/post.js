import { createRequire as __stewardCreateRequire } from 'node:module'; const require = __stewardCreateRequire(import.meta.url);
import {
  STATE,
  getState,
  info,
  uploadSessionArtifact,
  warning
} from "./chunks/chunk-DPTGX2WQ.js";
import "./chunks/chunk-FKVD26Q4.js";
import "./chunks/chunk-KHKLE52T.js";
import "./chunks/chunk-PEUSRF4F.js";

// src/action/post.ts
import { existsSync } from "node:fs";
import { join } from "node:path";
var outDir = getState(STATE.outDir);
var sessionId = getState(STATE.sessionId);
var done = getState(STATE.done) === "true";
if (outDir && sessionId && !done && existsSync(join(outDir, "events.jsonl"))) {
  try {
    const uploaded = await uploadSessionArtifact(sessionId, outDir);
    info(
      `Steward: uploaded the event log of unfinished session ${sessionId} as artifact ${uploaded.name}`
    );
  } catch (err) {
    warning(`Steward: could not upload the event log of session ${sessionId}: ${String(err)}`);
  }
}
