import { createRequire as __stewardCreateRequire } from 'node:module'; const require = __stewardCreateRequire(import.meta.url);
import {
  getInput,
  runAction,
  setFailed,
  setSecret
} from "./chunks/chunk-DPTGX2WQ.js";
import "./chunks/chunk-FKVD26Q4.js";
import "./chunks/chunk-KHKLE52T.js";
import "./chunks/chunk-PEUSRF4F.js";

// src/action/inputs.ts
var SECRET_VARIABLES = [
  "ANTHROPIC_API_KEY",
  "INPUT_ANTHROPIC_API_KEY",
  "INPUT_GITHUB_TOKEN",
  "GITHUB_TOKEN"
];
function readActionInputs() {
  const env = process.env;
  const input = (name) => getInput(name);
  const inputs = {
    anthropicApiKey: input("anthropic_api_key") || env.ANTHROPIC_API_KEY || "",
    githubToken: input("github_token") || env.GITHUB_TOKEN || "",
    agent: input("agent"),
    task: input("task"),
    model: input("model"),
    provider: input("provider") || "anthropic",
    specDir: input("spec_dir") || ".github/steward",
    uploadArtifact: (input("upload_artifact") || "true") !== "false",
    eventName: env.GITHUB_EVENT_NAME ?? "",
    eventPath: env.GITHUB_EVENT_PATH ?? "",
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    repository: env.GITHUB_REPOSITORY ?? "",
    serverUrl: env.GITHUB_SERVER_URL ?? "https://github.com",
    apiUrl: env.GITHUB_API_URL ?? "https://api.github.com",
    runId: env.GITHUB_RUN_ID ?? "",
    anthropicBaseUrl: env.ANTHROPIC_BASE_URL ?? "",
    runnerTemp: env.RUNNER_TEMP ?? "",
    env: { ...env }
  };
  if (inputs.anthropicApiKey) setSecret(inputs.anthropicApiKey);
  if (inputs.githubToken) setSecret(inputs.githubToken);
  for (const name of SECRET_VARIABLES) delete process.env[name];
  for (const name of SECRET_VARIABLES) delete inputs.env[name];
  if (!inputs.eventName)
    throw new Error("GITHUB_EVENT_NAME is not set; Steward must run as a GitHub Actions step");
  return inputs;
}

// src/action/main.ts
var controller = new AbortController();
for (const sig of ["SIGINT", "SIGTERM"])
  process.once(sig, () => controller.abort(new Error(`received ${sig}`)));
try {
  const outcome = await runAction(readActionInputs(), controller.signal);
  if (!outcome.ok) setFailed("Steward: the session ended in error; see the comment and the job summary");
} catch (err) {
  setFailed(`Steward: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
}
