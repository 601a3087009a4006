/**
 * Pull request reviews and review (inline) comments. Inline comments are checked against the real
 * diff of the pull request: a path outside the diff or a line outside its hunks is refused with 422
 * and the whole review is rejected, as GitHub does.
 * Sources: https://docs.github.com/en/rest/pulls/reviews and https://docs.github.com/en/rest/pulls/comments
 */

import { type DiffEntry, locateLine, locatePosition } from '../diff.ts';
import {
  bodyObject,
  HttpError,
  intParam,
  now,
  optionalInt,
  paginate,
  type RouteResult,
  requiredString,
} from '../http.ts';
import { reactionRollup, renderUser, repoUrls } from '../render.ts';
import type { RouteContext, RouteDef } from '../router.ts';
import { authorAssociation, nextId, nodeId } from '../state.ts';
import type { IssueRecord, PullRecord, ReviewCommentRecord, ReviewRecord } from '../types.ts';
import { checkCommentBody } from './issues.ts';
import { pullFiles, pullFromParams } from './pulls.ts';

/** GitHub's 422 for a review it cannot apply: `{message: 'Unprocessable Entity', errors: [text]}` (observed). */
function unprocessable(text: string): HttpError {
  return new HttpError(422, 'Unprocessable Entity', [text]);
}

const EVENT_STATE = {
  APPROVE: 'APPROVED',
  REQUEST_CHANGES: 'CHANGES_REQUESTED',
  COMMENT: 'COMMENTED',
} as const;

/** The review object ("pull-request-review" schema). */
function renderReview(ctx: RouteContext, r: ReviewRecord): Record<string, unknown> {
  const urls = repoUrls(ctx);
  const html = `${urls.html}/pull/${r.pull_number}#pullrequestreview-${r.id}`;
  const pullUrl = `${urls.api}/pulls/${r.pull_number}`;
  return {
    id: r.id,
    node_id: r.node_id,
    user: renderUser(ctx.state, r.user),
    body: r.body,
    state: r.state,
    html_url: html,
    pull_request_url: pullUrl,
    author_association: r.author_association,
    _links: { html: { href: html }, pull_request: { href: pullUrl } },
    ...(r.submitted_at ? { submitted_at: r.submitted_at } : {}),
    commit_id: r.commit_id,
  };
}

/** The review comment object ("pull-request-review-comment" schema). */
function renderReviewComment(ctx: RouteContext, c: ReviewCommentRecord): Record<string, unknown> {
  const urls = repoUrls(ctx);
  const url = `${urls.api}/pulls/comments/${c.id}`;
  const html = `${urls.html}/pull/${c.pull_number}#discussion_r${c.id}`;
  const pullUrl = `${urls.api}/pulls/${c.pull_number}`;
  return {
    url,
    pull_request_review_id: c.pull_request_review_id,
    id: c.id,
    node_id: c.node_id,
    diff_hunk: c.diff_hunk,
    path: c.path,
    position: c.position,
    original_position: c.position,
    commit_id: c.commit_id,
    original_commit_id: c.commit_id,
    ...(c.in_reply_to_id ? { in_reply_to_id: c.in_reply_to_id } : {}),
    user: renderUser(ctx.state, c.user),
    body: c.body,
    created_at: c.created_at,
    updated_at: c.updated_at,
    html_url: html,
    pull_request_url: pullUrl,
    author_association: c.author_association,
    _links: { self: { href: url }, html: { href: html }, pull_request: { href: pullUrl } },
    start_line: c.start_line,
    original_start_line: c.start_line,
    start_side: c.start_side,
    line: c.line,
    original_line: c.line,
    side: c.side,
    subject_type: 'line',
    reactions: reactionRollup(ctx.state, 'review_comment', c.id, url),
  };
}

/** The PR's files, or null when the fake's repository lacks its commits (then lines are not checked). */
async function filesOrNull(ctx: RouteContext, pull: PullRecord): Promise<DiffEntry[] | null> {
  try {
    return await pullFiles(ctx, pull);
  } catch (error) {
    if (error instanceof HttpError) return null;
    throw error;
  }
}

/**
 * Builds an inline comment record from a request entry (`path`, `body`, and `line`+`side` or the
 * older `position`), locating it in the diff; throws 422 when the path or line is not in the diff.
 */
function inlineComment(
  ctx: RouteContext,
  pull: PullRecord,
  files: DiffEntry[] | null,
  entry: Record<string, unknown>,
  reviewId: number | null,
  commitId: string,
): ReviewCommentRecord {
  const path = requiredString(entry, 'path', 'PullRequestReviewComment');
  const text = requiredString(entry, 'body', 'PullRequestReviewComment');
  checkCommentBody(text, 'PullRequestReviewComment');
  const side = entry.side === 'LEFT' ? 'LEFT' : 'RIGHT';
  let line = optionalInt(entry, 'line', 'PullRequestReviewComment') ?? null;
  let position = optionalInt(entry, 'position', 'PullRequestReviewComment') ?? null;
  const startLine = optionalInt(entry, 'start_line', 'PullRequestReviewComment') ?? null;
  let diffHunk = '';
  let resolvedSide: 'LEFT' | 'RIGHT' = side;
  if (line === null && position === null) throw unprocessable('Line could not be resolved');
  if (files) {
    const file = files.find((f) => f.filename === path);
    if (!file) throw unprocessable('Path could not be resolved');
    const loc =
      line !== null
        ? locateLine(file.patch ?? '', side, line)
        : locatePosition(file.patch ?? '', position ?? 0);
    if (!loc) throw unprocessable('Line could not be resolved');
    if (
      startLine !== null &&
      !locateLine(file.patch ?? '', entry.start_side === 'LEFT' ? 'LEFT' : side, startLine)
    ) {
      throw unprocessable('Start line could not be resolved');
    }
    line = loc.line;
    position = loc.position;
    diffHunk = loc.diffHunk;
    resolvedSide = loc.side;
  }
  const id = nextId(ctx.state);
  const created = now();
  return {
    id,
    node_id: nodeId('PullRequestReviewComment', id),
    pull_number: pull.number,
    pull_request_review_id: reviewId,
    path,
    line,
    side: resolvedSide,
    start_line: startLine,
    start_side: startLine === null ? null : entry.start_side === 'LEFT' ? 'LEFT' : resolvedSide,
    position,
    diff_hunk: diffHunk,
    body: text,
    user: ctx.actor.login,
    commit_id: commitId,
    in_reply_to_id: null,
    author_association: authorAssociation(ctx.state, ctx.actor.login),
    created_at: created,
    updated_at: created,
  };
}

function checkEvent(ctx: RouteContext, issue: IssueRecord, event: unknown, body: string, comments: number) {
  if (event === undefined || event === null || event === '') return;
  if (event !== 'APPROVE' && event !== 'REQUEST_CHANGES' && event !== 'COMMENT') {
    throw unprocessable(`Invalid event: ${String(event)}`);
  }
  // GitHub refuses approving or requesting changes on one's own pull request.
  if (event === 'APPROVE' && issue.user === ctx.actor.login)
    throw unprocessable('Can not approve your own pull request');
  if (event === 'REQUEST_CHANGES' && issue.user === ctx.actor.login) {
    throw unprocessable('Can not request changes on your own pull request');
  }
  // Documented: body is required for REQUEST_CHANGES and COMMENT; a COMMENT made only of inline
  // comments is accepted in practice, so only a COMMENT with neither is refused.
  if (body.trim() === '' && (event === 'REQUEST_CHANGES' || (event === 'COMMENT' && comments === 0))) {
    throw unprocessable(`Review body is required for ${event}`);
  }
}

async function createReview(ctx: RouteContext): Promise<RouteResult> {
  const { pull, issue } = pullFromParams(ctx);
  const body = bodyObject(ctx.body);
  const text = typeof body.body === 'string' ? body.body : '';
  if (text) checkCommentBody(text, 'PullRequestReview');
  const entries = Array.isArray(body.comments) ? (body.comments as Record<string, unknown>[]) : [];
  checkEvent(ctx, issue, body.event, text, entries.length);
  const commitId = typeof body.commit_id === 'string' ? body.commit_id : pull.head.sha;
  const id = nextId(ctx.state);
  const files = entries.length > 0 ? await filesOrNull(ctx, pull) : null;
  // Build every comment before storing anything, so one bad line rejects the whole review.
  const comments = entries.map((e) => inlineComment(ctx, pull, files, bodyObject(e), id, commitId));
  const event = body.event as keyof typeof EVENT_STATE | undefined;
  const review: ReviewRecord = {
    id,
    node_id: nodeId('PullRequestReview', id),
    pull_number: pull.number,
    user: ctx.actor.login,
    body: text,
    state: event ? EVENT_STATE[event] : 'PENDING',
    commit_id: commitId,
    author_association: authorAssociation(ctx.state, ctx.actor.login),
    submitted_at: event ? now() : null,
  };
  ctx.state.reviews.push(review);
  ctx.state.reviewComments.push(...comments);
  return { status: 200, body: renderReview(ctx, review) };
}

function reviewFromParams(ctx: RouteContext, pull: PullRecord): ReviewRecord {
  const id = intParam(ctx.params, 'review_id');
  const review = ctx.state.reviews.find((r) => r.id === id && r.pull_number === pull.number);
  if (!review) throw new HttpError(404, 'Not Found');
  return review;
}

function submitReview(ctx: RouteContext): RouteResult {
  const { pull, issue } = pullFromParams(ctx);
  const review = reviewFromParams(ctx, pull);
  if (review.state !== 'PENDING') throw unprocessable('Can not submit a non-pending review');
  const body = bodyObject(ctx.body);
  const text = typeof body.body === 'string' ? body.body : review.body;
  const comments = ctx.state.reviewComments.filter((c) => c.pull_request_review_id === review.id).length;
  if (body.event === undefined) throw unprocessable('Invalid event: undefined');
  checkEvent(ctx, issue, body.event, text, comments);
  review.body = text;
  review.state = EVENT_STATE[body.event as keyof typeof EVENT_STATE];
  review.submitted_at = now();
  return { body: renderReview(ctx, review) };
}

function listReviews(ctx: RouteContext): RouteResult {
  const { pull } = pullFromParams(ctx);
  const items = ctx.state.reviews.filter((r) => r.pull_number === pull.number);
  const { page, headers } = paginate(items, ctx.query, `${repoUrls(ctx).api}/pulls/${pull.number}/reviews`);
  return { body: page.map((r) => renderReview(ctx, r)), headers };
}

function listReviewComments(ctx: RouteContext): RouteResult {
  const { pull } = pullFromParams(ctx);
  const reviewId = ctx.params.review_id === undefined ? undefined : reviewFromParams(ctx, pull).id;
  const items = ctx.state.reviewComments.filter(
    (c) => c.pull_number === pull.number && (reviewId === undefined || c.pull_request_review_id === reviewId),
  );
  const { page, headers } = paginate(items, ctx.query, `${repoUrls(ctx).api}/pulls/${pull.number}/comments`);
  return { body: page.map((c) => renderReviewComment(ctx, c)), headers };
}

async function createReviewComment(ctx: RouteContext): Promise<RouteResult> {
  const { pull } = pullFromParams(ctx);
  const body = bodyObject(ctx.body);
  const replyTo = optionalInt(body, 'in_reply_to', 'PullRequestReviewComment') ?? ctx.params.comment_id;
  let comment: ReviewCommentRecord;
  if (replyTo !== undefined) {
    const parent = ctx.state.reviewComments.find(
      (c) => c.id === Number(replyTo) && c.pull_number === pull.number,
    );
    if (!parent) throw new HttpError(404, 'Not Found');
    const text = requiredString(body, 'body', 'PullRequestReviewComment');
    checkCommentBody(text, 'PullRequestReviewComment');
    const id = nextId(ctx.state);
    comment = {
      ...parent,
      id,
      node_id: nodeId('PullRequestReviewComment', id),
      body: text,
      in_reply_to_id: parent.id,
    };
    comment.user = ctx.actor.login;
    comment.author_association = authorAssociation(ctx.state, ctx.actor.login);
    comment.created_at = now();
    comment.updated_at = comment.created_at;
  } else {
    const commitId = typeof body.commit_id === 'string' ? body.commit_id : pull.head.sha;
    comment = inlineComment(ctx, pull, await filesOrNull(ctx, pull), body, null, commitId);
    // A lone review comment is wrapped in its own COMMENTED review, as on GitHub.
    const reviewId = nextId(ctx.state);
    comment.pull_request_review_id = reviewId;
    ctx.state.reviews.push({
      id: reviewId,
      node_id: nodeId('PullRequestReview', reviewId),
      pull_number: pull.number,
      user: ctx.actor.login,
      body: '',
      state: 'COMMENTED',
      commit_id: commitId,
      author_association: comment.author_association,
      submitted_at: comment.created_at,
    });
  }
  ctx.state.reviewComments.push(comment);
  return { status: 201, body: renderReviewComment(ctx, comment) };
}

function reviewCommentFromParams(ctx: RouteContext): ReviewCommentRecord {
  const id = intParam(ctx.params, 'comment_id');
  const comment = ctx.state.reviewComments.find((c) => c.id === id);
  if (!comment) throw new HttpError(404, 'Not Found');
  return comment;
}

function updateReviewComment(ctx: RouteContext): RouteResult {
  const comment = reviewCommentFromParams(ctx);
  const text = requiredString(bodyObject(ctx.body), 'body', 'PullRequestReviewComment');
  checkCommentBody(text, 'PullRequestReviewComment');
  comment.body = text;
  comment.updated_at = now();
  return { body: renderReviewComment(ctx, comment) };
}

function deleteReviewComment(ctx: RouteContext): RouteResult {
  const comment = reviewCommentFromParams(ctx);
  ctx.state.reviewComments = ctx.state.reviewComments.filter((c) => c !== comment);
  return { status: 204 };
}

/** Review and review-comment routes. */
export const reviewRoutes: RouteDef[] = [
  {
    route: 'GET /repos/:owner/:repo/pulls/comments/:comment_id',
    handler: (ctx) => ({ body: renderReviewComment(ctx, reviewCommentFromParams(ctx)) }),
  },
  { route: 'PATCH /repos/:owner/:repo/pulls/comments/:comment_id', handler: updateReviewComment },
  { route: 'DELETE /repos/:owner/:repo/pulls/comments/:comment_id', handler: deleteReviewComment },
  { route: 'POST /repos/:owner/:repo/pulls/:pull_number/reviews', handler: createReview },
  { route: 'GET /repos/:owner/:repo/pulls/:pull_number/reviews', handler: listReviews },
  {
    route: 'GET /repos/:owner/:repo/pulls/:pull_number/reviews/:review_id',
    handler: (ctx) => ({ body: renderReview(ctx, reviewFromParams(ctx, pullFromParams(ctx).pull)) }),
  },
  { route: 'POST /repos/:owner/:repo/pulls/:pull_number/reviews/:review_id/events', handler: submitReview },
  {
    route: 'GET /repos/:owner/:repo/pulls/:pull_number/reviews/:review_id/comments',
    handler: listReviewComments,
  },
  { route: 'GET /repos/:owner/:repo/pulls/:pull_number/comments', handler: listReviewComments },
  { route: 'POST /repos/:owner/:repo/pulls/:pull_number/comments', handler: createReviewComment },
  {
    route: 'POST /repos/:owner/:repo/pulls/:pull_number/comments/:comment_id/replies',
    handler: createReviewComment,
  },
];
