import { createRequire as __stewardCreateRequire } from 'node:module'; const require = __stewardCreateRequire(import.meta.url);
import {
  DEFAULT_OUTBOUND_HOSTS,
  createRedactor,
  parseTrackingComment,
  redactFile,
  redactOutbound
} from "./chunk-SCPEOLL4.js";
import {
  Octokit,
  getInput,
  legacyRestEndpointMethods,
  paginateRest,
  requestLog,
  require_light,
  retry,
  setSecret
} from "./chunk-CNYXSFHH.js";
import {
  __toESM
} from "./chunk-WZQK2JZ7.js";

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
    botLogin: input("bot_login") || "github-actions[bot]",
    refusalReply: (input("refusal_reply") || "true") !== "false",
    progressSeconds: seconds(input("progress_seconds"), 10),
    eventName: env.GITHUB_EVENT_NAME ?? "",
    eventPath: env.GITHUB_EVENT_PATH ?? "",
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    repository: env.GITHUB_REPOSITORY ?? "",
    serverUrl: env.GITHUB_SERVER_URL ?? "https://github.com",
    apiUrl: env.GITHUB_API_URL ?? "https://api.github.com",
    runId: env.GITHUB_RUN_ID ?? "",
    sha: env.GITHUB_SHA ?? "",
    anthropicBaseUrl: env.ANTHROPIC_BASE_URL ?? "",
    runnerTemp: env.RUNNER_TEMP ?? "",
    secrets: [],
    env: { ...env }
  };
  inputs.secrets = [
    inputs.anthropicApiKey,
    inputs.githubToken,
    env.ACTIONS_RUNTIME_TOKEN ?? "",
    env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? ""
  ].filter((s) => s.length > 0);
  if (inputs.anthropicApiKey) setSecret(inputs.anthropicApiKey);
  if (inputs.githubToken) setSecret(inputs.githubToken);
  for (const name of SECRET_VARIABLES) delete process.env[name];
  for (const name of SECRET_VARIABLES) delete inputs.env[name];
  if (Number.isNaN(inputs.progressSeconds))
    throw new Error(
      `progress_seconds must be a number of seconds (0 or more); got "${input("progress_seconds")}"`
    );
  if (!inputs.eventName)
    throw new Error("GITHUB_EVENT_NAME is not set; Steward must run as a GitHub Actions step");
  return inputs;
}
function seconds(text, fallback) {
  if (text.trim() === "") return fallback;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? n : Number.NaN;
}

// node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var import_light = __toESM(require_light(), 1);
var VERSION = "0.0.0-development";
var noop = () => Promise.resolve();
function wrapRequest(state, request, options) {
  return state.retryLimiter.schedule(doRequest, state, request, options);
}
async function doRequest(state, request, options) {
  const { pathname } = new URL(options.url, "http://github.test");
  const isAuth = isAuthRequest(options.method, pathname);
  const isWrite = !isAuth && options.method !== "GET" && options.method !== "HEAD";
  const isSearch = options.method === "GET" && pathname.startsWith("/search/");
  const isGraphQL = pathname.startsWith("/graphql");
  const retryCount = ~~request.retryCount;
  const jobOptions = retryCount > 0 ? { priority: 0, weight: 0 } : {};
  if (state.clustering) {
    jobOptions.expiration = 1e3 * 60;
  }
  if (isWrite || isGraphQL) {
    await state.write.key(state.id).schedule(jobOptions, noop);
  }
  if (isWrite && state.triggersNotification(pathname)) {
    await state.notifications.key(state.id).schedule(jobOptions, noop);
  }
  if (isSearch) {
    await state.search.key(state.id).schedule(jobOptions, noop);
  }
  const req = (isAuth ? state.auth : state.global).key(state.id).schedule(jobOptions, request, options);
  if (isGraphQL) {
    const res = await req;
    if (res.data.errors != null && res.data.errors.some((error) => error.type === "RATE_LIMITED")) {
      const error = Object.assign(new Error("GraphQL Rate Limit Exceeded"), {
        response: res,
        data: res.data
      });
      throw error;
    }
  }
  return req;
}
function isAuthRequest(method, pathname) {
  return method === "PATCH" && // https://docs.github.com/en/rest/apps/apps?apiVersion=2022-11-28#create-a-scoped-access-token
  /^\/applications\/[^/]+\/token\/scoped$/.test(pathname) || method === "POST" && // https://docs.github.com/en/rest/apps/oauth-applications?apiVersion=2022-11-28#reset-a-token
  (/^\/applications\/[^/]+\/token$/.test(pathname) || // https://docs.github.com/en/rest/apps/apps?apiVersion=2022-11-28#create-an-installation-access-token-for-an-app
  /^\/app\/installations\/[^/]+\/access_tokens$/.test(pathname) || // https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
  pathname === "/login/oauth/access_token");
}
var triggers_notification_paths_default = [
  "/orgs/{org}/invitations",
  "/orgs/{org}/invitations/{invitation_id}",
  "/orgs/{org}/teams/{team_slug}/discussions",
  "/orgs/{org}/teams/{team_slug}/discussions/{discussion_number}/comments",
  "/repos/{owner}/{repo}/collaborators/{username}",
  "/repos/{owner}/{repo}/commits/{commit_sha}/comments",
  "/repos/{owner}/{repo}/issues",
  "/repos/{owner}/{repo}/issues/{issue_number}/comments",
  "/repos/{owner}/{repo}/issues/{issue_number}/sub_issue",
  "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues/priority",
  "/repos/{owner}/{repo}/pulls",
  "/repos/{owner}/{repo}/pulls/{pull_number}/comments",
  "/repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies",
  "/repos/{owner}/{repo}/pulls/{pull_number}/merge",
  "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
  "/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
  "/repos/{owner}/{repo}/releases",
  "/teams/{team_id}/discussions",
  "/teams/{team_id}/discussions/{discussion_number}/comments"
];
function routeMatcher(paths) {
  const regexes = paths.map(
    (path) => path.split("/").map((c) => c.startsWith("{") ? "(?:.+?)" : c).join("/")
  );
  const regex2 = `^(?:${regexes.map((r) => `(?:${r})`).join("|")})[^/]*$`;
  return new RegExp(regex2, "i");
}
var regex = routeMatcher(triggers_notification_paths_default);
var triggersNotification = regex.test.bind(regex);
var groups = {};
var createGroups = function(Bottleneck, common) {
  groups.global = new Bottleneck.Group({
    id: "octokit-global",
    maxConcurrent: 10,
    ...common
  });
  groups.auth = new Bottleneck.Group({
    id: "octokit-auth",
    maxConcurrent: 1,
    ...common
  });
  groups.search = new Bottleneck.Group({
    id: "octokit-search",
    maxConcurrent: 1,
    minTime: 2e3,
    ...common
  });
  groups.write = new Bottleneck.Group({
    id: "octokit-write",
    maxConcurrent: 1,
    minTime: 1e3,
    ...common
  });
  groups.notifications = new Bottleneck.Group({
    id: "octokit-notifications",
    maxConcurrent: 1,
    minTime: 3e3,
    ...common
  });
};
function throttling(octokit, octokitOptions) {
  const {
    enabled = true,
    Bottleneck = import_light.default,
    id = "no-id",
    timeout = 1e3 * 60 * 2,
    // Redis TTL: 2 minutes
    connection
  } = octokitOptions.throttle || {};
  if (!enabled) {
    return {};
  }
  const common = { timeout };
  if (typeof connection !== "undefined") {
    common.connection = connection;
  }
  const state = Object.assign(
    {
      clustering: connection != null,
      triggersNotification,
      fallbackSecondaryRateRetryAfter: 60,
      retryAfterBaseValue: 1e3,
      id
    },
    octokitOptions.throttle
  );
  if (typeof state.onSecondaryRateLimit !== "function" || typeof state.onRateLimit !== "function") {
    throw new Error(`octokit/plugin-throttling error:
        You must pass the onSecondaryRateLimit and onRateLimit error handlers.
        See https://octokit.github.io/rest.js/#throttling

        const octokit = new Octokit({
          throttle: {
            onSecondaryRateLimit: (retryAfter, options) => {/* ... */},
            onRateLimit: (retryAfter, options) => {/* ... */}
          }
        })
    `);
  }
  let initialized = false;
  const initializeBottleneck = () => {
    if (initialized) {
      return;
    }
    initialized = true;
    if (groups.global == null) {
      createGroups(Bottleneck, common);
    }
    state.global = state.global ?? groups.global;
    state.auth = state.auth ?? groups.auth;
    state.search = state.search ?? groups.search;
    state.write = state.write ?? groups.write;
    state.notifications = state.notifications ?? groups.notifications;
    state.retryLimiter = state.retryLimiter ?? new Bottleneck();
    const events = {};
    const emitter = new Bottleneck.Events(events);
    events.on("secondary-limit", state.onSecondaryRateLimit);
    events.on("rate-limit", state.onRateLimit);
    events.on(
      "error",
      (e) => octokit.log.warn("Error in throttling-plugin limit handler", e)
    );
    state.retryLimiter.on("failed", async function(error, info) {
      const [state2, request, options] = info.args;
      const { pathname } = new URL(options.url, "http://github.test");
      const shouldRetryGraphQL = pathname.startsWith("/graphql") && error.status !== 401;
      if (!(shouldRetryGraphQL || error.status === 403 || error.status === 429)) {
        return;
      }
      const retryCount = ~~request.retryCount;
      request.retryCount = retryCount;
      options.request.retryCount = retryCount;
      const { wantRetry, retryAfter = 0 } = await (async function() {
        if (/\bsecondary rate\b/i.test(error.message)) {
          const retryAfter2 = Number(error.response.headers["retry-after"]) || state2.fallbackSecondaryRateRetryAfter;
          const wantRetry2 = await emitter.trigger(
            "secondary-limit",
            retryAfter2,
            options,
            octokit,
            retryCount
          );
          return { wantRetry: wantRetry2, retryAfter: retryAfter2 };
        }
        if (error.response.headers != null && error.response.headers["x-ratelimit-remaining"] === "0" || (error.response.data?.errors ?? []).some(
          (error2) => error2.type === "RATE_LIMITED"
        )) {
          const rateLimitReset = new Date(
            ~~error.response.headers["x-ratelimit-reset"] * 1e3
          ).getTime();
          const retryAfter2 = Math.max(
            // Add one second so we retry _after_ the reset time
            // https://docs.github.com/en/rest/overview/resources-in-the-rest-api?apiVersion=2022-11-28#exceeding-the-rate-limit
            Math.ceil((rateLimitReset - Date.now()) / 1e3) + 1,
            0
          );
          const wantRetry2 = await emitter.trigger(
            "rate-limit",
            retryAfter2,
            options,
            octokit,
            retryCount
          );
          return { wantRetry: wantRetry2, retryAfter: retryAfter2 };
        }
        return {};
      })();
      if (wantRetry) {
        request.retryCount++;
        return retryAfter * state2.retryAfterBaseValue;
      }
    });
  };
  octokit.hook.wrap("request", (request, options) => {
    initializeBottleneck();
    return wrapRequest(state, request, options);
  });
  return {};
}
throttling.VERSION = VERSION;
throttling.triggersNotification = triggersNotification;

// node_modules/@octokit/rest/dist-src/version.js
var VERSION2 = "22.0.1";

// node_modules/@octokit/rest/dist-src/index.js
var Octokit2 = Octokit.plugin(requestLog, legacyRestEndpointMethods, paginateRest).defaults(
  {
    userAgent: `octokit-rest.js/${VERSION2}`
  }
);

// src/github/octokit.ts
var StewardOctokit = Octokit2.plugin(retry, throttling);
function createGitHubClient(options) {
  const notice = options.onNotice ?? (() => {
  });
  return new StewardOctokit({
    auth: options.token,
    baseUrl: options.baseUrl ?? "https://api.github.com",
    userAgent: "steward",
    retry: { retries: options.retries ?? 3 },
    throttle: {
      onRateLimit: (after, opts, _o, count) => {
        notice(`GitHub rate limit on ${opts.method} ${opts.url}; retrying in ${after}s`);
        return count < 2;
      },
      onSecondaryRateLimit: (after, opts, _o, count) => {
        notice(`GitHub secondary rate limit on ${opts.method} ${opts.url}; retrying in ${after}s`);
        return count < 2;
      }
    }
  });
}

// src/github/outbound.ts
function createOutbound(secrets, options = {}) {
  const redactor = createRedactor(secrets.filter((s) => s.length > 0));
  const allowedHosts = [...DEFAULT_OUTBOUND_HOSTS];
  try {
    if (options.serverUrl) allowedHosts.push(new URL(options.serverUrl).host);
  } catch {
  }
  return {
    redactor,
    text: (text) => redactOutbound(text, redactor, { allowedHosts }).text,
    containsSecret: (content) => redactor.redactText(content).hits.length > 0
  };
}

// src/github/tracking.ts
var TrackingComment = class _TrackingComment {
  ref;
  #gh;
  #task;
  #outbound;
  /** Settles when the last queued write has; the next write starts after it. */
  #tail = Promise.resolve();
  #final = false;
  constructor(gh, task, outbound, ref) {
    this.#gh = gh;
    this.#task = task;
    this.#outbound = outbound;
    this.ref = ref;
  }
  /**
   * Posts a new tracking comment on `target`'s thread or commit; null when the target has neither
   * (schedule, dispatch), where the job summary carries the result.
   * @throws the Octokit error when GitHub refuses the write.
   */
  static async create(gh, task, target, outbound, body) {
    const { owner, name: repo } = task.repo;
    const text = outbound.text(body);
    if (target.kind === "pull_request" || target.kind === "issue") {
      const { data } = await gh.rest.issues.createComment({
        owner,
        repo,
        issue_number: target.number,
        body: text
      });
      return new _TrackingComment(gh, task, outbound, { kind: "issue", id: data.id, url: data.html_url });
    }
    if (target.kind === "commit" && target.sha && !target.deleted) {
      const { data } = await gh.rest.repos.createCommitComment({
        owner,
        repo,
        commit_sha: target.sha,
        body: text
      });
      return new _TrackingComment(gh, task, outbound, { kind: "commit", id: data.id, url: data.html_url });
    }
    return null;
  }
  /** Wraps an existing comment (a previous session's, reused by a follow-up). */
  static attach(gh, task, outbound, ref) {
    return new _TrackingComment(gh, task, outbound, ref);
  }
  /** True once {@link finalize} was called: later updates are dropped. */
  get finalized() {
    return this.#final;
  }
  /**
   * Replaces the body with an intermediate state, after the writes queued before it. Resolves
   * without writing once the comment is finalized, also when the update was queued earlier but had
   * not been sent yet: it would overwrite the terminal state.
   * @throws the Octokit error when GitHub refuses the write.
   */
  update(body) {
    return this.#enqueue(body, false);
  }
  /**
   * Writes the terminal state as the last write of this comment: it waits for a write in flight (so
   * that one cannot land after it), skips updates queued but not sent, and every later
   * {@link update} is dropped.
   * @throws the Octokit error when GitHub refuses the write.
   */
  finalize(body) {
    this.#final = true;
    return this.#enqueue(body, true);
  }
  #enqueue(body, final) {
    const run = async () => {
      if (this.#final && !final) return;
      await this.#write(body);
    };
    const done = this.#tail.then(run, run);
    this.#tail = done.catch(() => {
    });
    return done;
  }
  async #write(body) {
    const { owner, name: repo } = this.#task.repo;
    const text = this.#outbound.text(body);
    if (this.ref.kind === "issue")
      await this.#gh.rest.issues.updateComment({ owner, repo, comment_id: this.ref.id, body: text });
    else await this.#gh.rest.repos.updateCommitComment({ owner, repo, comment_id: this.ref.id, body: text });
  }
};
async function findPreviousSession(gh, task, number, options) {
  const comments = await gh.paginate(gh.rest.issues.listComments, {
    owner: task.repo.owner,
    repo: task.repo.name,
    issue_number: number,
    per_page: 100
  });
  for (const c of [...comments].reverse()) {
    if (c.user?.login !== options.selfLogin) continue;
    const parsed = parseTrackingComment(c.body ?? "");
    if (!parsed?.meta) continue;
    if (options.agent && parsed.meta.agent !== options.agent) continue;
    if (options.state && parsed.meta.state !== options.state) continue;
    return {
      comment: { kind: "issue", id: c.id, url: c.html_url },
      sessionId: parsed.sessionId,
      meta: parsed.meta
    };
  }
  return null;
}
async function reactEyes(gh, task, warn) {
  const { owner, name: repo } = task.repo;
  try {
    if (task.comment)
      await gh.rest.reactions.createForIssueComment({
        owner,
        repo,
        comment_id: task.comment.id,
        content: "eyes"
      });
  } catch (err) {
    warn(`could not add the \u{1F440} reaction: ${err instanceof Error ? err.message : String(err)}`);
  }
}
async function reply(gh, task, outbound, body, warn) {
  const t = task.target;
  if (t.kind !== "issue" && t.kind !== "pull_request") return;
  try {
    await gh.rest.issues.createComment({
      owner: task.repo.owner,
      repo: task.repo.name,
      issue_number: t.number,
      body: outbound.text(body)
    });
  } catch (err) {
    warn(`could not reply: ${err instanceof Error ? err.message : String(err)}`);
  }
}

// src/github/artifacts.ts
import { existsSync } from "node:fs";
import { join } from "node:path";
async function artifactClient() {
  const { DefaultArtifactClient } = await import("./artifact-S6VBBAMH.js");
  return new DefaultArtifactClient();
}
function artifactName(sessionId) {
  return `steward-${sessionId}`;
}
async function uploadSessionArtifact(sessionId, outDir, redactor, retentionDays) {
  const files = ["events.jsonl", "session.json", "report.html"].map((f) => join(outDir, f)).filter((f) => existsSync(f));
  for (const file of files) redactFile(file, redactor);
  const name = artifactName(sessionId);
  const client = await artifactClient();
  const res = await client.uploadArtifact(name, files, outDir, retentionDays ? { retentionDays } : {});
  return { id: res.id ?? 0, name, size: res.size ?? 0, files };
}
async function downloadSessionArtifact(loc, destDir) {
  const client = await artifactClient();
  const name = artifactName(loc.sessionId);
  const findBy = loc.runId === loc.currentRunId ? {} : {
    findBy: {
      token: loc.token,
      workflowRunId: loc.runId,
      repositoryOwner: loc.owner,
      repositoryName: loc.repo
    }
  };
  const { artifact } = await client.getArtifact(name, findBy);
  await client.downloadArtifact(artifact.id, { path: destDir, ...findBy });
  const events = join(destDir, "events.jsonl");
  if (!existsSync(events)) throw new Error(`artifact ${name} of run ${loc.runId} has no events.jsonl`);
  return events;
}

// src/report/warnings.ts
function loggedWarnings(events) {
  const out = /* @__PURE__ */ new Set();
  for (const e of events) {
    const r = e;
    if (r.type === "steward.warning" && typeof r.message === "string" && r.message.trim())
      out.add(r.message.trim());
  }
  return [...out];
}

// src/action/state.ts
var STATE = {
  outDir: "steward_out_dir",
  sessionId: "steward_session_id",
  /** `true` once the session's outcome was reported; `false` while it runs. */
  done: "steward_done",
  /** JSON `{kind, id, url}` of the tracking comment. */
  tracking: "steward_tracking",
  /**
   * JSON of where the tracking comment goes (`{kind: 'issue', number}` or `{kind: 'commit', sha}`),
   * saved before it exists: a run killed before the comment was written still gets one.
   */
  thread: "steward_thread",
  /** Id of the check run. */
  check: "steward_check",
  agent: "steward_agent",
  /**
   * Directory of final comment bodies GitHub did not accept from the main step (one JSON file
   * `{ref, body}` per comment); the post step writes them again. Set only when there are some.
   */
  unwritten: "steward_unwritten"
};

export {
  readActionInputs,
  createGitHubClient,
  createOutbound,
  TrackingComment,
  findPreviousSession,
  reactEyes,
  reply,
  artifactName,
  uploadSessionArtifact,
  downloadSessionArtifact,
  loggedWarnings,
  STATE
};
