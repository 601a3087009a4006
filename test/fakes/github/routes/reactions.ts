/**
 * Reactions on issues, issue comments, commit comments and pull request review comments.
 * Source: https://docs.github.com/en/rest/reactions/reactions
 */

import { bodyObject, HttpError, intParam, now, type RouteResult, validationFailed } from '../http.ts';
import { renderUser } from '../render.ts';
import type { RouteContext, RouteDef } from '../router.ts';
import { findIssue, nextId, nodeId } from '../state.ts';
import {
  REACTION_CONTENTS,
  type ReactionContent,
  type ReactionRecord,
  type ReactionSubject,
} from '../types.ts';

/** The subject a reaction route addresses, after checking it exists (404 otherwise). */
function subjectOf(ctx: RouteContext, subject: ReactionSubject): number {
  const s = ctx.state;
  if (subject === 'issue') {
    const n = intParam(ctx.params, 'issue_number');
    if (!findIssue(s, n)) throw new HttpError(404, 'Not Found');
    return n;
  }
  const id = intParam(ctx.params, 'comment_id');
  const exists =
    subject === 'issue_comment'
      ? s.issueComments.some((c) => c.id === id)
      : subject === 'commit_comment'
        ? s.commitComments.some((c) => c.id === id)
        : s.reviewComments.some((c) => c.id === id);
  if (!exists) throw new HttpError(404, 'Not Found');
  return id;
}

function render(ctx: RouteContext, r: ReactionRecord): Record<string, unknown> {
  return {
    id: r.id,
    node_id: r.node_id,
    user: renderUser(ctx.state, r.user),
    content: r.content,
    created_at: r.created_at,
  };
}

function create(subject: ReactionSubject) {
  return (ctx: RouteContext): RouteResult => {
    const subjectId = subjectOf(ctx, subject);
    const content = bodyObject(ctx.body).content;
    if (typeof content !== 'string' || !(REACTION_CONTENTS as readonly string[]).includes(content)) {
      throw validationFailed({ resource: 'Reaction', field: 'content', code: 'invalid' });
    }
    const existing = ctx.state.reactions.find(
      (r) =>
        r.subject === subject &&
        r.subject_id === subjectId &&
        r.user === ctx.actor.login &&
        r.content === content,
    );
    // 200 with the existing reaction when this user already reacted with this content (documented).
    if (existing) return { status: 200, body: render(ctx, existing) };
    const id = nextId(ctx.state);
    const reaction: ReactionRecord = {
      id,
      node_id: nodeId('Reaction', id),
      subject,
      subject_id: subjectId,
      content: content as ReactionContent,
      user: ctx.actor.login,
      created_at: now(),
    };
    ctx.state.reactions.push(reaction);
    return { status: 201, body: render(ctx, reaction) };
  };
}

function list(subject: ReactionSubject) {
  return (ctx: RouteContext): RouteResult => {
    const subjectId = subjectOf(ctx, subject);
    const items = ctx.state.reactions.filter(
      (r) =>
        r.subject === subject &&
        r.subject_id === subjectId &&
        (ctx.query.content === undefined || r.content === ctx.query.content),
    );
    return { body: items.map((r) => render(ctx, r)) };
  };
}

function remove(subject: ReactionSubject) {
  return (ctx: RouteContext): RouteResult => {
    const subjectId = subjectOf(ctx, subject);
    const id = intParam(ctx.params, 'reaction_id');
    const before = ctx.state.reactions.length;
    ctx.state.reactions = ctx.state.reactions.filter(
      (r) => !(r.id === id && r.subject === subject && r.subject_id === subjectId),
    );
    if (ctx.state.reactions.length === before) throw new HttpError(404, 'Not Found');
    return { status: 204 };
  };
}

function routesFor(prefix: string, subject: ReactionSubject): RouteDef[] {
  return [
    { route: `POST /repos/:owner/:repo/${prefix}/reactions`, handler: create(subject) },
    { route: `GET /repos/:owner/:repo/${prefix}/reactions`, handler: list(subject) },
    { route: `DELETE /repos/:owner/:repo/${prefix}/reactions/:reaction_id`, handler: remove(subject) },
  ];
}

/** Reaction routes for the four reactable subjects. */
export const reactionRoutes: RouteDef[] = [
  ...routesFor('issues/comments/:comment_id', 'issue_comment'),
  ...routesFor('issues/:issue_number', 'issue'),
  ...routesFor('comments/:comment_id', 'commit_comment'),
  ...routesFor('pulls/comments/:comment_id', 'review_comment'),
];
