/**
 * Commits (REST commit objects with stats and files), comparisons, and commit comments, all read
 * from the fake's bare git repository.
 * Sources: https://docs.github.com/en/rest/commits/commits and https://docs.github.com/en/rest/commits/comments
 */

import { diffEntries } from '../diff.ts';
import { EMPTY_TREE_SHA, type GitIdentity } from '../git.ts';
import {
  bodyObject,
  diffResult,
  HttpError,
  intParam,
  now,
  optionalInt,
  optionalString,
  paginate,
  type RouteResult,
  requiredString,
} from '../http.ts';
import { reactionRollup, renderUser, repoUrls } from '../render.ts';
import type { RouteContext, RouteDef } from '../router.ts';
import { authorAssociation, nextId, nodeId } from '../state.ts';
import type { CommitCommentRecord } from '../types.ts';
import { checkCommentBody } from './issues.ts';

/** Resolves a ref, branch name or sha to a commit sha; 422 "No commit found for SHA" as GitHub answers. */
export async function commitShaOf(ctx: RouteContext, ref: string): Promise<string> {
  const sha = (await ctx.git.resolve(ref)) ?? (await ctx.git.resolve(`refs/heads/${ref}`));
  if (!sha) throw new HttpError(422, `No commit found for SHA: ${ref}`);
  return sha;
}

/** The GitHub account a git identity belongs to, when the fake knows a user by that name or login. */
function accountOf(ctx: RouteContext, who: GitIdentity): Record<string, unknown> | null {
  const noreply = /^(?:\d+\+)?([^@]+)@users\.noreply\.github\.com$/.exec(who.email)?.[1];
  const login = [noreply, who.name].find((l) => l !== undefined && ctx.state.users.has(l));
  return login ? renderUser(ctx.state, login) : null;
}

/** The verification block of an unsigned commit (the fake never signs). */
export const UNSIGNED = {
  verified: false,
  reason: 'unsigned',
  signature: null,
  payload: null,
  verified_at: null,
};

/**
 * The REST commit object for `sha` ("commit" schema). With `withFiles`, adds `stats` and `files`
 * (diff against the first parent, or the empty tree for a root commit). Throws 422 for an unknown sha.
 */
export async function renderCommit(ctx: RouteContext, sha: string, withFiles: boolean) {
  const c = await ctx.git.readCommit(sha);
  if (!c) throw new HttpError(422, `No commit found for SHA: ${sha}`);
  const urls = repoUrls(ctx);
  const rendered: Record<string, unknown> = {
    url: `${urls.api}/commits/${c.sha}`,
    sha: c.sha,
    node_id: nodeId('Commit', Number.parseInt(c.sha.slice(0, 8), 16)),
    html_url: `${urls.html}/commit/${c.sha}`,
    comments_url: `${urls.api}/commits/${c.sha}/comments`,
    commit: {
      url: `${urls.api}/git/commits/${c.sha}`,
      author: c.author,
      committer: c.committer,
      message: c.message.replace(/\n$/, ''),
      tree: { url: `${urls.api}/git/trees/${c.tree}`, sha: c.tree },
      comment_count: ctx.state.commitComments.filter((cc) => cc.commit_id === c.sha).length,
      verification: UNSIGNED,
    },
    author: accountOf(ctx, c.author),
    committer: accountOf(ctx, c.committer),
    parents: c.parents.map((p) => ({
      url: `${urls.api}/commits/${p}`,
      sha: p,
      html_url: `${urls.html}/commit/${p}`,
    })),
  };
  if (!withFiles) return rendered;
  const files = await diffEntries(ctx.git, c.parents[0] ?? EMPTY_TREE_SHA, c.sha, { ...urls, ref: c.sha });
  const additions = files.reduce((n, f) => n + f.additions, 0);
  const deletions = files.reduce((n, f) => n + f.deletions, 0);
  return { ...rendered, stats: { total: additions + deletions, additions, deletions }, files };
}

async function getCommit(ctx: RouteContext): Promise<RouteResult> {
  const sha = await commitShaOf(ctx, ctx.params.ref ?? '');
  if (ctx.format === 'sha') return { text: sha, contentType: 'application/vnd.github.sha; charset=utf-8' };
  if (ctx.format === 'diff' || ctx.format === 'patch') {
    const parent = (await ctx.git.readCommit(sha))?.parents[0];
    if (ctx.format === 'diff') return diffResult('diff', await ctx.git.diff(parent ?? EMPTY_TREE_SHA, sha));
    const range = parent ? ['-1', sha] : ['--root', '-1', sha];
    const patch = await ctx.git.run(['format-patch', '--stdout', '--no-color', '--no-signature', ...range]);
    return diffResult('patch', patch.toString('utf8'));
  }
  return { body: await renderCommit(ctx, sha, true) };
}

async function compare(ctx: RouteContext): Promise<RouteResult> {
  const spec = ctx.params.basehead ?? '';
  const dots = spec.indexOf('...');
  if (dots === -1) throw new HttpError(404, 'Not Found');
  const strip = (s: string) => s.replace(/^[^:]*:/, '');
  const base = await commitShaOf(ctx, strip(spec.slice(0, dots)));
  const head = await commitShaOf(ctx, strip(spec.slice(dots + 3)));
  const mergeBase = (await ctx.git.mergeBase(base, head)) ?? base;
  if (ctx.format === 'diff') return diffResult('diff', await ctx.git.diff(mergeBase, head));
  if (ctx.format === 'patch') return diffResult('patch', await ctx.git.formatPatch(base, head));
  const ahead = await ctx.git.commitsBetween(base, head);
  const behind = await ctx.git.commitsBetween(head, base);
  const status =
    ahead.length === 0 && behind.length === 0
      ? 'identical'
      : behind.length === 0
        ? 'ahead'
        : ahead.length === 0
          ? 'behind'
          : 'diverged';
  const urls = repoUrls(ctx);
  const files = await diffEntries(ctx.git, mergeBase, head, { ...urls, ref: head });
  return {
    body: {
      url: `${urls.api}/compare/${spec}`,
      html_url: `${urls.html}/compare/${spec}`,
      permalink_url: `${urls.html}/compare/${base}...${head}`,
      diff_url: `${urls.html}/compare/${spec}.diff`,
      patch_url: `${urls.html}/compare/${spec}.patch`,
      base_commit: await renderCommit(ctx, base, false),
      merge_base_commit: await renderCommit(ctx, mergeBase, false),
      status,
      ahead_by: ahead.length,
      behind_by: behind.length,
      total_commits: ahead.length,
      commits: await Promise.all(ahead.slice(0, 250).map((sha) => renderCommit(ctx, sha, false))),
      files,
    },
  };
}

/** The commit comment object ("commit-comment" schema). */
function renderCommitComment(ctx: RouteContext, c: CommitCommentRecord): Record<string, unknown> {
  const urls = repoUrls(ctx);
  const url = `${urls.api}/comments/${c.id}`;
  return {
    html_url: `${urls.html}/commit/${c.commit_id}#commitcomment-${c.id}`,
    url,
    id: c.id,
    node_id: c.node_id,
    body: c.body,
    path: c.path,
    position: c.position,
    line: c.line,
    commit_id: c.commit_id,
    user: renderUser(ctx.state, c.user),
    created_at: c.created_at,
    updated_at: c.updated_at,
    author_association: c.author_association,
    reactions: reactionRollup(ctx.state, 'commit_comment', c.id, url),
  };
}

async function createCommitComment(ctx: RouteContext): Promise<RouteResult> {
  const sha = await commitShaOf(ctx, ctx.params.commit_sha ?? '');
  const body = bodyObject(ctx.body);
  const text = requiredString(body, 'body', 'CommitComment');
  checkCommentBody(text, 'CommitComment');
  const id = nextId(ctx.state);
  const created = now();
  const comment: CommitCommentRecord = {
    id,
    node_id: nodeId('CommitComment', id),
    commit_id: sha,
    body: text,
    path: optionalString(body, 'path', 'CommitComment') ?? null,
    position: optionalInt(body, 'position', 'CommitComment') ?? null,
    line: optionalInt(body, 'line', 'CommitComment') ?? null,
    user: ctx.actor.login,
    author_association: authorAssociation(ctx.state, ctx.actor.login),
    created_at: created,
    updated_at: created,
  };
  ctx.state.commitComments.push(comment);
  const rendered = renderCommitComment(ctx, comment);
  return { status: 201, body: rendered, headers: { location: String(rendered.url) } };
}

async function listCommitComments(ctx: RouteContext): Promise<RouteResult> {
  const sha = await commitShaOf(ctx, ctx.params.commit_sha ?? '');
  const items = ctx.state.commitComments.filter((c) => c.commit_id === sha);
  const { page, headers } = paginate(items, ctx.query, `${repoUrls(ctx).api}/commits/${sha}/comments`);
  return { body: page.map((c) => renderCommitComment(ctx, c)), headers };
}

function listRepoCommitComments(ctx: RouteContext): RouteResult {
  const { page, headers } = paginate(ctx.state.commitComments, ctx.query, `${repoUrls(ctx).api}/comments`);
  return { body: page.map((c) => renderCommitComment(ctx, c)), headers };
}

function commitCommentFromParams(ctx: RouteContext): CommitCommentRecord {
  const id = intParam(ctx.params, 'comment_id');
  const comment = ctx.state.commitComments.find((c) => c.id === id);
  if (!comment) throw new HttpError(404, 'Not Found');
  return comment;
}

function updateCommitComment(ctx: RouteContext): RouteResult {
  const comment = commitCommentFromParams(ctx);
  const text = requiredString(bodyObject(ctx.body), 'body', 'CommitComment');
  checkCommentBody(text, 'CommitComment');
  comment.body = text;
  comment.updated_at = now();
  return { body: renderCommitComment(ctx, comment) };
}

function deleteCommitComment(ctx: RouteContext): RouteResult {
  const comment = commitCommentFromParams(ctx);
  ctx.state.commitComments = ctx.state.commitComments.filter((c) => c !== comment);
  return { status: 204 };
}

/** Commit, compare and commit-comment routes. */
export const commitRoutes: RouteDef[] = [
  { route: 'GET /repos/:owner/:repo/commits/:ref', handler: getCommit },
  { route: 'GET /repos/:owner/:repo/compare/*basehead', handler: compare },
  { route: 'POST /repos/:owner/:repo/commits/:commit_sha/comments', handler: createCommitComment },
  { route: 'GET /repos/:owner/:repo/commits/:commit_sha/comments', handler: listCommitComments },
  { route: 'GET /repos/:owner/:repo/comments', handler: listRepoCommitComments },
  {
    route: 'GET /repos/:owner/:repo/comments/:comment_id',
    handler: (ctx) => ({ body: renderCommitComment(ctx, commitCommentFromParams(ctx)) }),
  },
  { route: 'PATCH /repos/:owner/:repo/comments/:comment_id', handler: updateCommitComment },
  { route: 'DELETE /repos/:owner/:repo/comments/:comment_id', handler: deleteCommitComment },
];
