import { createRequire as __stewardCreateRequire } from 'node:module'; const require = __stewardCreateRequire(import.meta.url);
import {
  STATE,
  TrackingComment,
  artifactName,
  createGitHubClient,
  createOutbound,
  downloadSessionArtifact,
  findPreviousSession,
  loggedWarnings,
  reactEyes,
  readActionInputs,
  reply,
  uploadSessionArtifact
} from "./chunks/chunk-OIRZFWTB.js";
import {
  ConfirmationError,
  EventPayloadError,
  ResumeError,
  SpecError,
  buildTaskPrompt,
  composeSession,
  createModelClient,
  eventLabel,
  external_exports,
  findSpec,
  hardenedGit,
  isPullRequestTask,
  loadSpecDir,
  newFenceNonce,
  newSessionId,
  pullRequestTarget,
  renderTask,
  replayEvents,
  runSession,
  selectSpecs,
  sessionWarnings,
  stripHiddenMarkup,
  taskFromEvent,
  threadNumber,
  toolEnvironment
} from "./chunks/chunk-ZKBP3YY2.js";
import {
  EventLogWriter,
  ProgressModel,
  STATE_LABEL,
  describeToolInput,
  formatDuration,
  formatUsd,
  newEventId,
  readEventLog,
  renderCommandProblem,
  renderRefusal,
  renderResultComment,
  renderSetupFailureComment,
  renderWorkingComment
} from "./chunks/chunk-SCPEOLL4.js";
import {
  debug,
  error,
  info,
  notice,
  saveState,
  setFailed,
  setOutput,
  summary,
  warning
} from "./chunks/chunk-CNYXSFHH.js";
import "./chunks/chunk-4HGTW4PL.js";
import "./chunks/chunk-SOJ2SJ3H.js";
import "./chunks/chunk-WZQK2JZ7.js";

// src/action/run.ts
import { readFileSync as readFileSync2 } from "node:fs";

// src/github/auth.ts
var TRUSTED_ROLES = /* @__PURE__ */ new Set(["admin", "maintain", "write"]);
var GATED_BY_GITHUB = /* @__PURE__ */ new Set(["schedule", "workflow_dispatch"]);
var STEWARD_MARKER = "<!-- steward:";
var RoleLookup = class {
  #gh;
  #task;
  #cache = /* @__PURE__ */ new Map();
  constructor(gh, task) {
    this.#gh = gh;
    this.#task = task;
  }
  /**
   * The role of `login` (`admin`, `maintain`, `write`, `triage`, `read` or `none`).
   * @throws the Octokit error when GitHub answers something other than 404.
   */
  role(login) {
    let found = this.#cache.get(login);
    if (!found) {
      found = this.#fetch(login);
      this.#cache.set(login, found);
    }
    return found;
  }
  /** Whether `login` has write, maintain or admin. */
  async canWrite(login) {
    return TRUSTED_ROLES.has(await this.role(login));
  }
  async #fetch(login) {
    try {
      const { data } = await this.#gh.rest.repos.getCollaboratorPermissionLevel({
        owner: this.#task.repo.owner,
        repo: this.#task.repo.name,
        username: login
      });
      return data.role_name ?? data.permission;
    } catch (err) {
      if (err.status === 404) return "none";
      throw err;
    }
  }
};
function isBot(login, type) {
  return type === "Bot" || login.endsWith("[bot]");
}
function isOwnComment(comment, selfLogin) {
  return comment.author === selfLogin || comment.body.includes(STEWARD_MARKER);
}
async function authorizeTrigger(roles, task, options) {
  if (task.comment && task.event.action && task.event.action !== "created") {
    return {
      allowed: false,
      role: "none",
      reason: `comment ${task.event.action} events never trigger a run`
    };
  }
  if (task.comment && isOwnComment(task.comment, options.selfLogin)) {
    return { allowed: false, role: "bot", reason: "Steward does not answer its own comments", self: true };
  }
  if (GATED_BY_GITHUB.has(task.event.name)) {
    return { allowed: true, role: "github", reason: `${task.event.name} runs are gated by GitHub` };
  }
  const login = task.comment?.author || task.actor.login;
  const type = task.comment ? task.comment.author_type : task.actor.type;
  if (!login) return { allowed: false, role: "none", reason: "the event names no sender" };
  if (isBot(login, type)) {
    return options.trustedBots.includes(login) ? { allowed: true, role: "bot", reason: `bot ${login} is listed in steward.trusted_bots` } : { allowed: false, role: "bot", reason: `bot ${login} is not listed in steward.trusted_bots` };
  }
  const role = await roles.role(login);
  if (TRUSTED_ROLES.has(role)) return { allowed: true, role, reason: `@${login} has the ${role} role` };
  return {
    allowed: false,
    role,
    reason: role === "none" ? `@${login} is not a collaborator of ${task.repo.full_name}; write, maintain or admin is required` : `@${login} has the ${role} role; write, maintain or admin is required`
  };
}

// src/github/base-files.ts
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix, resolve } from "node:path";

// src/github/git.ts
import { execFile } from "node:child_process";
import { promisify } from "node:util";
var run = promisify(execFile);
var SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin";
async function gitIn(workspace, args, maxBuffer = 64 * 1024 * 1024) {
  const hardened = hardenedGit(workspace, SYSTEM_PATH);
  const { stdout } = await run("git", [...hardened.args, "-C", workspace, ...args], {
    env: hardened.env,
    maxBuffer
  });
  return stdout;
}

// src/github/base-files.ts
async function gitHasCommit(src) {
  try {
    await gitIn(src.workspace, ["cat-file", "-e", `${src.sha}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}
async function readDirAtCommit(src, dir, pattern) {
  const clean = dir.replace(/^\.\/+/, "").replace(/\/+$/, "");
  const out = /* @__PURE__ */ new Map();
  if (await gitHasCommit(src)) {
    const stdout = await gitIn(src.workspace, ["ls-tree", "--name-only", "-z", `${src.sha}:${clean}`]).catch(
      () => ""
    );
    for (const name of stdout.split("\0").filter((n) => pattern.test(n))) {
      const path = posix.join(clean, name);
      const text2 = await gitIn(src.workspace, ["show", `${src.sha}:${path}`], 16 * 1024 * 1024);
      out.set(path, text2);
    }
    return out;
  }
  let entries;
  try {
    const { data } = await src.gh.rest.repos.getContent({
      owner: src.repo.owner,
      repo: src.repo.name,
      path: clean,
      ref: src.sha
    });
    entries = Array.isArray(data) ? data : [];
  } catch (err) {
    if (err.status === 404) return out;
    throw err;
  }
  for (const entry of entries.filter((e) => e.type === "file" && pattern.test(e.name))) {
    const { data } = await src.gh.rest.repos.getContent({
      owner: src.repo.owner,
      repo: src.repo.name,
      path: entry.path,
      ref: src.sha,
      mediaType: { format: "raw" }
    });
    out.set(entry.path, String(data));
  }
  return out;
}
async function loadSpecsAtCommit(src, specDir) {
  const files = await readDirAtCommit(src, specDir, /\.ya?ml$/i);
  const root = mkdtempSync(join(tmpdir(), "steward-base-specs-"));
  try {
    mkdirSync(join(root, specDir), { recursive: true });
    for (const [path, text2] of files) writeFileSync(join(root, path), text2);
    return await loadSpecsIn(root, specDir);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
async function loadSpecsIn(root, specDir) {
  const prefix = `${resolve(root)}/`;
  const label = (text2) => text2.split(prefix).join("");
  try {
    const specs = await loadSpecDir(resolve(root, specDir));
    return specs.map((s) => ({ ...s, source: { file: label(s.source.file) } }));
  } catch (err) {
    if (err instanceof SpecError)
      throw new SpecError(err.issues.map((i) => ({ ...i, file: label(i.file), message: label(i.message) })));
    throw err;
  }
}

// src/github/gather.ts
var GATHER_LIMITS = {
  diff: 6e4,
  comment: 4e3,
  conversationComments: 30,
  reviewComments: 50,
  changedFiles: 300
};
function capText(text2, max) {
  return text2.length > max ? { text: text2.slice(0, max), truncated: true, total: text2.length } : { text: text2, truncated: false, total: text2.length };
}
async function resolveTarget(gh, task) {
  const target = task.target;
  if (target.kind !== "issue" || !target.is_pull_request) return target;
  const { data } = await gh.rest.pulls.get({
    owner: task.repo.owner,
    repo: task.repo.name,
    pull_number: target.number
  });
  return pullRequestTarget(data);
}
async function gatherContext(gh, task, target, roles, options) {
  const { owner, name: repo } = task.repo;
  const attempt = async (what, fallback, fn) => {
    try {
      return await fn();
    } catch (err) {
      options.warn(`could not read ${what}: ${err instanceof Error ? err.message : String(err)}`);
      return fallback;
    }
  };
  const out = {
    target,
    diff: null,
    changedFiles: [],
    reviewComments: [],
    conversation: [],
    laterComments: 0,
    authorRole: "none"
  };
  if (target.kind === "pull_request" || target.kind === "issue") {
    const author = target.author;
    out.authorRole = await attempt(`the role of @${author}`, "none", () => roleOf(roles, author, "User"));
  }
  if (target.kind === "pull_request") {
    const pull_number = target.number;
    out.diff = await attempt(`the diff of #${pull_number}`, null, async () => {
      const { data } = await gh.rest.pulls.get({ owner, repo, pull_number, mediaType: { format: "diff" } });
      return capText(String(data), GATHER_LIMITS.diff);
    });
    out.changedFiles = await attempt(`the files of #${pull_number}`, [], async () => {
      const files = await gh.paginate(gh.rest.pulls.listFiles, { owner, repo, pull_number, per_page: 100 });
      return files.map((f) => f.filename);
    });
    out.reviewComments = await attempt(`the review comments of #${pull_number}`, [], async () => {
      const list = await gh.paginate(gh.rest.pulls.listReviewComments, {
        owner,
        repo,
        pull_number,
        per_page: 100
      });
      const kept = list.filter((c) => !isOwnComment({ author: c.user?.login ?? "", body: c.body }, options.selfLogin)).slice(-GATHER_LIMITS.reviewComments);
      return Promise.all(
        kept.map(async (c) => ({
          author: c.user?.login ?? "",
          role: await roleOf(roles, c.user?.login ?? "", c.user?.type ?? "User"),
          path: c.path,
          line: c.line ?? c.original_line ?? null,
          body: capText(c.body, GATHER_LIMITS.comment).text
        }))
      );
    });
  } else if (target.kind === "commit" && !target.deleted && target.sha) {
    const { before, sha } = target;
    out.diff = await attempt(`the pushed diff`, null, async () => {
      const { data } = before ? await gh.rest.repos.compareCommitsWithBasehead({
        owner,
        repo,
        basehead: `${before}...${sha}`,
        mediaType: { format: "diff" }
      }) : await gh.rest.repos.getCommit({ owner, repo, ref: sha, mediaType: { format: "diff" } });
      return capText(String(data), GATHER_LIMITS.diff);
    });
  }
  if (target.kind === "pull_request" || target.kind === "issue") {
    const issue_number = target.number;
    const cutoff = task.comment?.created_at ? Date.parse(task.comment.created_at) : Number.POSITIVE_INFINITY;
    const all = await attempt(
      `the comments of #${issue_number}`,
      [],
      () => gh.paginate(gh.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 })
    );
    const earlier = all.filter((c) => {
      if (c.id === task.comment?.id) return false;
      if (isOwnComment({ author: c.user?.login ?? "", body: c.body ?? "" }, options.selfLogin)) return false;
      return true;
    });
    const inTime = earlier.filter(
      (c) => Date.parse(c.created_at) <= cutoff && Date.parse(c.updated_at) <= cutoff
    );
    out.laterComments = earlier.length - inTime.length;
    out.conversation = await attempt(
      `the roles of comment authors`,
      [],
      () => Promise.all(
        inTime.slice(-GATHER_LIMITS.conversationComments).map(async (c) => ({
          author: c.user?.login ?? "",
          role: await roleOf(roles, c.user?.login ?? "", c.user?.type ?? "User"),
          body: capText(c.body ?? "", GATHER_LIMITS.comment).text,
          created_at: c.created_at
        }))
      )
    );
  }
  return out;
}
async function roleOf(roles, login, type) {
  if (!login) return "none";
  if (type === "Bot" || login.endsWith("[bot]")) return "bot";
  return roles.role(login);
}

// src/action/finish.ts
import { existsSync, mkdirSync as mkdirSync2, readFileSync, writeFileSync as writeFileSync2 } from "node:fs";
import { tmpdir as tmpdir2 } from "node:os";
import { join as join3 } from "node:path";

// src/github/changes.ts
import { lstat, readFile, readlink } from "node:fs/promises";
import { join as join2 } from "node:path";
var CHANGE_LIMITS = { files: 300, bytes: 10 * 1024 * 1024 };
var PublishError = class extends Error {
  name = "PublishError";
};
var git = (workspace, args) => gitIn(workspace, args);
async function workspaceHead(workspace) {
  try {
    return (await git(workspace, ["rev-parse", "HEAD"])).trim() || null;
  } catch {
    return null;
  }
}
async function workspaceChanges(workspace, since) {
  let tracked;
  let untracked;
  try {
    tracked = await git(workspace, ["diff", "--no-renames", "--name-status", "-z", since, "--"]);
    untracked = await git(workspace, ["ls-files", "--others", "--exclude-standard", "-z"]);
  } catch (err) {
    throw new PublishError(`cannot list the workspace changes since ${since.slice(0, 12)}: ${String(err)}`);
  }
  const paths = /* @__PURE__ */ new Map();
  const parts = tracked.split("\0").filter(Boolean);
  for (let i = 0; i + 1 < parts.length; i += 2) paths.set(parts[i + 1] ?? "", parts[i] === "D");
  for (const p of untracked.split("\0").filter(Boolean)) paths.set(p, false);
  const out = [];
  for (const [path, deleted] of [...paths].sort(([a], [b]) => a < b ? -1 : 1)) {
    if (deleted) {
      out.push({ path, deleted: true });
      continue;
    }
    const full = join2(workspace, path);
    const info2 = await lstat(full).catch(() => null);
    if (!info2) out.push({ path, deleted: true });
    else if (info2.isSymbolicLink())
      out.push({ path, deleted: false, mode: "120000", content: Buffer.from(await readlink(full)) });
    else if (info2.isFile())
      out.push({
        path,
        deleted: false,
        mode: info2.mode & 73 ? "100755" : "100644",
        content: await readFile(full)
      });
  }
  return out;
}
function checkChanges(changes, outbound, allowWorkflowEdits) {
  if (changes.length === 0) throw new PublishError("the workspace has no changes to publish");
  if (changes.length > CHANGE_LIMITS.files)
    throw new PublishError(
      `${changes.length} changed files; at most ${CHANGE_LIMITS.files} can be published at once`
    );
  let bytes = 0;
  for (const c of changes) {
    if (!allowWorkflowEdits && c.path.startsWith(".github/workflows/"))
      throw new PublishError(
        `${c.path} is a workflow file; set steward.allow_workflow_edits: true in the spec to publish workflow changes`
      );
    if (c.deleted) continue;
    bytes += c.content.length;
    if (outbound.containsSecret(c.content.toString("utf8")))
      throw new PublishError(`${c.path} contains a secret of this run; it was not published`);
  }
  if (bytes > CHANGE_LIMITS.bytes)
    throw new PublishError(
      `the changes are ${bytes} bytes; at most ${CHANGE_LIMITS.bytes} can be published at once`
    );
}
async function createCommit(gh, plan, outbound) {
  const { owner, repo } = plan;
  const { data: parent } = await gh.rest.git.getCommit({ owner, repo, commit_sha: plan.parent });
  const tree = [];
  for (const c of plan.changes) {
    if (c.deleted) {
      tree.push({ path: c.path, mode: "100644", type: "blob", sha: null });
      continue;
    }
    const { data: blob } = await gh.rest.git.createBlob({
      owner,
      repo,
      content: c.content.toString("base64"),
      encoding: "base64"
    });
    tree.push({ path: c.path, mode: c.mode, type: "blob", sha: blob.sha });
  }
  const { data: newTree } = await gh.rest.git.createTree({ owner, repo, base_tree: parent.tree.sha, tree });
  const { data: commit } = await gh.rest.git.createCommit({
    owner,
    repo,
    message: outbound.text(plan.message),
    tree: newTree.sha,
    parents: [plan.parent]
  });
  return commit.sha;
}
async function createBranch(gh, target, wanted, sha) {
  for (let i = 1; i <= 20; i++) {
    const name = i === 1 ? wanted : `${wanted}-${i}`;
    try {
      await gh.rest.git.createRef({ ...target, ref: `refs/heads/${name}`, sha });
      return name;
    } catch (err) {
      const status = err.status;
      if (status !== 422) throw err;
    }
  }
  throw new PublishError(`branches ${wanted} to ${wanted}-20 all exist; delete old Steward branches`);
}
function branchSafe(text2) {
  return text2.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[-.]+|[-.]+$/g, "").slice(0, 60) || "agent";
}

// src/github/apply.ts
var ORDER = ["labels", "comment", "review", "issue", "pull_request", "push"];
async function applyOutputs(intents, ctx) {
  const sorted = [...intents].sort((a, b) => ORDER.indexOf(a.type) - ORDER.indexOf(b.type));
  const out = [];
  for (const intent of sorted) {
    if (intent.type === "noop" || intent.type === "result") continue;
    try {
      out.push(await applyOne(intent, ctx));
    } catch (err) {
      const status = err.status;
      const message = err instanceof Error ? err.message : String(err);
      out.push({
        output: intent.type,
        status: "failed",
        detail: err instanceof PublishError ? message : `GitHub refused it${status ? ` (HTTP ${status})` : ""}: ${message}${status === 403 ? "; grant the workflow the permission this output needs" : ""}`
      });
    }
  }
  return out;
}
function footer(ctx) {
  return `

<sub>Written by Steward agent \`${ctx.agent}\`${ctx.runUrl ? ` \xB7 [run](${ctx.runUrl})` : ""}</sub>`;
}
function threadOf(ctx) {
  return ctx.target.kind === "pull_request" || ctx.target.kind === "issue" ? ctx.target.number : null;
}
async function applyOne(intent, ctx) {
  const { gh, outbound } = ctx;
  const owner = ctx.task.repo.owner;
  const repo = ctx.task.repo.name;
  const number = threadOf(ctx);
  switch (intent.type) {
    case "labels": {
      if (number === null) throw new PublishError("there is no issue or pull request to label");
      await gh.rest.issues.addLabels({ owner, repo, issue_number: number, labels: intent.labels });
      return {
        output: "labels",
        status: "applied",
        detail: `added labels ${intent.labels.map((l) => `\`${l}\``).join(", ")}`
      };
    }
    case "comment": {
      const body = outbound.text(intent.body + footer(ctx));
      if (number !== null) {
        const { data } = await gh.rest.issues.createComment({ owner, repo, issue_number: number, body });
        return { output: "comment", status: "applied", url: data.html_url, detail: "posted a comment" };
      }
      if (ctx.target.kind === "commit") {
        const { data } = await gh.rest.repos.createCommitComment({
          owner,
          repo,
          commit_sha: ctx.target.sha,
          body
        });
        return {
          output: "comment",
          status: "applied",
          url: data.html_url,
          detail: "commented on the commit"
        };
      }
      throw new PublishError("there is no issue, pull request or commit to comment on");
    }
    case "review":
      return applyReview(intent, ctx);
    case "issue": {
      const { data } = await gh.rest.issues.create({
        owner,
        repo,
        title: outbound.text(intent.title),
        body: outbound.text(intent.body + footer(ctx)),
        ...intent.labels.length > 0 ? { labels: intent.labels } : {}
      });
      return {
        output: "issue",
        status: "applied",
        url: data.html_url,
        detail: `opened issue #${data.number}`
      };
    }
    case "pull_request":
      return openPullRequest(intent, ctx);
    case "push":
      return pushToBranch(intent, ctx);
    default:
      throw new PublishError(`unknown output ${intent.type}`);
  }
}
async function applyReview(intent, ctx) {
  if (ctx.target.kind !== "pull_request") throw new PublishError("only a pull request can be reviewed");
  const { gh, outbound } = ctx;
  const base = {
    owner: ctx.task.repo.owner,
    repo: ctx.task.repo.name,
    pull_number: ctx.target.number,
    commit_id: ctx.target.head.sha,
    event: intent.event
  };
  const comments = intent.comments.map((c) => ({
    path: c.path,
    line: c.line,
    side: c.side ?? "RIGHT",
    ...c.start_line !== void 0 && c.start_line < c.line ? { start_line: c.start_line, start_side: c.side ?? "RIGHT" } : {},
    body: outbound.text(c.body)
  }));
  try {
    const { data } = await gh.rest.pulls.createReview({
      ...base,
      body: outbound.text(intent.body + footer(ctx)),
      comments
    });
    return {
      output: "review",
      status: "applied",
      url: data.html_url,
      detail: `submitted a review (${intent.event}, ${comments.length} inline comment${comments.length === 1 ? "" : "s"})`
    };
  } catch (err) {
    if (err.status !== 422 || comments.length === 0) throw err;
    const moved = intent.comments.map((c) => `- \`${c.path}:${c.line}\`: ${c.body}`).join("\n");
    const { data } = await gh.rest.pulls.createReview({
      ...base,
      body: outbound.text(
        `${intent.body}

**Comments on lines outside the diff:**
${moved}${footer(ctx)}`
      )
    });
    return {
      output: "review",
      status: "applied",
      url: data.html_url,
      detail: `submitted a review (${intent.event}); GitHub could not place the ${comments.length} inline comments on the diff, so they are in the review body`
    };
  }
}
async function openPullRequest(intent, ctx) {
  const { gh, outbound, task, target } = ctx;
  if (!ctx.startSha)
    throw new PublishError("the workspace is not a git checkout; check out the repository first");
  const changes = await workspaceChanges(ctx.workspace, ctx.startSha);
  checkChanges(changes, outbound, ctx.allowWorkflowEdits);
  const owner = task.repo.owner;
  const repo = task.repo.name;
  const sha = await createCommit(
    gh,
    { owner, repo, parent: ctx.startSha, message: `${intent.title}

${intent.body}`, changes },
    outbound
  );
  const number = threadOf(ctx);
  const branch = await createBranch(
    gh,
    { owner, repo },
    `steward/${branchSafe(ctx.agent)}/${number ?? `run-${ctx.runId || sha.slice(0, 8)}`}`,
    sha
  );
  let base = task.repo.default_branch;
  if (target.kind === "pull_request")
    base = target.head.repo === task.repo.full_name ? target.head.ref : target.base.ref;
  else if (target.kind === "commit" && target.ref.startsWith("refs/heads/"))
    base = target.ref.slice("refs/heads/".length);
  const link = number !== null ? `Requested in #${number}.` : target.kind === "commit" ? `Requested by the push of ${target.sha}.` : "";
  const { data } = await gh.rest.pulls.create({
    owner,
    repo,
    head: branch,
    base,
    title: outbound.text(intent.title),
    body: outbound.text(`${intent.body}

${link}${footer(ctx)}`),
    draft: ctx.draft
  });
  return {
    output: "pull_request",
    status: "applied",
    url: data.html_url,
    detail: `opened ${ctx.draft ? "draft " : ""}pull request #${data.number} from \`${branch}\` (${changes.length} file${changes.length === 1 ? "" : "s"})`
  };
}
async function pushToBranch(intent, ctx) {
  const { gh, outbound, task, target } = ctx;
  if (target.kind !== "pull_request" || target.head.repo !== task.repo.full_name)
    throw new PublishError("push_to_branch works only on pull requests from a branch of this repository");
  if (!ctx.startSha)
    throw new PublishError("the workspace is not a git checkout; check out the pull request head");
  const owner = task.repo.owner;
  const repo = task.repo.name;
  const { data: pull } = await gh.rest.pulls.get({ owner, repo, pull_number: target.number });
  if (pull.head.sha !== ctx.startSha)
    throw new PublishError(
      `the workspace is at ${ctx.startSha.slice(0, 12)} but ${target.head.ref} is at ${pull.head.sha.slice(0, 12)}; check out the pull request head (actions/checkout with ref: \${{ github.event.pull_request.head.sha }}) or it moved during the run`
    );
  const changes = await workspaceChanges(ctx.workspace, ctx.startSha);
  checkChanges(changes, outbound, ctx.allowWorkflowEdits);
  const sha = await createCommit(
    gh,
    { owner, repo, parent: ctx.startSha, message: intent.message, changes },
    outbound
  );
  await gh.rest.git.updateRef({ owner, repo, ref: `heads/${target.head.ref}`, sha, force: false });
  return {
    output: "push",
    status: "applied",
    url: `${task.repo.html_url}/commit/${sha}`,
    detail: `pushed ${sha.slice(0, 12)} to \`${target.head.ref}\` (${changes.length} file${changes.length === 1 ? "" : "s"})`
  };
}

// src/github/rolling-issue.ts
function rollingMarker(agent) {
  return `<!-- steward:rolling-issue agent=${agent} -->`;
}
async function upsertRollingIssue(gh, task, outbound, options) {
  const { owner, name: repo } = task.repo;
  const marker = rollingMarker(options.agent);
  const body = outbound.text(`${marker}
${options.body}`);
  const open = await gh.paginate(gh.rest.issues.listForRepo, { owner, repo, state: "open", per_page: 100 });
  const found = open.find(
    (i) => !i.pull_request && i.user?.login === options.selfLogin && (i.body ?? "").includes(marker)
  );
  if (found) {
    const { data: data2 } = await gh.rest.issues.update({ owner, repo, issue_number: found.number, body });
    return { url: data2.html_url, number: data2.number, created: false };
  }
  const { data } = await gh.rest.issues.create({ owner, repo, title: outbound.text(options.title), body });
  return { url: data.html_url, number: data.number, created: true };
}

// src/report/summary.ts
function renderJobSummary(r, extras = {}) {
  const links = extras.links ?? {};
  const u = r.usage;
  const rows = [
    ["state", STATE_LABEL[r.state]],
    ["stop reason", r.stop_reason?.type ?? "\u2014"],
    ["cost", formatUsd(u.cost_usd)],
    ["input tokens", String(u.input_tokens)],
    ["output tokens", String(u.output_tokens)],
    ["cache read tokens", String(u.cache_read_input_tokens)],
    ["turns", String(r.turns)],
    ["duration", formatDuration(r.duration_ms)],
    ["session", `\`${r.session_id}\``]
  ];
  if (links.artifactName)
    rows.push([
      "artifact",
      links.artifactUrl ? `[\`${links.artifactName}\`](${links.artifactUrl})` : `\`${links.artifactName}\``
    ]);
  if (extras.blockedHosts?.length) rows.push(["blocked hosts", extras.blockedHosts.join(", ")]);
  const table = ["| | |", "|---|---|", ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join("\n");
  const parts = [`## Steward \xB7 ${r.agent}`, ""];
  for (const w of extras.warnings ?? []) parts.push(`\u26A0\uFE0F ${w}`, "");
  parts.push(table);
  for (const n of extras.notes ?? []) parts.push("", n);
  if (r.error) {
    parts.push("", `**What failed:** ${r.error.message}`);
    if (r.error.hint) parts.push("", `**What to change:** ${r.error.hint}`);
  }
  if (extras.outputs?.length) {
    parts.push("", "**Outputs:**");
    for (const o of extras.outputs)
      parts.push(`- ${o.status === "applied" ? "\u2705" : "\u274C"} ${o.url ? `[${o.detail}](${o.url})` : o.detail}`);
  }
  if (extras.pending?.length)
    parts.push(
      "",
      `**Waiting for approval:** ${extras.pending.map((p) => `\`${p.tool}\``).join(", ")} \u2014 answer with \`/steward approve\` or \`/steward deny <reason>\`.`
    );
  parts.push("", r.result.trim(), "");
  return parts.join("\n");
}
var BY_STATE = {
  completed: "success",
  no_changes: "neutral",
  budget_reached: "failure",
  requires_action: "action_required",
  denied: "neutral",
  error: "failure"
};
var VERDICT_WORDS = {
  approve: "success",
  approved: "success",
  pass: "success",
  passed: "success",
  success: "success",
  ok: "success",
  changes: "failure",
  request_changes: "failure",
  reject: "failure",
  rejected: "failure",
  fail: "failure",
  failed: "failure",
  failure: "failure",
  neutral: "neutral"
};
function checkConclusion(state, structured) {
  const byState = BY_STATE[state];
  if (state !== "completed" && state !== "no_changes") return byState;
  if (!structured || typeof structured !== "object") return byState;
  const rec = structured;
  const conclusion = typeof rec.conclusion === "string" ? rec.conclusion.toLowerCase() : "";
  if (["success", "failure", "neutral", "action_required"].includes(conclusion))
    return conclusion;
  const verdict = typeof rec.verdict === "string" ? rec.verdict.toLowerCase() : "";
  return VERDICT_WORDS[verdict] ?? byState;
}
function renderCheckOutput(r, extras = {}) {
  const title = `${STATE_LABEL[r.state]} \xB7 ${formatUsd(r.usage.cost_usd)} \xB7 ${r.turns} turn${r.turns === 1 ? "" : "s"}`;
  const summary3 = renderJobSummary(r, extras);
  return {
    title,
    summary: summary3.length > 65e3 ? `${summary3.slice(0, 65e3)}

[\u2026 truncated]` : summary3
  };
}

// src/action/finish.ts
function setupFailure(spec, sessionId, outDir, message, hint) {
  const now = (/* @__PURE__ */ new Date()).toISOString();
  return {
    session_id: sessionId,
    agent: spec.name,
    model: spec.model.id,
    state: "error",
    stop_reason: null,
    result: "",
    usage: {
      input_tokens: 0,
      output_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
      cost_usd: 0,
      requests: 0
    },
    turns: 0,
    duration_ms: 0,
    error: { type: "steward_error", message, hint },
    event_log: join3(outDir, "events.jsonl"),
    started_at: now,
    ended_at: now
  };
}
async function finishSession(ctx, s) {
  const { inputs, gh, task, target, outbound } = ctx;
  let result = s.result;
  const events = existsSync(result.event_log) ? safeRead(result.event_log) : [];
  const whole = s.resumed && events[0]?.id !== s.resumed[0]?.id ? [...s.resumed, ...events] : events;
  const replay = replayEvents(whole);
  const intents = s.recorder?.intents ?? [];
  const noop = intents.find((i) => i.type === "noop");
  if (noop?.type === "noop" && result.state === "completed") {
    result = { ...result, state: "no_changes", result: result.result.trim() || noop.reason };
    patchSessionJson(s.outDir, result);
  }
  const structuredIntent = [...intents].reverse().find((i) => i.type === "result");
  const structured = structuredIntent?.type === "result" ? structuredIntent.value : void 0;
  let outputs = [];
  const writes = intents.filter((i) => i.type !== "noop" && i.type !== "result");
  if (result.state === "error") {
    outputs = writes.map((i) => ({
      output: i.type,
      status: "failed",
      detail: `${i.type} not applied: the session ended in error`
    }));
  } else if (writes.length > 0) {
    outputs = await applyOutputs(writes, {
      gh,
      task,
      target,
      outbound,
      agent: s.spec.name,
      workspace: inputs.workspace,
      startSha: s.startSha,
      draft: s.spec.outputs.pull_request ? s.spec.outputs.pull_request.draft : true,
      allowWorkflowEdits: s.spec.steward.allow_workflow_edits,
      runId: inputs.runId,
      ...ctx.links.runUrl ? { runUrl: ctx.links.runUrl } : {}
    });
  }
  if (outputs.length > 0)
    appendOutputEvents(result.event_log, outputs, outbound.redactor.redactEvent, ctx.warn);
  const links = { ...ctx.links, artifactName: artifactName(s.sessionId) };
  let artifactId = "";
  if (inputs.uploadArtifact && existsSync(result.event_log)) {
    try {
      const uploaded = await uploadSessionArtifact(s.sessionId, s.outDir, outbound.redactor);
      artifactId = String(uploaded.id);
      if (ctx.links.runUrl) links.artifactUrl = `${ctx.links.runUrl}/artifacts/${uploaded.id}`;
    } catch (err) {
      ctx.warn(
        `could not upload the event log artifact: ${err instanceof Error ? err.message : String(err)}`
      );
    }
  }
  const pending = result.state === "requires_action" ? replay.unanswered.filter((c) => c.evaluated_permission === "ask").map((c) => ({ id: c.id, tool: c.name, summary: describeToolInput(c.input) })) : [];
  const extras = {
    links,
    steps: s.progress.steps,
    outputs,
    pending,
    notes: s.notes,
    blockedHosts: blockedHosts(events),
    // From the whole session: a continued session warns about how its earlier part ran too.
    warnings: loggedWarnings(whole),
    meta: { ...s.meta, state: result.state }
  };
  let commentUrl = s.tracking?.ref.url ?? "";
  if (s.spec.outputs.comment) {
    const body = renderResultComment(result, extras);
    try {
      if (s.tracking) await s.tracking.finalize(body);
      else commentUrl = (await TrackingComment.create(gh, task, target, outbound, body))?.ref.url ?? "";
    } catch (err) {
      ctx.warn(`could not write the final comment: ${err instanceof Error ? err.message : String(err)}`);
      if (s.tracking) keepUnwritten(inputs.runnerTemp, s.tracking.ref, outbound.text(body), ctx.warn);
    }
  }
  await s.check?.finish(
    checkConclusion(result.state, structured),
    renderCheckOutput(result, extras),
    ctx.warn
  );
  const rolling = s.spec.outputs.issue;
  if (rolling && target.kind !== "issue" && target.kind !== "pull_request") {
    try {
      const issue = await upsertRollingIssue(gh, task, outbound, {
        agent: s.spec.name,
        title: rolling.title,
        body: renderResultComment(result, { ...extras, meta: void 0 }),
        selfLogin: inputs.botLogin
      });
      if (!commentUrl) commentUrl = issue.url;
    } catch (err) {
      ctx.warn(
        `could not update the rolling issue "${rolling.title}": ${err instanceof Error ? err.message : String(err)}`
      );
    }
  }
  await writeSummary(outbound.text(renderJobSummary(result, extras)));
  const pullRequestUrl = outputs.find((o) => o.output === "pull_request" && o.status === "applied")?.url ?? "";
  setOutputs({
    session_id: result.session_id,
    status: result.state,
    stop_reason: result.stop_reason?.type ?? "",
    result: outbound.text(result.result),
    result_json: structured === void 0 ? "" : outbound.text(JSON.stringify(structured)),
    cost_usd: result.usage.cost_usd.toFixed(6),
    input_tokens: String(result.usage.input_tokens),
    output_tokens: String(result.usage.output_tokens),
    cache_read_tokens: String(result.usage.cache_read_input_tokens),
    turns: String(result.turns),
    event_log: result.event_log,
    artifact_id: artifactId,
    comment_url: commentUrl,
    pull_request_url: pullRequestUrl
  });
  saveState(STATE.done, "true");
  if (result.state === "error")
    error(
      `Steward: ${result.error?.message ?? "session failed"}${result.error?.hint ? `; ${result.error.hint}` : ""}`
    );
  for (const o of outputs.filter((x) => x.status === "failed"))
    warning(`Steward output ${o.output}: ${o.detail}`);
  return {
    result,
    outputs,
    commentUrl,
    pullRequestUrl,
    artifactId,
    ...structured !== void 0 ? { structured } : {}
  };
}
function safeRead(path) {
  try {
    return readEventLog(path).events;
  } catch {
    return [];
  }
}
function appendOutputEvents(path, outputs, transform, warn) {
  try {
    const log = new EventLogWriter(path, transform);
    try {
      for (const o of outputs)
        log.append({
          id: newEventId(),
          type: "steward.output",
          processed_at: (/* @__PURE__ */ new Date()).toISOString(),
          ...o
        });
    } finally {
      log.close();
    }
  } catch (err) {
    warn(`could not record the outputs in the event log: ${String(err)}`);
  }
}
function patchSessionJson(outDir, result) {
  const path = join3(outDir, "session.json");
  if (!existsSync(path)) return;
  try {
    const session = JSON.parse(readFileSync(path, "utf8"));
    session.steward = { ...session.steward, state: result.state, result: result.result };
    writeFileSync2(path, `${JSON.stringify(session, null, 2)}
`);
  } catch {
  }
}
function keepUnwritten(runnerTemp, ref, body, warn) {
  try {
    const dir = unwrittenDir(runnerTemp);
    mkdirSync2(dir, { recursive: true });
    writeFileSync2(join3(dir, `${ref.kind}-${ref.id}.json`), JSON.stringify({ ref, body }));
    saveState(STATE.unwritten, dir);
  } catch (err) {
    warn(`could not keep the final comment for the post step: ${String(err)}`);
  }
}
function unwrittenDir(runnerTemp) {
  return join3(runnerTemp || tmpdir2(), "steward", "unwritten-comments");
}
function blockedHosts(events) {
  const hosts = /* @__PURE__ */ new Set();
  for (const e of events) {
    const r = e;
    if (typeof r.type === "string" && r.type.startsWith("steward.") && r.type.includes("block") && typeof r.host === "string")
      hosts.add(r.host);
  }
  return [...hosts];
}
async function writeSummary(markdown) {
  try {
    await summary.addRaw(markdown, true).write();
  } catch (err) {
    info(`job summary not written: ${String(err)}`);
  }
}
function setOutputs(outputs) {
  for (const [k, v] of Object.entries(outputs)) setOutput(k, v);
}

// src/github/commands.ts
var COMMAND_PREFIXES = ["/steward", "@steward"];
function commandText(body, prefix) {
  const lines = stripHiddenMarkup(body).split(/\r?\n/);
  let fence = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const trimmed = line.trimStart();
    const marker = /^(`{3,}|~{3,})/.exec(trimmed)?.[1];
    if (marker) {
      if (fence === null) fence = marker[0] ?? null;
      else if (marker[0] === fence) fence = null;
      continue;
    }
    if (fence !== null || trimmed.startsWith(">")) continue;
    if (!trimmed.toLowerCase().startsWith(prefix.toLowerCase())) continue;
    const after = trimmed.slice(prefix.length);
    if (after !== "" && !/^\s/.test(after)) continue;
    return [after.trim(), ...lines.slice(i + 1)].join("\n").trim();
  }
  return null;
}
function parseCommand(body, agentNames) {
  let text2 = null;
  for (const prefix of COMMAND_PREFIXES) {
    text2 = commandText(body, prefix);
    if (text2 !== null) break;
  }
  if (text2 === null) return null;
  let rest = text2;
  let agent = null;
  let fresh = false;
  for (let i = 0; i < 2; i++) {
    const word = /^(\S+)(?:\s+|$)/.exec(rest)?.[1] ?? "";
    const lower = word.toLowerCase();
    if (lower === "approve") return { kind: "approve", agent };
    if (lower === "deny") return { kind: "deny", agent, reason: rest.slice(word.length).trim() };
    if (lower === "new" && !fresh) fresh = true;
    else if (agent === null && agentNames.includes(word)) agent = word;
    else break;
    rest = rest.slice(word.length).trimStart();
  }
  const { text: instruction, budget, problems } = extractBudget(rest);
  return { kind: "run", agent, instruction, fresh, budget, problems };
}
function extractBudget(text2) {
  const budget = {};
  const problems = [];
  const stripped = text2.replace(
    /(^|\s)(budget|turns)=(\S*)/gi,
    (_whole, lead, key, value) => {
      if (key.toLowerCase() === "budget") {
        const m = /^\$?(\d+(?:\.\d+)?)$/.exec(value);
        const usd = m ? Number(m[1]) : Number.NaN;
        if (Number.isFinite(usd) && usd > 0) budget.maxCostUsd = usd;
        else
          problems.push(
            `cannot read \`budget=${value}\`; write a positive amount in USD such as \`budget=$2.50\``
          );
      } else {
        const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
        if (Number.isInteger(n) && n > 0) budget.maxTurns = n;
        else
          problems.push(`cannot read \`turns=${value}\`; write a positive whole number such as \`turns=10\``);
      }
      return lead;
    }
  );
  return { text: stripped.replace(/[ \t]+\n/g, "\n").trim(), budget, problems };
}
function tightenLimits(limits, budget) {
  return {
    ...limits,
    maxTurns: budget.maxTurns !== void 0 ? Math.min(limits.maxTurns, budget.maxTurns) : limits.maxTurns,
    maxCostUsd: budget.maxCostUsd !== void 0 ? Math.min(limits.maxCostUsd, budget.maxCostUsd) : limits.maxCostUsd
  };
}

// src/action/plan.ts
var takesComments = (s) => s.on.issue_comment !== void 0;
async function planRuns(task, specs, agentInput, lookups) {
  const names = specs.map((s) => s.name);
  const command = task.comment && task.event.name === "issue_comment" ? parseCommand(task.comment.body, names) : null;
  let forced;
  if (agentInput) {
    forced = findSpec(specs, agentInput);
    if (!forced)
      return { runs: [], notice: `no agent named "${agentInput}" (agents: ${names.join(", ") || "none"})` };
    if (!command) {
      const request = task.comment && task.event.name === "issue_comment" ? task.comment.body : null;
      const mode = request !== null ? { kind: "continue" } : { kind: "fresh" };
      return { runs: [{ spec: forced, request, budget: {}, mode, command: false }] };
    }
    if (command.agent && command.agent !== forced.name)
      return {
        runs: [],
        problem: `this workflow runs only agent \`${forced.name}\`; leave the agent name out or use that one.`
      };
  }
  const takes = (s) => s === forced || takesComments(s);
  if (command) {
    const named = forced ?? (command.agent ? findSpec(specs, command.agent) : void 0);
    if (named && !takes(named))
      return {
        runs: [],
        problem: `agent \`${named.name}\` does not take comment commands; add \`issue_comment:\` to the \`on:\` block of ${named.source.file}.`
      };
    if (command.kind === "approve" || command.kind === "deny") {
      const waiting = await lookups.previous({
        state: "requires_action",
        ...named ? { agent: named.name } : {}
      });
      const spec = waiting ? findSpec(specs, waiting.meta.agent) : void 0;
      if (!waiting || !spec)
        return {
          runs: [],
          problem: "nothing on this thread is waiting for approval, so there is nothing to approve or deny."
        };
      const mode2 = command.kind === "approve" ? { kind: "approve" } : { kind: "deny", reason: command.reason };
      return { runs: [{ spec, request: null, budget: {}, mode: mode2, command: true, previous: waiting }] };
    }
    if (command.problems.length > 0) return { runs: [], problem: command.problems.join("\n") };
    if (!command.instruction)
      return {
        runs: [],
        problem: "the command has no instruction; write what to do after `/steward`, e.g. `/steward fix the failing test`."
      };
    const mode = command.fresh ? { kind: "fresh" } : { kind: "continue" };
    const base = { request: command.instruction, budget: command.budget, mode, command: true };
    if (named) return { runs: [{ spec: named, ...base }] };
    const candidates = specs.filter((s) => takesComments(s) && s.on.issue_comment?.command === void 0);
    if (candidates.length === 0)
      return {
        runs: [],
        problem: "no agent takes `/steward` commands; add `issue_comment:` (without `command:`) to the `on:` block of an agent, or name one: `/steward AGENT \u2026`."
      };
    if (!command.fresh && candidates.length > 1) {
      const last = await lookups.previous({});
      const again = last ? candidates.find((s) => s.name === last.meta.agent) : void 0;
      if (again) return { runs: [{ spec: again, ...base }] };
    }
    return { runs: candidates.map((spec) => ({ spec, ...base })) };
  }
  const needsFiles = specs.some((s) => {
    const f = task.event.name === "pull_request" ? s.on.pull_request : task.event.name === "pull_request_target" ? s.on.pull_request_target : void 0;
    return f?.paths !== void 0;
  });
  const changedFiles = needsFiles ? await lookups.changedFiles() : void 0;
  const selected = selectSpecs(specs, {
    name: task.event.name,
    ...task.event.action ? { action: task.event.action } : {},
    payload: task.payload,
    ...changedFiles ? { changedFiles } : {}
  });
  if (selected.length === 0) {
    return {
      runs: [],
      notice: `no agent answers ${task.event.name}${task.event.action ? `.${task.event.action}` : ""}`
    };
  }
  return {
    runs: selected.map((spec) => {
      const own = spec.on.issue_comment?.command;
      const request = task.comment && task.event.name === "issue_comment" ? own ? commandText(task.comment.body, own) : task.comment.body : null;
      return {
        spec,
        request,
        budget: {},
        mode: task.comment ? { kind: "continue" } : { kind: "fresh" },
        command: own !== void 0
      };
    })
  };
}

// src/action/session.ts
import { mkdirSync as mkdirSync3 } from "node:fs";
import { tmpdir as tmpdir3 } from "node:os";
import { join as join4 } from "node:path";

// src/github/checks.ts
var CheckRun = class _CheckRun {
  id;
  #gh;
  #task;
  #outbound;
  constructor(gh, task, outbound, id) {
    this.#gh = gh;
    this.#task = task;
    this.#outbound = outbound;
    this.id = id;
  }
  /**
   * Creates check run `steward/<agent>` on `headSha`, in progress. Returns null (after `warn`)
   * when GitHub refuses, e.g. for lack of `checks: write`.
   */
  static async start(gh, task, outbound, options) {
    if (!/^[0-9a-f]{40}$/i.test(options.headSha) || /^0+$/.test(options.headSha)) return null;
    try {
      const { data } = await gh.rest.checks.create({
        owner: task.repo.owner,
        repo: task.repo.name,
        name: `steward/${options.agent}`,
        head_sha: options.headSha,
        status: "in_progress",
        started_at: (/* @__PURE__ */ new Date()).toISOString(),
        ...options.detailsUrl ? { details_url: options.detailsUrl } : {},
        output: {
          title: "working",
          summary: outbound.text(`Steward agent \`${options.agent}\` is working.`)
        }
      });
      return new _CheckRun(gh, task, outbound, data.id);
    } catch (err) {
      const status = err.status;
      options.warn(
        `could not create the check run steward/${options.agent}${status ? ` (HTTP ${status})` : ""}: ${err instanceof Error ? err.message : String(err)}${status === 403 ? "; add `checks: write` to the workflow permissions" : ""}`
      );
      return null;
    }
  }
  /** Completes the run with `conclusion`; failures are reported through `warn`. */
  async finish(conclusion, output, warn) {
    try {
      await this.#gh.rest.checks.update({
        owner: this.#task.repo.owner,
        repo: this.#task.repo.name,
        check_run_id: this.id,
        status: "completed",
        conclusion,
        completed_at: (/* @__PURE__ */ new Date()).toISOString(),
        output: { title: this.#outbound.text(output.title), summary: this.#outbound.text(output.summary) }
      });
    } catch (err) {
      warn(`could not complete the check run: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
};

// src/github/progress.ts
var ThrottledPublisher = class {
  #o;
  #now;
  #last;
  #dirty = false;
  #closed = false;
  #timer = null;
  #inFlight = null;
  constructor(options) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#last = this.#now();
  }
  /** Says the state changed; a write follows within the interval. */
  notify() {
    if (this.#closed) return;
    this.#dirty = true;
    this.#schedule();
  }
  /**
   * Stops publishing and waits for a write in flight; pending changes are dropped (the caller writes
   * the final text, which must not be overtaken by a progress write). Idempotent.
   */
  async close() {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#inFlight;
  }
  #schedule() {
    if (this.#closed || this.#inFlight || this.#timer || !this.#dirty) return;
    const wait = Math.max(0, this.#last + this.#o.intervalMs - this.#now());
    if (wait === 0) {
      this.#flush();
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#flush();
    }, wait);
    this.#timer.unref?.();
  }
  #flush() {
    if (this.#closed || !this.#dirty) return;
    this.#dirty = false;
    this.#last = this.#now();
    this.#inFlight = this.#o.write(this.#o.render()).catch(
      (err) => this.#o.warn(`progress update failed: ${err instanceof Error ? err.message : String(err)}`)
    ).finally(() => {
      this.#inFlight = null;
      this.#schedule();
    });
  }
};

// src/tools/github.ts
var OUTPUT_CAPS = {
  comments: 3,
  /** GitHub refuses comment and review bodies over 65,536 characters. */
  bodyChars: 6e4,
  inlineComments: 30,
  titleChars: 256
};
var OutputRecorder = class {
  intents = [];
  /** Intents of one type. */
  of(type) {
    return this.intents.filter((i) => i.type === type);
  }
};
var text = (max) => external_exports.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);
var ok = (content) => ({ content, is_error: false });
var fail = (content) => ({ content: `Error: ${content}`, is_error: true });
var APPLIED_LATER = "It is applied with Steward\u2019s token after the session ends.";
function tool(name, description, input_schema, schema, record) {
  return {
    name,
    definition: { name, description, input_schema },
    permission: "always_allow",
    async run(input) {
      const parsed = schema.safeParse(input);
      if (!parsed.success) return fail(`invalid input for ${name}:
${external_exports.prettifyError(parsed.error)}`);
      return record(parsed.data);
    }
  };
}
function githubOutputTools(config, recorder) {
  const tools = [];
  const { target } = config;
  const thread = target.kind === "pull_request" || target.kind === "issue";
  if (config.comment && (thread || target.kind === "commit")) {
    tools.push(
      tool(
        "post_comment",
        `Post a markdown comment on the ${target.kind === "commit" ? "pushed commit" : "issue or pull request"} this task is about, in addition to your final answer. At most ${OUTPUT_CAPS.comments} per session. ${APPLIED_LATER}`,
        {
          type: "object",
          properties: { body: { type: "string", description: "Markdown body" } },
          required: ["body"]
        },
        external_exports.object({ body: text(OUTPUT_CAPS.bodyChars) }),
        ({ body }) => {
          if (recorder.of("comment").length >= OUTPUT_CAPS.comments)
            return fail(
              `at most ${OUTPUT_CAPS.comments} comments per session; put the rest in your final answer`
            );
          recorder.intents.push({ type: "comment", body });
          return ok(`Comment recorded. ${APPLIED_LATER}`);
        }
      )
    );
  }
  const review = config.review;
  if (review && target.kind === "pull_request") {
    const events = review.allowApprove ? ["COMMENT", "REQUEST_CHANGES", "APPROVE"] : ["COMMENT", "REQUEST_CHANGES"];
    const inline = external_exports.object({
      path: text(1e3),
      line: external_exports.int().positive(),
      side: external_exports.enum(["LEFT", "RIGHT"]).optional(),
      start_line: external_exports.int().positive().optional(),
      body: text(OUTPUT_CAPS.bodyChars)
    });
    tools.push(
      tool(
        "submit_review",
        `Submit one review of the pull request: a summary and ${review.inline ? "inline comments on lines of the diff (line numbers of the new file, side RIGHT; LEFT for removed lines)" : "no inline comments"}. Event ${events.join(", ")}. One review per session. ${APPLIED_LATER}`,
        {
          type: "object",
          properties: {
            event: { type: "string", enum: events },
            body: { type: "string", description: "Review summary (markdown)" },
            ...review.inline ? {
              comments: {
                type: "array",
                maxItems: OUTPUT_CAPS.inlineComments,
                items: {
                  type: "object",
                  properties: {
                    path: { type: "string" },
                    line: { type: "integer" },
                    side: { type: "string", enum: ["LEFT", "RIGHT"] },
                    start_line: { type: "integer", description: "First line of a multi-line comment" },
                    body: { type: "string" }
                  },
                  required: ["path", "line", "body"]
                }
              }
            } : {}
          },
          required: ["event", "body"]
        },
        external_exports.object({
          event: external_exports.string(),
          body: text(OUTPUT_CAPS.bodyChars),
          comments: external_exports.array(inline).max(OUTPUT_CAPS.inlineComments).default([])
        }),
        (input) => {
          if (!events.includes(input.event))
            return fail(
              input.event === "APPROVE" ? "this agent may not approve (outputs.review.allow_approve is false); use COMMENT" : `event must be one of ${events.join(", ")}`
            );
          if (!review.inline && input.comments.length > 0)
            return fail(
              "inline comments are off for this agent (outputs.review.inline: false); put them in the body"
            );
          if (recorder.of("review").length > 0) return fail("a review was already submitted in this session");
          recorder.intents.push({
            type: "review",
            event: input.event,
            body: input.body,
            comments: input.comments.map((c) => ({ ...c }))
          });
          return ok(
            `Review recorded (${input.event}, ${input.comments.length} inline comments). ${APPLIED_LATER}`
          );
        }
      )
    );
  }
  const changes = () => recorder.intents.some((i) => i.type === "pull_request" || i.type === "push");
  if (config.pullRequest) {
    tools.push(
      tool(
        "open_pull_request",
        `Publish the changes you made in the workspace as a ${config.pullRequest.draft ? "draft " : ""}pull request: Steward commits every changed file to a new branch and opens the pull request, linking this task. Make your edits first; call this once at the end. ${APPLIED_LATER}`,
        {
          type: "object",
          properties: {
            title: { type: "string", description: "Pull request title; also the commit message subject" },
            body: { type: "string", description: "Pull request description (markdown)" }
          },
          required: ["title", "body"]
        },
        external_exports.object({ title: text(OUTPUT_CAPS.titleChars), body: external_exports.string().max(OUTPUT_CAPS.bodyChars) }),
        ({ title, body }) => {
          if (changes()) return fail("the changes are already being published in this session");
          recorder.intents.push({ type: "pull_request", title, body });
          return ok(`Pull request recorded. ${APPLIED_LATER}`);
        }
      )
    );
  }
  if (config.pushToBranch && target.kind === "pull_request" && target.sameRepository) {
    tools.push(
      tool(
        "push_to_branch",
        `Commit the changes you made in the workspace to this pull request's own branch. Call this once at the end. ${APPLIED_LATER}`,
        {
          type: "object",
          properties: { message: { type: "string", description: "Commit message" } },
          required: ["message"]
        },
        external_exports.object({ message: text(1e4) }),
        ({ message }) => {
          if (changes()) return fail("the changes are already being published in this session");
          recorder.intents.push({ type: "push", message });
          return ok(`Push recorded. ${APPLIED_LATER}`);
        }
      )
    );
  }
  if (config.labels.length > 0 && thread) {
    const allowed = [...config.labels];
    tools.push(
      tool(
        "add_labels",
        `Add labels to the issue or pull request. Only these labels are allowed: ${allowed.join(", ")}. ${APPLIED_LATER}`,
        {
          type: "object",
          properties: { labels: { type: "array", items: { type: "string", enum: allowed }, minItems: 1 } },
          required: ["labels"]
        },
        external_exports.object({ labels: external_exports.array(external_exports.string()).min(1) }),
        ({ labels }) => {
          const refused = labels.filter((l) => !allowed.includes(l));
          if (refused.length > 0)
            return fail(`not allowed: ${refused.join(", ")}; allowed labels are ${allowed.join(", ")}`);
          recorder.intents.push({ type: "labels", labels: [...new Set(labels)] });
          return ok(`Labels recorded. ${APPLIED_LATER}`);
        }
      )
    );
  }
  const createIssue = config.createIssue;
  if (createIssue) {
    tools.push(
      tool(
        "create_issue",
        `Open a new issue in this repository. At most ${createIssue.max} per session. ${APPLIED_LATER}`,
        {
          type: "object",
          properties: {
            title: { type: "string" },
            body: { type: "string", description: "Markdown body" },
            labels: {
              type: "array",
              items: { type: "string" },
              description: `Only from: ${config.labels.join(", ") || "(none allowed)"}`
            }
          },
          required: ["title", "body"]
        },
        external_exports.object({
          title: text(OUTPUT_CAPS.titleChars),
          body: external_exports.string().max(OUTPUT_CAPS.bodyChars),
          labels: external_exports.array(external_exports.string()).default([])
        }),
        ({ title, body, labels }) => {
          if (recorder.of("issue").length >= createIssue.max)
            return fail(
              `at most ${createIssue.max} new issue${createIssue.max === 1 ? "" : "s"} per session`
            );
          const refused = labels.filter((l) => !config.labels.includes(l));
          if (refused.length > 0) return fail(`labels not allowed: ${refused.join(", ")}`);
          recorder.intents.push({ type: "issue", title, body, labels });
          return ok(`Issue recorded. ${APPLIED_LATER}`);
        }
      )
    );
  }
  if (config.resultSchema) tools.push(resultTool(config.resultSchema, recorder));
  tools.push(
    tool(
      "noop",
      'Say that nothing needs to be done for this task, and why. The run ends as "no changes needed" with your reason.',
      { type: "object", properties: { reason: { type: "string" } }, required: ["reason"] },
      external_exports.object({ reason: text(1e4) }),
      ({ reason }) => {
        recorder.intents.push({ type: "noop", reason });
        return ok("Noted: nothing to do. End your turn with a short final answer.");
      }
    )
  );
  return tools;
}
function resultTool(schema, recorder) {
  const isObject = schema.type === "object";
  const inputSchema = isObject ? schema : { type: "object", properties: { value: schema }, required: ["value"] };
  let validator;
  try {
    validator = external_exports.fromJSONSchema(schema);
  } catch {
    validator = external_exports.unknown();
  }
  return {
    name: "submit_result",
    definition: {
      name: "submit_result",
      description: "Submit the structured result of this task. Call it once, before your final answer; a later call replaces it.",
      input_schema: inputSchema
    },
    permission: "always_allow",
    async run(input) {
      const value = isObject ? input : input?.value;
      const parsed = validator.safeParse(value);
      if (!parsed.success)
        return fail(`the result does not match the schema:
${external_exports.prettifyError(parsed.error)}`);
      const previous = recorder.intents.findIndex((i) => i.type === "result");
      if (previous >= 0) recorder.intents.splice(previous, 1);
      recorder.intents.push({ type: "result", value });
      return ok("Result recorded.");
    }
  };
}

// src/action/session.ts
async function runPlannedSession(ctx, run2) {
  const { inputs, gh, task, target, outbound } = ctx;
  const spec = run2.spec;
  const notes = [];
  const scratch = join4(inputs.runnerTemp || tmpdir3(), "steward");
  let previous = run2.previous ?? null;
  const number = threadNumber(task);
  if (!previous && run2.mode.kind === "continue" && number !== null) {
    previous = await findPreviousSession(gh, task, number, {
      selfLogin: inputs.botLogin,
      agent: spec.name
    }).catch((err) => {
      ctx.warn(`could not look for a previous session: ${String(err)}`);
      return null;
    });
  }
  let resumeEvents = null;
  let loadFailure = null;
  if (previous && run2.mode.kind !== "fresh") {
    try {
      const dir = join4(scratch, "previous", previous.sessionId);
      mkdirSync3(dir, { recursive: true });
      const path = await downloadSessionArtifact(
        {
          sessionId: previous.sessionId,
          runId: Number(previous.meta.run_id),
          currentRunId: Number(inputs.runId),
          owner: task.repo.owner,
          repo: task.repo.name,
          token: inputs.githubToken
        },
        dir
      );
      resumeEvents = readEventLog(path).events;
    } catch (err) {
      loadFailure = `could not load the event log of session ${previous.sessionId} (run ${previous.meta.run_id}): ${err instanceof Error ? err.message : String(err)}`;
      ctx.warn(loadFailure);
    }
  }
  const answering = run2.mode.kind === "approve" || run2.mode.kind === "deny";
  if (loadFailure && !answering) notes.push(`Started a new session: ${loadFailure}.`);
  if (resumeEvents && previous) notes.push(`Continues session \`${previous.sessionId}\`.`);
  const sessionId = resumeEvents && previous ? previous.sessionId : newSessionId();
  const outDir = join4(scratch, inputs.runId || "local", sessionId);
  saveState(STATE.outDir, outDir);
  saveState(STATE.sessionId, sessionId);
  saveState(STATE.agent, spec.name);
  saveState(STATE.done, "false");
  saveState(STATE.tracking, "");
  saveState(STATE.check, "");
  const budgetNote = [
    run2.budget.maxTurns !== void 0 ? `turns \u2264 ${run2.budget.maxTurns}` : "",
    run2.budget.maxCostUsd !== void 0 ? `cost \u2264 $${run2.budget.maxCostUsd}` : ""
  ].filter(Boolean);
  if (budgetNote.length) notes.push(`Limits tightened by the command: ${budgetNote.join(", ")}.`);
  const headSha = target.kind === "pull_request" ? target.head.sha : target.kind === "commit" ? target.sha : inputs.sha;
  const eyesDone = task.comment ? reactEyes(gh, task, ctx.warn) : Promise.resolve();
  const checkReady = eyesDone.then(async () => {
    const check = await CheckRun.start(gh, task, outbound, {
      agent: spec.name,
      headSha,
      ...ctx.links.runUrl ? { detailsUrl: ctx.links.runUrl } : {},
      warn: ctx.warn
    });
    if (check) saveState(STATE.check, String(check.id));
    return check;
  });
  const meta = { agent: spec.name, run_id: inputs.runId, state: "running" };
  const progress = new ProgressModel();
  for (const e of resumeEvents ?? []) progress.apply(e);
  const working = () => renderWorkingComment({
    sessionId,
    agent: spec.name,
    meta,
    steps: progress.steps,
    note: progress.note,
    turns: progress.turns,
    links: ctx.links,
    notes,
    // Before the log records them: the session is about to run this way.
    warnings: sessionWarnings(spec)
  });
  if (spec.outputs.comment) {
    const thread = target.kind === "pull_request" || target.kind === "issue" ? { kind: target.kind, number: target.number } : target.kind === "commit" ? { kind: "commit", sha: target.sha } : null;
    if (thread) saveState(STATE.thread, JSON.stringify(thread));
  }
  const trackingReady = checkReady.then(async () => {
    if (!spec.outputs.comment) return null;
    try {
      let tracking;
      if (resumeEvents && previous?.comment.kind === "issue") {
        tracking = TrackingComment.attach(gh, task, outbound, previous.comment);
        await tracking.update(working());
      } else {
        tracking = await TrackingComment.create(gh, task, target, outbound, working());
      }
      if (tracking) saveState(STATE.tracking, JSON.stringify(tracking.ref));
      return tracking;
    } catch (err) {
      ctx.warn(`could not write the tracking comment: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  });
  const startSha = await workspaceHead(inputs.workspace);
  const finish = async (result2, recorder2, events) => {
    const [check, tracking] = await Promise.all([checkReady, trackingReady]);
    return finishSession(ctx, {
      spec,
      sessionId,
      outDir,
      result: result2,
      recorder: recorder2,
      tracking,
      check,
      meta,
      notes,
      progress,
      startSha,
      resumed: events
    });
  };
  if (answering && !resumeEvents)
    return finish(
      setupFailure(
        spec,
        sessionId,
        outDir,
        loadFailure ?? "the session waiting for approval was not found",
        "grant the workflow `actions: read` so Steward can download the earlier run\u2019s event log, then answer again"
      ),
      null,
      null
    );
  let confirmations;
  if (answering && resumeEvents) {
    const waiting = replayEvents(resumeEvents).unanswered.filter((c) => c.evaluated_permission === "ask");
    if (waiting.length === 0)
      return finish(
        setupFailure(
          spec,
          sessionId,
          outDir,
          "no tool call of this session waits for approval any more",
          "start a new request with `/steward \u2026`"
        ),
        null,
        null
      );
    const deny = run2.mode.kind === "deny" ? run2.mode.reason : "";
    confirmations = waiting.map(
      (c) => run2.mode.kind === "approve" ? { tool_use_id: c.id, result: "allow" } : { tool_use_id: c.id, result: "deny", ...deny ? { deny_message: deny } : {} }
    );
  }
  const nonce = newFenceNonce();
  let prompt = "";
  if (!answering) {
    if (resumeEvents) {
      prompt = run2.request !== null && task.comment ? `Follow-up request from @${task.comment.author} in a comment:
${run2.request}` : `Continue the task (${eventLabel(task)} on ${task.repo.full_name}).`;
    } else {
      const instruction = instructionFor(inputs, spec, task, run2, nonce);
      const context = await gatherContext(gh, task, target, ctx.roles, {
        selfLogin: inputs.botLogin,
        warn: ctx.warn
      });
      prompt = buildTaskPrompt({
        instruction,
        task,
        context,
        trust: { trustedBots: spec.steward.trusted_bots, untrustedComments: spec.steward.untrusted_comments },
        nonce
      });
    }
  }
  const home = join4(scratch, "home", sessionId);
  mkdirSync3(join4(home, "tmp"), { recursive: true });
  const recorder = new OutputRecorder();
  const publisher = spec.outputs.comment ? new ThrottledPublisher({
    intervalMs: inputs.progressSeconds * 1e3,
    render: working,
    // Progress waits for the comment to exist; without one there is nothing to update.
    write: async (body) => {
      await (await trackingReady)?.update(body);
    },
    warn: ctx.warn
  }) : null;
  const composed = composeSession(spec, {
    sessionId,
    prompt,
    workspace: inputs.workspace,
    outDir,
    toolEnv: toolEnvironment({ parent: inputs.env, home }),
    // Redacts every event (recording steward.redaction) and keeps tools out of the runner's secrets.
    redactor: outbound.redactor,
    protect: { runnerTemp: inputs.runnerTemp, ...inputs.env.HOME ? { hostHome: inputs.env.HOME } : {} },
    model: createModelClient({
      apiKey: inputs.anthropicApiKey,
      ...inputs.anthropicBaseUrl ? { baseURL: inputs.anthropicBaseUrl } : {}
    }),
    ...inputs.model ? { modelOverride: inputs.model } : {},
    nonce,
    listeners: [
      (e) => {
        debug(`event ${e.type}`);
        try {
          if (progress.apply(e)) publisher?.notify();
        } catch (err) {
          ctx.warn(`progress: ${String(err)}`);
        }
      }
    ],
    metadata: {
      trigger: { event: task.event, actor: task.actor.login, comment: task.comment?.url ?? null },
      target,
      run_url: ctx.links.runUrl ?? null,
      run_id: inputs.runId
    },
    ...ctx.signal ? { signal: ctx.signal } : {}
  });
  const options = {
    ...composed,
    tools: [
      ...composed.tools,
      ...githubOutputTools(
        {
          comment: spec.outputs.comment,
          review: spec.outputs.review ? { inline: spec.outputs.review.inline, allowApprove: spec.outputs.review.allow_approve } : false,
          pullRequest: spec.outputs.pull_request ? { draft: spec.outputs.pull_request.draft } : false,
          pushToBranch: spec.outputs.push_to_branch,
          labels: spec.outputs.labels,
          createIssue: spec.outputs.create_issue ? { max: spec.outputs.create_issue.max } : false,
          ...spec.outputs.result_schema ? { resultSchema: spec.outputs.result_schema } : {},
          target: {
            kind: target.kind,
            sameRepository: target.kind === "pull_request" && target.head.repo === task.repo.full_name
          }
        },
        recorder
      )
    ],
    limits: tightenLimits(composed.limits, run2.budget),
    ...resumeEvents ? { resume: { events: resumeEvents, ...confirmations ? { confirmations } : {} } } : {}
  };
  info(
    `Steward: running agent ${spec.name} (${options.agent.model}) as session ${sessionId}${resumeEvents ? " (continued)" : ""}`
  );
  let result;
  try {
    result = await runSession(options);
  } catch (err) {
    if (err instanceof ResumeError || err instanceof ConfirmationError)
      result = setupFailure(spec, sessionId, outDir, err.message, "start over with `/steward new \u2026`");
    else
      result = setupFailure(
        spec,
        sessionId,
        outDir,
        `the session stopped unexpectedly: ${err instanceof Error ? err.message : String(err)}`,
        "this is a bug in Steward; the event log has what happened until then"
      );
  } finally {
    await publisher?.close();
  }
  info(`Steward: session ${sessionId} ended: ${result.state}`);
  return finish(result, recorder, resumeEvents);
}
function instructionFor(inputs, spec, task, run2, nonce) {
  const base = inputs.task || (spec.task ? renderTask(spec.task, task.payload, {
    format: (value, path) => {
      if (value === null) return "";
      if (typeof value !== "string")
        return typeof value === "object" ? JSON.stringify(value) : String(value);
      return /^[\w./@:#+-]{1,100}$/.test(value) ? value : `<untrusted-${nonce} source="${path}">${value.split(nonce).join("")}</untrusted-${nonce}>`;
    }
  }).text : "");
  if (run2.request !== null && task.comment) {
    const request = `Request from @${task.comment.author} in a comment:
${run2.request}`;
    return base ? `${base}

${request}` : request;
  }
  return base || `Handle this ${eventLabel(task)} event.`;
}

// src/action/run.ts
async function runAction(inputs, signal) {
  const gh = createGitHubClient({ token: inputs.githubToken, baseUrl: inputs.apiUrl, onNotice: info });
  const outbound = createOutbound(inputs.secrets, { serverUrl: inputs.serverUrl });
  const warn = (message) => warning(`Steward: ${outbound.text(message)}`);
  const runUrl = inputs.repository && inputs.runId ? `${inputs.serverUrl}/${inputs.repository}/actions/runs/${inputs.runId}` : void 0;
  const links = runUrl ? { runUrl } : {};
  let task;
  try {
    const payload = JSON.parse(readFileSync2(inputs.eventPath, "utf8"));
    task = taskFromEvent(inputs.eventName, payload, {
      repository: inputs.repository,
      serverUrl: inputs.serverUrl
    });
  } catch (err) {
    const message = err instanceof EventPayloadError ? err.message : `cannot read the event payload ${inputs.eventPath}: ${String(err)}`;
    setFailed(message);
    setOutputs({ status: "error" });
    return { ok: false, results: [] };
  }
  const roles = new RoleLookup(gh, task);
  if (task.comment && isOwnComment(task.comment, inputs.botLogin)) {
    notice("Steward: the comment is Steward\u2019s own; nothing to do.");
    await summary2(
      outbound,
      "## Steward\n\nThe triggering comment was written by Steward itself; nothing was run.\n"
    );
    setOutputs({ status: "denied" });
    return { ok: true, results: [] };
  }
  let target = task.target;
  try {
    target = await resolveTarget(gh, task);
  } catch (err) {
    const message = `cannot read pull request #${threadNumber(task)} to find its base commit: ${err instanceof Error ? err.message : String(err)}`;
    setFailed(outbound.text(message));
    await summary2(
      outbound,
      `## Steward \xB7 \u274C error

${message}

No model request was made; re-run the job.
`
    );
    setOutputs({ status: "error" });
    return { ok: false, results: [] };
  }
  let specs;
  try {
    specs = target.kind === "pull_request" && target.base.sha ? await loadSpecsAtCommit(
      { workspace: inputs.workspace, sha: target.base.sha, gh, repo: task.repo },
      inputs.specDir
    ) : await loadSpecsIn(inputs.workspace, inputs.specDir);
  } catch (err) {
    const base = target.kind === "pull_request" ? ` (read from the base commit ${target.base.sha.slice(0, 12)} of the pull request)` : "";
    const message = err instanceof SpecError ? err.format() : `cannot read the agent specs${base}: ${String(err)}`;
    const auth = await authorizeTrigger(roles, task, { trustedBots: [], selfLogin: inputs.botLogin }).catch(
      () => null
    );
    await reportSetupFailure(
      gh,
      task,
      outbound,
      message,
      `fix the spec in ${inputs.specDir}${base} (\`npx steward validate\` checks it locally)`,
      links,
      auth?.allowed === true
    );
    return { ok: false, results: [] };
  }
  const number = threadNumber(task);
  const plan = await planRuns(task, specs, inputs.agent, {
    previous: async (filter) => number === null ? null : findPreviousSession(gh, task, number, { selfLogin: inputs.botLogin, ...filter }).catch(() => null),
    changedFiles: async () => {
      if (target.kind !== "pull_request") return void 0;
      const files = await gh.paginate(gh.rest.pulls.listFiles, {
        owner: task.repo.owner,
        repo: task.repo.name,
        pull_number: target.number,
        per_page: 100
      }).catch(() => null);
      return files?.map((f) => f.filename);
    }
  });
  if (inputs.agent && plan.runs.length === 0 && !plan.problem) {
    await reportSetupFailure(
      gh,
      task,
      outbound,
      plan.notice ?? `no agent named "${inputs.agent}"`,
      "set the `agent` input to one of the agents above",
      links,
      true
    );
    return { ok: false, results: [] };
  }
  if (plan.problem) {
    const auth = await authorizeTrigger(roles, task, { trustedBots: [], selfLogin: inputs.botLogin }).catch(
      () => null
    );
    notice(`Steward: ${plan.problem}`);
    if (auth?.allowed && task.comment)
      await reply(gh, task, outbound, renderCommandProblem(task.comment.author, plan.problem), warn);
    await summary2(outbound, `## Steward

The command was not run: ${plan.problem}
`);
    setOutputs({ status: "no_changes" });
    return { ok: true, results: [] };
  }
  if (plan.runs.length === 0) {
    const notice2 = `${plan.notice ?? "no agent answers this event"} in ${inputs.specDir}; nothing to do, and no model request was made.`;
    notice(`Steward: ${notice2}`);
    await summary2(outbound, `## Steward

No agent ran: ${notice2}
`);
    setOutputs({ status: "no_changes" });
    return { ok: true, results: [] };
  }
  if (isPullRequestTask(task) && target.kind === "pull_request")
    info(`Steward: agent specs read from the base commit ${target.base.sha.slice(0, 12)}`);
  const ctx = {
    inputs,
    gh,
    outbound,
    roles,
    task,
    target,
    links,
    warn,
    ...signal ? { signal } : {}
  };
  const results = [];
  let ok2 = true;
  for (const run2 of plan.runs) {
    const auth = await authorizeTrigger(roles, task, {
      trustedBots: run2.spec.steward.trusted_bots,
      selfLogin: inputs.botLogin
    });
    if (!auth.allowed) {
      notice(`Steward: run of ${run2.spec.name} refused: ${auth.reason}. No model request was made.`);
      const actor = task.comment?.author ?? task.actor.login;
      const human = task.comment ? task.comment.author_type !== "Bot" && !actor.endsWith("[bot]") : false;
      if (run2.command && human && !auth.self && task.event.action === "created" && inputs.refusalReply)
        await reply(gh, task, outbound, renderRefusal(actor, auth.reason), warn);
      await summary2(
        outbound,
        `## Steward \xB7 ${run2.spec.name} \xB7 \u{1F6AB} denied

${auth.reason}. No model request was made.
`
      );
      setOutputs({ status: "denied" });
      continue;
    }
    const outcome = await runPlannedSession(ctx, run2);
    results.push(outcome.result);
    if (outcome.result.state === "error") ok2 = false;
  }
  return { ok: ok2, results };
}
async function reportSetupFailure(gh, task, outbound, message, hint, links, comment) {
  error(outbound.text(message));
  const number = threadNumber(task);
  if (comment)
    try {
      const body = outbound.text(renderSetupFailureComment(message, hint, links));
      if (number !== null)
        await gh.rest.issues.createComment({
          owner: task.repo.owner,
          repo: task.repo.name,
          issue_number: number,
          body
        });
      else if (task.target.kind === "commit" && task.target.sha && !task.target.deleted)
        await gh.rest.repos.createCommitComment({
          owner: task.repo.owner,
          repo: task.repo.name,
          commit_sha: task.target.sha,
          body
        });
    } catch (err) {
      warning(`could not post the failure comment: ${String(err)}`);
    }
  await summary2(outbound, `## Steward \xB7 \u274C error

\`\`\`
${message}
\`\`\`

${hint}
`);
  setOutputs({ status: "error" });
}
async function summary2(outbound, markdown) {
  try {
    await summary.addRaw(outbound.text(markdown), true).write();
  } catch (err) {
    info(`job summary not written: ${String(err)}`);
  }
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
