/**
 * Repository labels and the labels of an issue or pull request.
 * Source: https://docs.github.com/en/rest/issues/labels
 */

import {
  bodyObject,
  HttpError,
  optionalString,
  paginate,
  type RouteResult,
  requiredString,
  validationFailed,
} from '../http.ts';
import { renderLabel, renderLabels, repoUrls } from '../render.ts';
import type { RouteContext, RouteDef } from '../router.ts';
import { ensureLabel } from '../state.ts';
import { issueFromParams, labelNamesFrom } from './issues.ts';

function listRepoLabels(ctx: RouteContext): RouteResult {
  const { page, headers } = paginate(ctx.state.labels, ctx.query, `${repoUrls(ctx).api}/labels`);
  return { body: page.map((l) => renderLabel(ctx, l)), headers };
}

function createRepoLabel(ctx: RouteContext): RouteResult {
  const body = bodyObject(ctx.body);
  const name = requiredString(body, 'name', 'Label');
  const color = (optionalString(body, 'color', 'Label') ?? 'ededed').replace(/^#/, '');
  if (!/^[0-9a-fA-F]{6}$/.test(color))
    throw validationFailed({ resource: 'Label', field: 'color', code: 'invalid' });
  if (ctx.state.labels.some((l) => l.name.toLowerCase() === name.toLowerCase())) {
    throw validationFailed({ resource: 'Label', field: 'name', code: 'already_exists' });
  }
  const label = ensureLabel(
    ctx.state,
    name,
    color.toLowerCase(),
    optionalString(body, 'description', 'Label') ?? null,
  );
  return { status: 201, body: renderLabel(ctx, label) };
}

function getRepoLabel(ctx: RouteContext): RouteResult {
  const name = ctx.params.name ?? '';
  const label = ctx.state.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
  if (!label) throw new HttpError(404, 'Not Found');
  return { body: renderLabel(ctx, label) };
}

/** `labels` from a body that is `{labels: [...]}` or a bare array, as the add/set endpoints accept. */
function requestedLabels(body: unknown): string[] {
  if (Array.isArray(body)) return labelNamesFrom(body, 'Label');
  const obj = bodyObject(body);
  return obj.labels === undefined ? [] : labelNamesFrom(obj.labels, 'Label');
}

function listIssueLabels(ctx: RouteContext): RouteResult {
  return { body: renderLabels(ctx, issueFromParams(ctx).labels) };
}

function addIssueLabels(ctx: RouteContext): RouteResult {
  const issue = issueFromParams(ctx);
  for (const name of requestedLabels(ctx.body)) {
    // Adding a label the repository lacks creates it, as GitHub does for users with push access.
    const label = ensureLabel(ctx.state, name);
    if (!issue.labels.some((l) => l.toLowerCase() === label.name.toLowerCase()))
      issue.labels.push(label.name);
  }
  return { body: renderLabels(ctx, issue.labels) };
}

function setIssueLabels(ctx: RouteContext): RouteResult {
  const issue = issueFromParams(ctx);
  issue.labels = [...new Set(requestedLabels(ctx.body).map((n) => ensureLabel(ctx.state, n).name))];
  return { body: renderLabels(ctx, issue.labels) };
}

function removeIssueLabel(ctx: RouteContext): RouteResult {
  const issue = issueFromParams(ctx);
  const name = (ctx.params.name ?? '').toLowerCase();
  if (!issue.labels.some((l) => l.toLowerCase() === name)) throw new HttpError(404, 'Label does not exist');
  issue.labels = issue.labels.filter((l) => l.toLowerCase() !== name);
  return { body: renderLabels(ctx, issue.labels) };
}

/** Label routes. */
export const labelRoutes: RouteDef[] = [
  { route: 'GET /repos/:owner/:repo/labels', handler: listRepoLabels },
  { route: 'POST /repos/:owner/:repo/labels', handler: createRepoLabel },
  { route: 'GET /repos/:owner/:repo/labels/:name', handler: getRepoLabel },
  { route: 'GET /repos/:owner/:repo/issues/:issue_number/labels', handler: listIssueLabels },
  { route: 'POST /repos/:owner/:repo/issues/:issue_number/labels', handler: addIssueLabels },
  { route: 'PUT /repos/:owner/:repo/issues/:issue_number/labels', handler: setIssueLabels },
  { route: 'DELETE /repos/:owner/:repo/issues/:issue_number/labels/:name', handler: removeIssueLabel },
];
