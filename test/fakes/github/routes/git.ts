/**
 * Git Data API (refs, blobs, trees, commits), repository contents and branches, backed by the fake's
 * real bare repository. Creating or moving a branch ref also moves the head of every open pull
 * request from that branch, as a push does on GitHub.
 * Sources: https://docs.github.com/en/rest/git (refs, blobs, trees, commits),
 * https://docs.github.com/en/rest/repos/contents#get-repository-content,
 * https://docs.github.com/en/rest/branches/branches#get-a-branch
 */

import { type GitIdentity, RefConflictError, type TreeEdit, type TreeEntry } from '../git.ts';
import { bodyObject, HttpError, now, type RouteResult, requiredString } from '../http.ts';
import { repoUrls } from '../render.ts';
import type { RouteContext, RouteDef } from '../router.ts';
import { findIssue, nodeId } from '../state.ts';
import { renderCommit, UNSIGNED } from './commits.ts';

const MODES = ['100644', '100755', '040000', '160000', '120000'];

function unprocessable(message: string): HttpError {
  return new HttpError(422, message);
}

function renderRef(ctx: RouteContext, ref: string, sha: string, type: string): Record<string, unknown> {
  const api = repoUrls(ctx).api;
  return {
    ref,
    node_id: nodeId('Ref', Number.parseInt(sha.slice(0, 8), 16)),
    url: `${api}/git/${ref}`,
    object: { type, sha, url: `${api}/git/${type}s/${sha}` },
  };
}

/** Moves the head of open pull requests whose head branch is `ref`, as a push to that branch would. */
function syncPullHeads(ctx: RouteContext, ref: string, sha: string): void {
  if (!ref.startsWith('refs/heads/')) return;
  const branch = ref.slice('refs/heads/'.length);
  for (const pull of ctx.state.pulls) {
    const issue = findIssue(ctx.state, pull.number);
    if (pull.head.ref === branch && issue?.state === 'open' && pull.head.sha !== sha) {
      pull.head.sha = sha;
      issue.updated_at = now();
    }
  }
}

async function getRef(ctx: RouteContext): Promise<RouteResult> {
  const full = `refs/${ctx.params.ref ?? ''}`;
  const found = (await ctx.git.listRefs(full)).find((r) => r.ref === full);
  if (!found) throw new HttpError(404, 'Not Found');
  return { body: renderRef(ctx, found.ref, found.sha, found.type) };
}

async function matchingRefs(ctx: RouteContext): Promise<RouteResult> {
  const refs = await ctx.git.listRefs(`refs/${ctx.params.ref ?? ''}`);
  return { body: refs.map((r) => renderRef(ctx, r.ref, r.sha, r.type)) };
}

async function createRef(ctx: RouteContext): Promise<RouteResult> {
  const body = bodyObject(ctx.body);
  const ref = requiredString(body, 'ref', 'Reference');
  const sha = requiredString(body, 'sha', 'Reference');
  // Documented: a ref not starting with "refs" and having at least two slashes is rejected.
  if (!/^refs\/[^/]+\/.+/.test(ref))
    throw unprocessable("ref must start with 'refs' and have at least two slashes.");
  const type = await ctx.git.objectType(sha);
  if (!type) throw unprocessable('Object does not exist');
  try {
    await ctx.git.updateRef(ref, sha, null);
  } catch (error) {
    if (error instanceof RefConflictError) throw unprocessable('Reference already exists');
    throw error;
  }
  syncPullHeads(ctx, ref, sha);
  return {
    status: 201,
    body: renderRef(ctx, ref, sha, type),
    headers: { location: `${repoUrls(ctx).api}/git/${ref}` },
  };
}

async function updateRef(ctx: RouteContext): Promise<RouteResult> {
  const ref = `refs/${ctx.params.ref ?? ''}`;
  const body = bodyObject(ctx.body);
  const sha = requiredString(body, 'sha', 'Reference');
  const old = await ctx.git.getRef(ref);
  if (!old) throw unprocessable('Reference does not exist');
  const type = await ctx.git.objectType(sha);
  if (!type) throw unprocessable('Object does not exist');
  if (body.force !== true && !(await ctx.git.isAncestor(old, sha)))
    throw unprocessable('Update is not a fast forward');
  try {
    await ctx.git.updateRef(ref, sha, old);
  } catch (error) {
    if (error instanceof RefConflictError) throw unprocessable('Reference cannot be updated');
    throw error;
  }
  syncPullHeads(ctx, ref, sha);
  return { body: renderRef(ctx, ref, sha, type) };
}

async function deleteRef(ctx: RouteContext): Promise<RouteResult> {
  try {
    await ctx.git.deleteRef(`refs/${ctx.params.ref ?? ''}`);
  } catch (error) {
    if (error instanceof RefConflictError) throw unprocessable('Reference does not exist');
    throw error;
  }
  return { status: 204 };
}

async function createBlob(ctx: RouteContext): Promise<RouteResult> {
  const body = bodyObject(ctx.body);
  const content = requiredString(body, 'content', 'Blob');
  const encoding = body.encoding ?? 'utf-8';
  if (encoding !== 'utf-8' && encoding !== 'utf8' && encoding !== 'base64')
    throw unprocessable('Invalid encoding');
  const sha = await ctx.git.writeBlob(Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8'));
  const url = `${repoUrls(ctx).api}/git/blobs/${sha}`;
  return { status: 201, body: { url, sha }, headers: { location: url } };
}

/** Base64 wrapped at 60 characters per line, the way GitHub encodes blob and file contents. */
function wrappedBase64(data: Buffer): string {
  return (data.toString('base64').match(/.{1,60}/g) ?? []).map((l) => `${l}\n`).join('');
}

async function getBlob(ctx: RouteContext): Promise<RouteResult> {
  const sha = ctx.params.file_sha ?? '';
  const data = await ctx.git.readBlob(sha);
  if (!data) throw new HttpError(404, 'Not Found');
  if (ctx.format === 'raw') return { text: data, contentType: 'application/vnd.github.raw; charset=utf-8' };
  const url = `${repoUrls(ctx).api}/git/blobs/${sha}`;
  const node = nodeId('Blob', Number.parseInt(sha.slice(0, 8), 16));
  return {
    body: { sha, node_id: node, size: data.length, url, content: wrappedBase64(data), encoding: 'base64' },
  };
}

function renderTreeEntry(ctx: RouteContext, e: TreeEntry): Record<string, unknown> {
  const api = repoUrls(ctx).api;
  const kind = e.type === 'tree' ? 'trees' : 'blobs';
  return {
    path: e.path,
    mode: e.mode,
    type: e.type,
    sha: e.sha,
    ...(e.size === undefined ? {} : { size: e.size }),
    ...(e.type === 'commit' ? {} : { url: `${api}/git/${kind}/${e.sha}` }),
  };
}

async function renderTree(
  ctx: RouteContext,
  sha: string,
  recursive: boolean,
): Promise<Record<string, unknown>> {
  const entries = await ctx.git.listTree(sha, recursive);
  return {
    sha,
    url: `${repoUrls(ctx).api}/git/trees/${sha}`,
    tree: entries.map((e) => renderTreeEntry(ctx, e)),
    truncated: false,
  };
}

async function createTree(ctx: RouteContext): Promise<RouteResult> {
  const body = bodyObject(ctx.body);
  if (!Array.isArray(body.tree)) throw unprocessable('Invalid tree info');
  let base: string | null = null;
  if (typeof body.base_tree === 'string') {
    base = await ctx.git.resolve(body.base_tree, 'tree');
    if (!base) throw unprocessable('base_tree is not a valid tree oid');
  }
  const edits: TreeEdit[] = [];
  for (const raw of body.tree) {
    const e = bodyObject(raw);
    const path = typeof e.path === 'string' ? e.path : '';
    const mode = typeof e.mode === 'string' ? e.mode : '';
    const type = e.type === 'tree' || e.type === 'commit' ? e.type : 'blob';
    if (!path || path.startsWith('/') || path.endsWith('/') || !MODES.includes(mode))
      throw unprocessable('Invalid tree info');
    if (e.sha !== undefined && e.content !== undefined)
      throw unprocessable('Only one of sha or content may be given');
    if (typeof e.content === 'string') {
      edits.push({ path, mode, type, content: e.content });
    } else if (e.sha === null) {
      edits.push({ path, mode, type, sha: null });
    } else if (typeof e.sha === 'string') {
      if (type !== 'commit' && (await ctx.git.objectType(e.sha)) !== type) {
        throw unprocessable(`tree.sha ${e.sha} is not a valid ${type}`);
      }
      edits.push({ path, mode: mode === '040000' ? '040000' : mode, type, sha: e.sha });
    } else {
      throw unprocessable('Must supply tree.sha or tree.content');
    }
  }
  const sha = await ctx.git.writeTree(base, edits);
  return { status: 201, body: await renderTree(ctx, sha, false) };
}

async function getTree(ctx: RouteContext): Promise<RouteResult> {
  const sha = await ctx.git.resolve(ctx.params.tree_sha ?? '', 'tree');
  if (!sha) throw new HttpError(404, 'Not Found');
  const recursive =
    ctx.query.recursive !== undefined && ctx.query.recursive !== '' && ctx.query.recursive !== '0';
  return { body: await renderTree(ctx, sha, recursive) };
}

/** The Git Data API's commit object ("git-commit" schema). */
async function renderGitCommit(ctx: RouteContext, sha: string): Promise<Record<string, unknown>> {
  const c = await ctx.git.readCommit(sha);
  if (!c) throw new HttpError(404, 'Not Found');
  const urls = repoUrls(ctx);
  return {
    sha: c.sha,
    node_id: nodeId('Commit', Number.parseInt(c.sha.slice(0, 8), 16)),
    url: `${urls.api}/git/commits/${c.sha}`,
    html_url: `${urls.html}/commit/${c.sha}`,
    author: c.author,
    committer: c.committer,
    tree: { sha: c.tree, url: `${urls.api}/git/trees/${c.tree}` },
    message: c.message,
    parents: c.parents.map((p) => ({
      sha: p,
      url: `${urls.api}/git/commits/${p}`,
      html_url: `${urls.html}/commit/${p}`,
    })),
    verification: UNSIGNED,
  };
}

function identity(value: unknown, fallback: GitIdentity): GitIdentity {
  const v = value === undefined ? {} : bodyObject(value);
  if (v.name !== undefined && typeof v.name !== 'string') throw unprocessable('Invalid author or committer');
  if (v.email !== undefined && typeof v.email !== 'string')
    throw unprocessable('Invalid author or committer');
  return {
    name: typeof v.name === 'string' ? v.name : fallback.name,
    email: typeof v.email === 'string' ? v.email : fallback.email,
    date: typeof v.date === 'string' ? v.date : fallback.date,
  };
}

async function createCommit(ctx: RouteContext): Promise<RouteResult> {
  const body = bodyObject(ctx.body);
  const message = requiredString(body, 'message', 'Commit');
  const tree = requiredString(body, 'tree', 'Commit');
  if ((await ctx.git.objectType(tree)) !== 'tree') throw unprocessable('Tree SHA does not exist');
  const parents = body.parents === undefined ? [] : body.parents;
  if (!Array.isArray(parents)) throw unprocessable('Invalid parents');
  for (const p of parents) {
    if (typeof p !== 'string' || (await ctx.git.objectType(p)) !== 'commit') {
      throw unprocessable('Parent SHA does not exist or is not a commit object');
    }
  }
  // Documented defaults: author is the authenticated user at the current time; committer is the author.
  const actor = ctx.actor;
  const me: GitIdentity = {
    name: actor.login,
    email: `${actor.id}+${actor.login}@users.noreply.github.com`,
    date: now(),
  };
  const author = identity(body.author, me);
  const committer = identity(body.committer, author);
  const sha = await ctx.git.writeCommit({ tree, parents: parents as string[], message, author, committer });
  const rendered = await renderGitCommit(ctx, sha);
  return { status: 201, body: rendered, headers: { location: String(rendered.url) } };
}

async function getContents(ctx: RouteContext): Promise<RouteResult> {
  const path = (ctx.params.path ?? '').replace(/^\/+|\/+$/g, '');
  const ref = ctx.query.ref ?? ctx.state.repo.default_branch;
  const commit = (await ctx.git.resolve(ref)) ?? (await ctx.git.resolve(`refs/heads/${ref}`));
  if (!commit) throw new HttpError(404, `No commit found for the ref ${ref}`);
  const urls = repoUrls(ctx);
  const describe = (e: TreeEntry): Record<string, unknown> => {
    const type =
      e.type === 'tree'
        ? 'dir'
        : e.type === 'commit'
          ? 'submodule'
          : e.mode === '120000'
            ? 'symlink'
            : 'file';
    const kind = e.type === 'tree' ? 'trees' : 'blobs';
    const self = `${urls.api}/contents/${encodeURI(e.path)}?ref=${encodeURIComponent(ref)}`;
    const html = `${urls.html}/${e.type === 'tree' ? 'tree' : 'blob'}/${ref}/${e.path}`;
    const git = `${urls.api}/git/${kind}/${e.sha}`;
    return {
      type,
      size: e.size ?? 0,
      name: e.path.split('/').pop() ?? e.path,
      path: e.path,
      sha: e.sha,
      url: self,
      git_url: git,
      html_url: html,
      download_url:
        type === 'file'
          ? `https://raw.githubusercontent.com/${ctx.state.repo.owner}/${ctx.state.repo.name}/${ref}/${e.path}`
          : null,
      _links: { self, git, html },
    };
  };
  if (path === '') {
    return { body: (await ctx.git.listTree(commit, false)).map(describe) };
  }
  const out = (await ctx.git.run(['ls-tree', '-l', '-z', '--full-tree', commit, '--', path])).toString(
    'utf8',
  );
  const m = /^(\d+) (blob|tree|commit) ([0-9a-f]+)\s+(\S+)\t/.exec(out);
  if (!m) throw new HttpError(404, 'Not Found');
  const entry: TreeEntry = { path, mode: m[1] ?? '', type: m[2] as TreeEntry['type'], sha: m[3] ?? '' };
  if (m[4] !== '-') entry.size = Number(m[4]);
  if (entry.type === 'tree') {
    const children = await ctx.git.listTree(entry.sha, false);
    return { body: children.map((c) => describe({ ...c, path: `${path}/${c.path}` })) };
  }
  const data =
    entry.type === 'blob' ? ((await ctx.git.readBlob(entry.sha)) ?? Buffer.alloc(0)) : Buffer.alloc(0);
  if (ctx.format === 'raw') return { text: data, contentType: 'application/vnd.github.raw; charset=utf-8' };
  return { body: { ...describe(entry), content: wrappedBase64(data), encoding: 'base64' } };
}

async function getBranch(ctx: RouteContext): Promise<RouteResult> {
  const name = ctx.params.branch ?? '';
  const sha = await ctx.git.getRef(`refs/heads/${name}`);
  if (!sha) throw new HttpError(404, 'Branch not found');
  const api = repoUrls(ctx).api;
  return {
    body: {
      name,
      commit: await renderCommit(ctx, sha, false),
      _links: { self: `${api}/branches/${name}`, html: `${repoUrls(ctx).html}/tree/${name}` },
      protected: false,
      protection: {
        enabled: false,
        required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] },
      },
      protection_url: `${api}/branches/${name}/protection`,
    },
  };
}

/** Git Data, contents and branch routes. */
export const gitRoutes: RouteDef[] = [
  { route: 'GET /repos/:owner/:repo/git/ref/*ref', handler: getRef },
  { route: 'GET /repos/:owner/:repo/git/matching-refs/*ref', handler: matchingRefs },
  { route: 'POST /repos/:owner/:repo/git/refs', handler: createRef },
  { route: 'PATCH /repos/:owner/:repo/git/refs/*ref', handler: updateRef },
  { route: 'DELETE /repos/:owner/:repo/git/refs/*ref', handler: deleteRef },
  { route: 'POST /repos/:owner/:repo/git/blobs', handler: createBlob },
  { route: 'GET /repos/:owner/:repo/git/blobs/:file_sha', handler: getBlob },
  { route: 'POST /repos/:owner/:repo/git/trees', handler: createTree },
  { route: 'GET /repos/:owner/:repo/git/trees/:tree_sha', handler: getTree },
  { route: 'POST /repos/:owner/:repo/git/commits', handler: createCommit },
  {
    route: 'GET /repos/:owner/:repo/git/commits/:commit_sha',
    handler: (ctx) => renderGitCommit(ctx, ctx.params.commit_sha ?? '').then((body) => ({ body })),
  },
  { route: 'GET /repos/:owner/:repo/contents', handler: getContents },
  { route: 'GET /repos/:owner/:repo/contents/*path', handler: getContents },
  { route: 'GET /repos/:owner/:repo/branches/*branch', handler: getBranch },
];
