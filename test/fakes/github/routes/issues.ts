/**
 * Issues and issue comments.
 * Sources: https://docs.github.com/en/rest/issues/issues and https://docs.github.com/en/rest/issues/comments
 */

import {
  bodyObject,
  HttpError,
  intParam,
  now,
  optionalString,
  paginate,
  type RouteResult,
  requiredString,
  validationFailed,
} from '../http.ts';
import { reactionRollup, renderLabels, renderUser, repoUrls } from '../render.ts';
import type { RouteContext, RouteDef } from '../router.ts';
import { addComment, addIssue, ensureLabel, ensureUser, findIssue, findPull } from '../state.ts';
import type { IssueCommentRecord, IssueRecord } from '../types.ts';

/** GitHub's limit on issue, comment and review bodies (observed 422 "Body is too long (maximum is 65536 characters)"). */
export const MAX_BODY_LENGTH = 65536;

/** Throws GitHub's 422 for a blank or over-long comment body. */
export function checkCommentBody(body: string, resource: string): void {
  if (body.trim() === '') {
    throw validationFailed({ resource, field: 'body', code: 'custom', message: 'Body cannot be blank' });
  }
  if (body.length > MAX_BODY_LENGTH) {
    throw validationFailed({
      resource,
      field: 'body',
      code: 'custom',
      message: `Body is too long (maximum is ${MAX_BODY_LENGTH} characters)`,
    });
  }
}

/** The issue numbered `{issue_number}` of the request, or a 404. */
export function issueFromParams(ctx: RouteContext): IssueRecord {
  const issue = findIssue(ctx.state, intParam(ctx.params, 'issue_number'));
  if (!issue) throw new HttpError(404, 'Not Found');
  return issue;
}

/** The issue object (issue schema); pull requests carry the `pull_request` link object. */
export function renderIssue(ctx: RouteContext, issue: IssueRecord): Record<string, unknown> {
  const urls = repoUrls(ctx);
  const api = `${urls.api}/issues/${issue.number}`;
  const pull = issue.is_pull_request ? findPull(ctx.state, issue.number) : undefined;
  const rendered: Record<string, unknown> = {
    id: issue.id,
    node_id: issue.node_id,
    url: api,
    repository_url: urls.api,
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: `${urls.html}/${pull ? 'pull' : 'issues'}/${issue.number}`,
    number: issue.number,
    state: issue.state,
    state_reason: issue.state_reason,
    title: issue.title,
    body: issue.body,
    user: renderUser(ctx.state, issue.user),
    labels: renderLabels(ctx, issue.labels),
    assignee: issue.assignees[0] ? renderUser(ctx.state, issue.assignees[0]) : null,
    assignees: issue.assignees.map((a) => renderUser(ctx.state, a)),
    milestone: null,
    locked: issue.locked,
    active_lock_reason: null,
    comments: ctx.state.issueComments.filter((c) => c.issue_number === issue.number).length,
    closed_at: issue.closed_at,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_by: null,
    author_association: issue.author_association,
    reactions: reactionRollup(ctx.state, 'issue', issue.number, api),
  };
  if (pull) {
    rendered.pull_request = {
      url: `${urls.api}/pulls/${issue.number}`,
      html_url: `${urls.html}/pull/${issue.number}`,
      diff_url: `${urls.html}/pull/${issue.number}.diff`,
      patch_url: `${urls.html}/pull/${issue.number}.patch`,
      merged_at: pull.merged_at,
    };
  }
  return rendered;
}

/** The issue comment object (issue-comment schema). */
export function renderComment(ctx: RouteContext, c: IssueCommentRecord): Record<string, unknown> {
  const urls = repoUrls(ctx);
  const isPull = findIssue(ctx.state, c.issue_number)?.is_pull_request ?? false;
  const url = `${urls.api}/issues/comments/${c.id}`;
  return {
    id: c.id,
    node_id: c.node_id,
    url,
    html_url: `${urls.html}/${isPull ? 'pull' : 'issues'}/${c.issue_number}#issuecomment-${c.id}`,
    body: c.body,
    user: renderUser(ctx.state, c.user),
    created_at: c.created_at,
    updated_at: c.updated_at,
    issue_url: `${urls.api}/issues/${c.issue_number}`,
    author_association: c.author_association,
    reactions: reactionRollup(ctx.state, 'issue_comment', c.id, url),
  };
}

/** Label names from a `labels` field given as strings or `{name}` objects, as GitHub accepts both. */
export function labelNamesFrom(value: unknown, resource: string): string[] {
  if (!Array.isArray(value)) throw validationFailed({ resource, field: 'labels', code: 'invalid' });
  return value.map((v) => {
    const name = typeof v === 'string' ? v : (v as { name?: unknown } | null)?.name;
    if (typeof name !== 'string' || name === '')
      throw validationFailed({ resource, field: 'labels', code: 'invalid' });
    return name;
  });
}

function stringList(value: unknown, resource: string, field: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw validationFailed({ resource, field, code: 'invalid' });
  }
  return value as string[];
}

function applyIssueUpdate(ctx: RouteContext, issue: IssueRecord, body: Record<string, unknown>): void {
  const title = body.title;
  if (title !== undefined) {
    if (typeof title !== 'string' && typeof title !== 'number') {
      throw validationFailed({ resource: 'Issue', field: 'title', code: 'invalid' });
    }
    issue.title = String(title);
  }
  const text = optionalString(body, 'body', 'Issue');
  if (text !== undefined) issue.body = text;
  if (body.state !== undefined) {
    if (body.state !== 'open' && body.state !== 'closed') {
      throw validationFailed({ resource: 'Issue', field: 'state', code: 'invalid' });
    }
    if (body.state !== issue.state) issue.closed_at = body.state === 'closed' ? now() : null;
    issue.state = body.state;
    issue.state_reason = body.state === 'closed' ? String(body.state_reason ?? 'completed') : null;
  }
  if (body.labels !== undefined) {
    issue.labels = labelNamesFrom(body.labels, 'Issue').map((n) => ensureLabel(ctx.state, n).name);
  }
  if (body.assignees !== undefined) {
    issue.assignees = stringList(body.assignees, 'Issue', 'assignees');
    for (const a of issue.assignees) ensureUser(ctx.state, a);
  }
  issue.updated_at = now();
}

function getIssue(ctx: RouteContext): RouteResult {
  return { body: renderIssue(ctx, issueFromParams(ctx)) };
}

function listIssues(ctx: RouteContext): RouteResult {
  const stateFilter = ctx.query.state ?? 'open';
  const wanted = (ctx.query.labels ?? '').split(',').filter(Boolean);
  const items = ctx.state.issues
    .filter((i) => stateFilter === 'all' || i.state === stateFilter)
    .filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w.toLowerCase())))
    .sort((a, b) => (ctx.query.direction === 'asc' ? a.number - b.number : b.number - a.number));
  const { page, headers } = paginate(items, ctx.query, `${repoUrls(ctx).api}/issues`);
  return { body: page.map((i) => renderIssue(ctx, i)), headers };
}

function createIssue(ctx: RouteContext): RouteResult {
  const body = bodyObject(ctx.body);
  const title = body.title;
  if (typeof title !== 'string' && typeof title !== 'number') {
    throw validationFailed({ resource: 'Issue', field: 'title', code: 'missing_field' });
  }
  const text = optionalString(body, 'body', 'Issue');
  if (text) checkCommentBody(text, 'Issue');
  const issue = addIssue(ctx.state, {
    title: String(title),
    body: text ?? null,
    user: ctx.actor.login,
    labels: body.labels === undefined ? [] : labelNamesFrom(body.labels, 'Issue'),
    assignees: body.assignees === undefined ? [] : stringList(body.assignees, 'Issue', 'assignees'),
  });
  return {
    status: 201,
    body: renderIssue(ctx, issue),
    headers: { location: `${repoUrls(ctx).api}/issues/${issue.number}` },
  };
}

function updateIssue(ctx: RouteContext): RouteResult {
  const issue = issueFromParams(ctx);
  applyIssueUpdate(ctx, issue, bodyObject(ctx.body));
  return { body: renderIssue(ctx, issue) };
}

function listComments(ctx: RouteContext): RouteResult {
  const issue = issueFromParams(ctx);
  const since = ctx.query.since;
  const items = ctx.state.issueComments.filter(
    (c) => c.issue_number === issue.number && (since === undefined || c.updated_at >= since),
  );
  const { page, headers } = paginate(
    items,
    ctx.query,
    `${repoUrls(ctx).api}/issues/${issue.number}/comments`,
  );
  return { body: page.map((c) => renderComment(ctx, c)), headers };
}

function createComment(ctx: RouteContext): RouteResult {
  const issue = issueFromParams(ctx);
  const text = requiredString(bodyObject(ctx.body), 'body', 'IssueComment');
  checkCommentBody(text, 'IssueComment');
  const comment = addComment(ctx.state, { issue_number: issue.number, body: text, user: ctx.actor.login });
  issue.updated_at = comment.created_at;
  const rendered = renderComment(ctx, comment);
  return { status: 201, body: rendered, headers: { location: String(rendered.url) } };
}

/** The issue comment `{comment_id}` of the request, or a 404. */
export function commentFromParams(ctx: RouteContext): IssueCommentRecord {
  const id = intParam(ctx.params, 'comment_id');
  const comment = ctx.state.issueComments.find((c) => c.id === id);
  if (!comment) throw new HttpError(404, 'Not Found');
  return comment;
}

function getComment(ctx: RouteContext): RouteResult {
  return { body: renderComment(ctx, commentFromParams(ctx)) };
}

function updateComment(ctx: RouteContext): RouteResult {
  const comment = commentFromParams(ctx);
  const text = requiredString(bodyObject(ctx.body), 'body', 'IssueComment');
  checkCommentBody(text, 'IssueComment');
  comment.body = text;
  comment.updated_at = now();
  return { body: renderComment(ctx, comment) };
}

function deleteComment(ctx: RouteContext): RouteResult {
  const comment = commentFromParams(ctx);
  ctx.state.issueComments = ctx.state.issueComments.filter((c) => c !== comment);
  ctx.state.reactions = ctx.state.reactions.filter(
    (r) => !(r.subject === 'issue_comment' && r.subject_id === comment.id),
  );
  return { status: 204 };
}

/** Issue and issue-comment routes. */
export const issueRoutes: RouteDef[] = [
  { route: 'GET /repos/:owner/:repo/issues', handler: listIssues },
  { route: 'POST /repos/:owner/:repo/issues', handler: createIssue },
  { route: 'GET /repos/:owner/:repo/issues/comments/:comment_id', handler: getComment },
  { route: 'PATCH /repos/:owner/:repo/issues/comments/:comment_id', handler: updateComment },
  { route: 'DELETE /repos/:owner/:repo/issues/comments/:comment_id', handler: deleteComment },
  { route: 'GET /repos/:owner/:repo/issues/:issue_number', handler: getIssue },
  { route: 'PATCH /repos/:owner/:repo/issues/:issue_number', handler: updateIssue },
  { route: 'GET /repos/:owner/:repo/issues/:issue_number/comments', handler: listComments },
  { route: 'POST /repos/:owner/:repo/issues/:issue_number/comments', handler: createComment },
];
