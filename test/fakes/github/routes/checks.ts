/**
 * Check runs: create, update, get, list for a ref, and annotations, with GitHub's documented limits
 * (output summary and text at most 65535 characters, at most 50 annotations per request).
 * Source: https://docs.github.com/en/rest/checks/runs
 */

import {
  bodyObject,
  HttpError,
  intParam,
  now,
  paginate,
  type RouteResult,
  validationFailed,
} from '../http.ts';
import { renderUser, repoUrls } from '../render.ts';
import type { RouteContext, RouteDef } from '../router.ts';
import { findIssue, nextId, nodeId } from '../state.ts';
import type { CheckAnnotation, CheckRunRecord } from '../types.ts';

/** Documented maximum length of `output.summary` and `output.text`. */
export const MAX_CHECK_OUTPUT = 65535;
/** Documented maximum number of annotations per create/update request. */
export const MAX_ANNOTATIONS_PER_REQUEST = 50;

const STATUSES = ['queued', 'in_progress', 'completed', 'waiting', 'requested', 'pending'] as const;
const CONCLUSIONS = [
  'action_required',
  'cancelled',
  'failure',
  'neutral',
  'success',
  'skipped',
  'stale',
  'timed_out',
];
const LEVELS = ['notice', 'warning', 'failure'];

function invalid(field: string, message?: string): HttpError {
  return validationFailed({ resource: 'CheckRun', field, code: 'invalid', ...(message ? { message } : {}) });
}

function renderCheckRun(ctx: RouteContext, run: CheckRunRecord): Record<string, unknown> {
  const urls = repoUrls(ctx);
  const url = `${urls.api}/check-runs/${run.id}`;
  const pulls = ctx.state.pulls.filter(
    (p) => p.head.sha === run.head_sha && findIssue(ctx.state, p.number)?.state === 'open',
  );
  return {
    id: run.id,
    head_sha: run.head_sha,
    node_id: run.node_id,
    external_id: run.external_id,
    url,
    html_url: `${urls.html}/runs/${run.id}`,
    details_url: run.details_url,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.started_at,
    completed_at: run.completed_at,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.output.annotations.length,
      annotations_url: `${url}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.check_suite_id },
    app: {
      id: 15368,
      slug: 'github-actions',
      node_id: 'MDM6QXBwMTUzNjg=',
      owner: renderUser(ctx.state, ctx.state.repo.owner),
      name: 'GitHub Actions',
    },
    pull_requests: pulls.map((p) => ({
      url: `${urls.api}/pulls/${p.number}`,
      id: p.id,
      number: p.number,
      head: {
        ref: p.head.ref,
        sha: p.head.sha,
        repo: { id: ctx.state.repo.id, url: urls.api, name: ctx.state.repo.name },
      },
      base: {
        ref: p.base.ref,
        sha: p.base.sha,
        repo: { id: ctx.state.repo.id, url: urls.api, name: ctx.state.repo.name },
      },
    })),
  };
}

function annotationsFrom(value: unknown): CheckAnnotation[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid('output.annotations');
  if (value.length > MAX_ANNOTATIONS_PER_REQUEST) {
    throw invalid(
      'output.annotations',
      `Only ${MAX_ANNOTATIONS_PER_REQUEST} annotations are allowed per request`,
    );
  }
  return value.map((a) => {
    const ann = bodyObject(a);
    if (
      typeof ann.path !== 'string' ||
      typeof ann.start_line !== 'number' ||
      typeof ann.end_line !== 'number' ||
      typeof ann.message !== 'string' ||
      !LEVELS.includes(String(ann.annotation_level))
    ) {
      throw invalid('output.annotations');
    }
    return ann as unknown as CheckAnnotation;
  });
}

/** Applies the writable fields of a create or update body to `run`, validating as GitHub does. */
function applyFields(run: CheckRunRecord, body: Record<string, unknown>): void {
  if (typeof body.name === 'string') run.name = body.name;
  if (typeof body.details_url === 'string') run.details_url = body.details_url;
  if (typeof body.external_id === 'string') run.external_id = body.external_id;
  if (typeof body.started_at === 'string') run.started_at = body.started_at;
  if (body.status !== undefined) {
    if (!(STATUSES as readonly unknown[]).includes(body.status)) throw invalid('status');
    run.status = body.status as CheckRunRecord['status'];
  }
  if (body.conclusion !== undefined && body.conclusion !== null) {
    if (!CONCLUSIONS.includes(String(body.conclusion))) throw invalid('conclusion');
    // Documented: providing a conclusion automatically sets status to completed.
    run.conclusion = String(body.conclusion);
    run.status = 'completed';
  }
  if (run.status === 'completed') {
    if (run.conclusion === null)
      throw invalid('conclusion', 'conclusion is required when status is completed');
    run.completed_at =
      typeof body.completed_at === 'string' ? body.completed_at : (run.completed_at ?? now());
  }
  if (body.output !== undefined) {
    const output = bodyObject(body.output);
    for (const field of ['summary', 'text'] as const) {
      const value = output[field];
      if (typeof value === 'string' && value.length > MAX_CHECK_OUTPUT) {
        throw invalid(`output.${field}`, `${field} is too long (maximum is ${MAX_CHECK_OUTPUT} characters)`);
      }
    }
    if (typeof output.title !== 'string' && run.output.title === null) throw invalid('output.title');
    if (typeof output.summary !== 'string' && run.output.summary === null) throw invalid('output.summary');
    if (typeof output.title === 'string') run.output.title = output.title;
    if (typeof output.summary === 'string') run.output.summary = output.summary;
    if (typeof output.text === 'string') run.output.text = output.text;
    // Annotations accumulate across updates, which is how GitHub lets a run report more than 50.
    run.output.annotations.push(...annotationsFrom(output.annotations));
  }
  if (Array.isArray(body.actions)) run.actions = body.actions;
}

function createCheckRun(ctx: RouteContext): RouteResult {
  const body = bodyObject(ctx.body);
  if (typeof body.name !== 'string' || body.name === '') {
    throw validationFailed({ resource: 'CheckRun', field: 'name', code: 'missing_field' });
  }
  if (typeof body.head_sha !== 'string' || !/^[0-9a-f]{40}$/.test(body.head_sha)) {
    throw validationFailed({ resource: 'CheckRun', field: 'head_sha', code: 'invalid' });
  }
  const id = nextId(ctx.state);
  const run: CheckRunRecord = {
    id,
    node_id: nodeId('CheckRun', id),
    name: body.name,
    head_sha: body.head_sha,
    external_id: null,
    details_url: null,
    status: 'queued',
    conclusion: null,
    started_at: now(),
    completed_at: null,
    output: { title: null, summary: null, text: null, annotations: [] },
    actions: [],
    check_suite_id: 9_000_000 + id,
    created_by: ctx.actor.login,
  };
  applyFields(run, body);
  ctx.state.checkRuns.push(run);
  return { status: 201, body: renderCheckRun(ctx, run) };
}

function runFromParams(ctx: RouteContext): CheckRunRecord {
  const id = intParam(ctx.params, 'check_run_id');
  const run = ctx.state.checkRuns.find((r) => r.id === id);
  if (!run) throw new HttpError(404, 'Not Found');
  return run;
}

function updateCheckRun(ctx: RouteContext): RouteResult {
  const run = runFromParams(ctx);
  // Validate on a copy so a refused update leaves the run untouched.
  const draft: CheckRunRecord = structuredClone(run);
  applyFields(draft, bodyObject(ctx.body));
  Object.assign(run, draft);
  return { body: renderCheckRun(ctx, run) };
}

async function listForRef(ctx: RouteContext): Promise<RouteResult> {
  const ref = ctx.params.ref ?? '';
  const sha = (await ctx.git.resolve(ref)) ?? (await ctx.git.resolve(`refs/heads/${ref}`)) ?? ref;
  let runs = ctx.state.checkRuns.filter((r) => r.head_sha === sha);
  if (ctx.query.check_name !== undefined) runs = runs.filter((r) => r.name === ctx.query.check_name);
  if (ctx.query.status !== undefined) runs = runs.filter((r) => r.status === ctx.query.status);
  if (ctx.query.filter !== 'all') {
    // Default filter "latest": only the most recent run of each name.
    runs = runs.filter((r) => !runs.some((o) => o.name === r.name && o.id > r.id));
  }
  const { page, headers } = paginate(runs, ctx.query, `${repoUrls(ctx).api}/commits/${ref}/check-runs`);
  return { body: { total_count: runs.length, check_runs: page.map((r) => renderCheckRun(ctx, r)) }, headers };
}

function listAnnotations(ctx: RouteContext): RouteResult {
  const run = runFromParams(ctx);
  const url = `${repoUrls(ctx).api}/check-runs/${run.id}/annotations`;
  const { page, headers } = paginate(run.output.annotations, ctx.query, url);
  const body = page.map((a) => ({
    path: a.path,
    start_line: a.start_line,
    end_line: a.end_line,
    start_column: a.start_column ?? null,
    end_column: a.end_column ?? null,
    annotation_level: a.annotation_level,
    title: a.title ?? null,
    message: a.message,
    raw_details: a.raw_details ?? null,
    blob_href: `${repoUrls(ctx).html}/blob/${run.head_sha}/${a.path}`,
  }));
  return { body, headers };
}

/** Check run routes. */
export const checkRoutes: RouteDef[] = [
  { route: 'POST /repos/:owner/:repo/check-runs', handler: createCheckRun },
  {
    route: 'GET /repos/:owner/:repo/check-runs/:check_run_id',
    handler: (ctx) => ({ body: renderCheckRun(ctx, runFromParams(ctx)) }),
  },
  { route: 'PATCH /repos/:owner/:repo/check-runs/:check_run_id', handler: updateCheckRun },
  { route: 'GET /repos/:owner/:repo/check-runs/:check_run_id/annotations', handler: listAnnotations },
  { route: 'GET /repos/:owner/:repo/commits/:ref/check-runs', handler: listForRef },
];
