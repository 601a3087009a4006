/**
 * Pull requests: get (JSON, diff and patch media types), list, create, update, files and commits.
 * Diffs, files and counts are computed by real `git` from the head and base commits in the fake's
 * bare repository, using the merge base as GitHub's three-dot comparison does.
 * Source: https://docs.github.com/en/rest/pulls/pulls
 */

import { type DiffEntry, diffEntries } from '../diff.ts';
import {
  bodyObject,
  diffResult,
  HttpError,
  intParam,
  now,
  optionalString,
  paginate,
  type RouteResult,
  requiredString,
  validationFailed,
} from '../http.ts';
import { renderLabels, renderUser, repoUrls } from '../render.ts';
import type { RouteContext, RouteDef } from '../router.ts';
import { addPullRequest, findIssue, findPull } from '../state.ts';
import type { IssueRecord, PullRecord, PullSide } from '../types.ts';
import { renderCommit } from './commits.ts';
import { checkCommentBody } from './issues.ts';

/** The pull request `{pull_number}` of the request with its issue half, or a 404. */
export function pullFromParams(ctx: RouteContext): { pull: PullRecord; issue: IssueRecord } {
  const n = intParam(ctx.params, 'pull_number');
  const pull = findPull(ctx.state, n);
  const issue = findIssue(ctx.state, n);
  if (!pull || !issue) throw new HttpError(404, 'Not Found');
  return { pull, issue };
}

/**
 * The commits a pull request's diff runs between: the merge base of base and head, and head.
 * Throws 404 explaining the cause when the fake's repository lacks either commit (a payload seeded
 * without a real repository behind it).
 */
export async function pullRange(ctx: RouteContext, pull: PullRecord): Promise<{ from: string; to: string }> {
  const head = await ctx.git.resolve(pull.head.sha);
  const base = await ctx.git.resolve(pull.base.sha);
  if (!head || !base) {
    const missing = head ? pull.base.sha : pull.head.sha;
    throw new HttpError(
      404,
      `Not Found: the fake's git repository has no commit ${missing} (start it with bareRepo)`,
    );
  }
  return { from: (await ctx.git.mergeBase(base, head)) ?? base, to: head };
}

/** The changed files of a pull request (GitHub's `pulls/{n}/files` entries). */
export async function pullFiles(ctx: RouteContext, pull: PullRecord): Promise<DiffEntry[]> {
  const { from, to } = await pullRange(ctx, pull);
  return diffEntries(ctx.git, from, to, { ...repoUrls(ctx), ref: to });
}

function renderSide(ctx: RouteContext, side: PullSide): Record<string, unknown> {
  const { repo } = ctx.state;
  const urls = repoUrls(ctx);
  return {
    label: `${repo.owner}:${side.ref}`,
    ref: side.ref,
    sha: side.sha,
    user: renderUser(ctx.state, repo.owner),
    repo: {
      id: repo.id,
      node_id: repo.node_id,
      name: repo.name,
      full_name: `${repo.owner}/${repo.name}`,
      owner: renderUser(ctx.state, repo.owner),
      private: repo.private,
      html_url: urls.html,
      url: urls.api,
      default_branch: repo.default_branch,
    },
  };
}

/**
 * The pull request object. `detailed` adds the fields only the single-PR endpoint returns
 * (mergeability, counts of commits, additions, deletions, changed files), computed from git when the
 * commits exist and 0 otherwise.
 */
export async function renderPull(
  ctx: RouteContext,
  pull: PullRecord,
  issue: IssueRecord,
  detailed: boolean,
): Promise<Record<string, unknown>> {
  const urls = repoUrls(ctx);
  const api = `${urls.api}/pulls/${pull.number}`;
  const html = `${urls.html}/pull/${pull.number}`;
  const rendered: Record<string, unknown> = {
    url: api,
    id: pull.id,
    node_id: pull.node_id,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${urls.api}/issues/${pull.number}`,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${urls.api}/pulls/comments{/number}`,
    comments_url: `${urls.api}/issues/${pull.number}/comments`,
    statuses_url: `${urls.api}/statuses/${pull.head.sha}`,
    number: pull.number,
    state: issue.state,
    locked: issue.locked,
    title: issue.title,
    user: renderUser(ctx.state, issue.user),
    body: issue.body,
    labels: renderLabels(ctx, issue.labels),
    milestone: null,
    active_lock_reason: null,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_at: issue.closed_at,
    merged_at: pull.merged_at,
    merge_commit_sha: pull.merge_commit_sha,
    assignee: issue.assignees[0] ? renderUser(ctx.state, issue.assignees[0]) : null,
    assignees: issue.assignees.map((a) => renderUser(ctx.state, a)),
    requested_reviewers: [],
    requested_teams: [],
    head: renderSide(ctx, pull.head),
    base: renderSide(ctx, pull.base),
    _links: {
      self: { href: api },
      html: { href: html },
      issue: { href: `${urls.api}/issues/${pull.number}` },
    },
    author_association: issue.author_association,
    auto_merge: null,
    draft: pull.draft,
  };
  if (!detailed) return rendered;
  let files: DiffEntry[] = [];
  let commits = 0;
  try {
    files = await pullFiles(ctx, pull);
    commits = (await ctx.git.commitsBetween(pull.base.sha, pull.head.sha)).length;
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
  }
  return {
    ...rendered,
    merged: pull.merged,
    mergeable: issue.state === 'open' ? true : null,
    rebaseable: issue.state === 'open' ? true : null,
    mergeable_state: issue.state === 'open' ? 'clean' : 'unknown',
    merged_by: null,
    comments: ctx.state.issueComments.filter((c) => c.issue_number === pull.number).length,
    review_comments: ctx.state.reviewComments.filter((c) => c.pull_number === pull.number).length,
    maintainer_can_modify: pull.maintainer_can_modify,
    commits,
    additions: files.reduce((n, f) => n + f.additions, 0),
    deletions: files.reduce((n, f) => n + f.deletions, 0),
    changed_files: files.length,
  };
}

async function getPull(ctx: RouteContext): Promise<RouteResult> {
  const { pull, issue } = pullFromParams(ctx);
  if (ctx.format === 'diff') {
    const { from, to } = await pullRange(ctx, pull);
    return diffResult('diff', await ctx.git.diff(from, to));
  }
  if (ctx.format === 'patch') {
    const { from, to } = await pullRange(ctx, pull);
    return diffResult('patch', await ctx.git.formatPatch(from, to));
  }
  return { body: await renderPull(ctx, pull, issue, true) };
}

async function listPulls(ctx: RouteContext): Promise<RouteResult> {
  const wantState = ctx.query.state ?? 'open';
  const head = ctx.query.head?.replace(/^[^:]*:/, '');
  const pairs = ctx.state.pulls
    .map((pull) => ({ pull, issue: findIssue(ctx.state, pull.number) }))
    .filter((p): p is { pull: PullRecord; issue: IssueRecord } => p.issue !== undefined)
    .filter(({ issue }) => wantState === 'all' || issue.state === wantState)
    .filter(({ pull }) => head === undefined || pull.head.ref === head)
    .filter(({ pull }) => ctx.query.base === undefined || pull.base.ref === ctx.query.base)
    .sort((a, b) =>
      ctx.query.direction === 'asc' ? a.pull.number - b.pull.number : b.pull.number - a.pull.number,
    );
  const { page, headers } = paginate(pairs, ctx.query, `${repoUrls(ctx).api}/pulls`);
  return {
    body: await Promise.all(page.map(({ pull, issue }) => renderPull(ctx, pull, issue, false))),
    headers,
  };
}

async function createPull(ctx: RouteContext): Promise<RouteResult> {
  const body = bodyObject(ctx.body);
  const title = requiredString(body, 'title', 'PullRequest');
  const text = optionalString(body, 'body', 'PullRequest');
  if (text) checkCommentBody(text, 'PullRequest');
  // `head` may be written `owner:branch`; only same-repository heads are served.
  const headRef = requiredString(body, 'head', 'PullRequest').replace(/^[^:]*:/, '');
  const baseRef = requiredString(body, 'base', 'PullRequest');
  const headSha = await ctx.git.getRef(`refs/heads/${headRef}`);
  if (!headSha) throw validationFailed({ resource: 'PullRequest', field: 'head', code: 'invalid' });
  const baseSha = await ctx.git.getRef(`refs/heads/${baseRef}`);
  if (!baseSha) throw validationFailed({ resource: 'PullRequest', field: 'base', code: 'invalid' });
  const { owner } = ctx.state.repo;
  const duplicate = ctx.state.pulls.find(
    (p) =>
      p.head.ref === headRef && p.base.ref === baseRef && findIssue(ctx.state, p.number)?.state === 'open',
  );
  if (duplicate) {
    throw validationFailed({
      resource: 'PullRequest',
      field: 'head',
      code: 'custom',
      message: `A pull request already exists for ${owner}:${headRef}.`,
    });
  }
  if ((await ctx.git.commitsBetween(baseSha, headSha)).length === 0) {
    throw validationFailed({
      resource: 'PullRequest',
      field: 'head',
      code: 'custom',
      message: `No commits between ${baseRef} and ${headRef}`,
    });
  }
  const { pull, issue } = addPullRequest(ctx.state, {
    title,
    body: text ?? null,
    user: ctx.actor.login,
    head: { ref: headRef, sha: headSha },
    base: { ref: baseRef, sha: baseSha },
    draft: body.draft === true,
  });
  pull.maintainer_can_modify = body.maintainer_can_modify === true;
  const rendered = await renderPull(ctx, pull, issue, true);
  return { status: 201, body: rendered, headers: { location: String(rendered.url) } };
}

async function updatePull(ctx: RouteContext): Promise<RouteResult> {
  const { pull, issue } = pullFromParams(ctx);
  const body = bodyObject(ctx.body);
  const title = optionalString(body, 'title', 'PullRequest');
  if (title) issue.title = title;
  const text = optionalString(body, 'body', 'PullRequest');
  if (text !== undefined) issue.body = text;
  if (body.state === 'open' || body.state === 'closed') {
    if (body.state !== issue.state) issue.closed_at = body.state === 'closed' ? now() : null;
    issue.state = body.state;
  } else if (body.state !== undefined) {
    throw validationFailed({ resource: 'PullRequest', field: 'state', code: 'invalid' });
  }
  const base = optionalString(body, 'base', 'PullRequest');
  if (base) {
    const sha = await ctx.git.getRef(`refs/heads/${base}`);
    if (!sha) throw validationFailed({ resource: 'PullRequest', field: 'base', code: 'invalid' });
    pull.base = { ref: base, sha };
  }
  if (typeof body.maintainer_can_modify === 'boolean')
    pull.maintainer_can_modify = body.maintainer_can_modify;
  issue.updated_at = now();
  return { body: await renderPull(ctx, pull, issue, true) };
}

async function listFiles(ctx: RouteContext): Promise<RouteResult> {
  const { pull } = pullFromParams(ctx);
  const files = await pullFiles(ctx, pull);
  const { page, headers } = paginate(files, ctx.query, `${repoUrls(ctx).api}/pulls/${pull.number}/files`);
  return { body: page, headers };
}

async function listPullCommits(ctx: RouteContext): Promise<RouteResult> {
  const { pull } = pullFromParams(ctx);
  const { to } = await pullRange(ctx, pull);
  const shas = await ctx.git.commitsBetween(pull.base.sha, to);
  const commits = await Promise.all(shas.map((sha) => renderCommit(ctx, sha, false)));
  const { page, headers } = paginate(commits, ctx.query, `${repoUrls(ctx).api}/pulls/${pull.number}/commits`);
  return { body: page, headers };
}

/** Pull request routes (reviews and review comments are in reviews.ts). */
export const pullRoutes: RouteDef[] = [
  { route: 'GET /repos/:owner/:repo/pulls', handler: listPulls },
  { route: 'POST /repos/:owner/:repo/pulls', handler: createPull },
  { route: 'GET /repos/:owner/:repo/pulls/:pull_number', handler: getPull },
  { route: 'PATCH /repos/:owner/:repo/pulls/:pull_number', handler: updatePull },
  { route: 'GET /repos/:owner/:repo/pulls/:pull_number/files', handler: listFiles },
  { route: 'GET /repos/:owner/:repo/pulls/:pull_number/commits', handler: listPullCommits },
];
