/**
 * Applies the safe outputs a session recorded (src/tools/github.ts) after the session ended, with
 * Steward's token, each text through the outbound gate. One failing output does not stop the
 * others; every output ends as an {@link AppliedOutput} that the caller records as a
 * `steward.output` event and shows in the final comment.
 */
import type { OutputIntent } from '../tools/github.ts';
import {
  branchSafe,
  checkChanges,
  createBranch,
  createCommit,
  PublishError,
  workspaceChanges,
} from './changes.ts';
import type { Target, Task } from './context.ts';
import type { GitHubClient } from './octokit.ts';
import type { Outbound } from './outbound.ts';

/** What applying one intent did. */
export interface AppliedOutput {
  /** The intent type (`comment`, `review`, `pull_request`, `push`, `labels`, `issue`). */
  output: string;
  status: 'applied' | 'failed';
  /** Web URL of what was written, when there is one. */
  url?: string;
  /** One line for people: what was written, or what failed and what to change. */
  detail: string;
}

/** Everything applying needs besides the intents. */
export interface ApplyContext {
  gh: GitHubClient;
  task: Task;
  /** The task's target, resolved (a comment on a PR is the PR). */
  target: Target;
  outbound: Outbound;
  agent: string;
  /** The checked-out repository the agent worked in. */
  workspace: string;
  /** The commit the workspace was at when the session started. */
  startSha: string | null;
  draft: boolean;
  allowWorkflowEdits: boolean;
  /** Run id, for branch names of runs without an issue or PR. */
  runId: string;
  /** Link to the run, for "opened by" footers. */
  runUrl?: string;
}

/** Order of application: cheap, reversible writes first; publishing code last. */
const ORDER: OutputIntent['type'][] = ['labels', 'comment', 'review', 'issue', 'pull_request', 'push'];

/** Applies `intents` (noop and result are not writes and are skipped) in a fixed order. */
export async function applyOutputs(intents: OutputIntent[], ctx: ApplyContext): Promise<AppliedOutput[]> {
  const sorted = [...intents].sort((a, b) => ORDER.indexOf(a.type) - ORDER.indexOf(b.type));
  const out: AppliedOutput[] = [];
  for (const intent of sorted) {
    if (intent.type === 'noop' || intent.type === 'result') continue;
    try {
      out.push(await applyOne(intent, ctx));
    } catch (err) {
      const status = (err as { status?: number }).status;
      const message = err instanceof Error ? err.message : String(err);
      out.push({
        output: intent.type,
        status: 'failed',
        detail:
          err instanceof PublishError
            ? message
            : `GitHub refused it${status ? ` (HTTP ${status})` : ''}: ${message}${status === 403 ? '; grant the workflow the permission this output needs' : ''}`,
      });
    }
  }
  return out;
}

function footer(ctx: ApplyContext): string {
  return `\n\n<sub>Written by Steward agent \`${ctx.agent}\`${ctx.runUrl ? ` · [run](${ctx.runUrl})` : ''}</sub>`;
}

function threadOf(ctx: ApplyContext): number | null {
  return ctx.target.kind === 'pull_request' || ctx.target.kind === 'issue' ? ctx.target.number : null;
}

async function applyOne(intent: OutputIntent, ctx: ApplyContext): Promise<AppliedOutput> {
  const { gh, outbound } = ctx;
  const owner = ctx.task.repo.owner;
  const repo = ctx.task.repo.name;
  const number = threadOf(ctx);
  switch (intent.type) {
    case 'labels': {
      if (number === null) throw new PublishError('there is no issue or pull request to label');
      await gh.rest.issues.addLabels({ owner, repo, issue_number: number, labels: intent.labels });
      return {
        output: 'labels',
        status: 'applied',
        detail: `added labels ${intent.labels.map((l) => `\`${l}\``).join(', ')}`,
      };
    }
    case 'comment': {
      const body = outbound.text(intent.body + footer(ctx));
      if (number !== null) {
        const { data } = await gh.rest.issues.createComment({ owner, repo, issue_number: number, body });
        return { output: 'comment', status: 'applied', url: data.html_url, detail: 'posted a comment' };
      }
      if (ctx.target.kind === 'commit') {
        const { data } = await gh.rest.repos.createCommitComment({
          owner,
          repo,
          commit_sha: ctx.target.sha,
          body,
        });
        return {
          output: 'comment',
          status: 'applied',
          url: data.html_url,
          detail: 'commented on the commit',
        };
      }
      throw new PublishError('there is no issue, pull request or commit to comment on');
    }
    case 'review':
      return applyReview(intent, ctx);
    case 'issue': {
      const { data } = await gh.rest.issues.create({
        owner,
        repo,
        title: outbound.text(intent.title),
        body: outbound.text(intent.body + footer(ctx)),
        ...(intent.labels.length > 0 ? { labels: intent.labels } : {}),
      });
      return {
        output: 'issue',
        status: 'applied',
        url: data.html_url,
        detail: `opened issue #${data.number}`,
      };
    }
    case 'pull_request':
      return openPullRequest(intent, ctx);
    case 'push':
      return pushToBranch(intent, ctx);
    default:
      throw new PublishError(`unknown output ${(intent as { type: string }).type}`);
  }
}

async function applyReview(
  intent: Extract<OutputIntent, { type: 'review' }>,
  ctx: ApplyContext,
): Promise<AppliedOutput> {
  if (ctx.target.kind !== 'pull_request') throw new PublishError('only a pull request can be reviewed');
  const { gh, outbound } = ctx;
  const base = {
    owner: ctx.task.repo.owner,
    repo: ctx.task.repo.name,
    pull_number: ctx.target.number,
    commit_id: ctx.target.head.sha,
    event: intent.event,
  };
  const comments = intent.comments.map((c) => ({
    path: c.path,
    line: c.line,
    side: c.side ?? 'RIGHT',
    ...(c.start_line !== undefined && c.start_line < c.line
      ? { start_line: c.start_line, start_side: c.side ?? 'RIGHT' }
      : {}),
    body: outbound.text(c.body),
  }));
  try {
    const { data } = await gh.rest.pulls.createReview({
      ...base,
      body: outbound.text(intent.body + footer(ctx)),
      comments,
    });
    return {
      output: 'review',
      status: 'applied',
      url: data.html_url,
      detail: `submitted a review (${intent.event}, ${comments.length} inline comment${comments.length === 1 ? '' : 's'})`,
    };
  } catch (err) {
    // GitHub refuses the whole review when one inline comment is off the diff (422 "Line could not
    // be resolved"); keep the review and move the inline comments into its body.
    if ((err as { status?: number }).status !== 422 || comments.length === 0) throw err;
    const moved = intent.comments.map((c) => `- \`${c.path}:${c.line}\`: ${c.body}`).join('\n');
    const { data } = await gh.rest.pulls.createReview({
      ...base,
      body: outbound.text(
        `${intent.body}\n\n**Comments on lines outside the diff:**\n${moved}${footer(ctx)}`,
      ),
    });
    return {
      output: 'review',
      status: 'applied',
      url: data.html_url,
      detail: `submitted a review (${intent.event}); GitHub could not place the ${comments.length} inline comments on the diff, so they are in the review body`,
    };
  }
}

async function openPullRequest(
  intent: Extract<OutputIntent, { type: 'pull_request' }>,
  ctx: ApplyContext,
): Promise<AppliedOutput> {
  const { gh, outbound, task, target } = ctx;
  if (!ctx.startSha)
    throw new PublishError('the workspace is not a git checkout; check out the repository first');
  const changes = await workspaceChanges(ctx.workspace, ctx.startSha);
  checkChanges(changes, outbound, ctx.allowWorkflowEdits);
  const owner = task.repo.owner;
  const repo = task.repo.name;
  const sha = await createCommit(
    gh,
    { owner, repo, parent: ctx.startSha, message: `${intent.title}\n\n${intent.body}`, changes },
    outbound,
  );
  const number = threadOf(ctx);
  const branch = await createBranch(
    gh,
    { owner, repo },
    `steward/${branchSafe(ctx.agent)}/${number ?? `run-${ctx.runId || sha.slice(0, 8)}`}`,
    sha,
  );
  // A pull request onto a same-repository PR's branch; otherwise onto the branch the work started from.
  let base = task.repo.default_branch;
  if (target.kind === 'pull_request')
    base = target.head.repo === task.repo.full_name ? target.head.ref : target.base.ref;
  else if (target.kind === 'commit' && target.ref.startsWith('refs/heads/'))
    base = target.ref.slice('refs/heads/'.length);
  const link =
    number !== null
      ? `Requested in #${number}.`
      : target.kind === 'commit'
        ? `Requested by the push of ${target.sha}.`
        : '';
  const { data } = await gh.rest.pulls.create({
    owner,
    repo,
    head: branch,
    base,
    title: outbound.text(intent.title),
    body: outbound.text(`${intent.body}\n\n${link}${footer(ctx)}`),
    draft: ctx.draft,
  });
  return {
    output: 'pull_request',
    status: 'applied',
    url: data.html_url,
    detail: `opened ${ctx.draft ? 'draft ' : ''}pull request #${data.number} from \`${branch}\` (${changes.length} file${changes.length === 1 ? '' : 's'})`,
  };
}

async function pushToBranch(
  intent: Extract<OutputIntent, { type: 'push' }>,
  ctx: ApplyContext,
): Promise<AppliedOutput> {
  const { gh, outbound, task, target } = ctx;
  if (target.kind !== 'pull_request' || target.head.repo !== task.repo.full_name)
    throw new PublishError('push_to_branch works only on pull requests from a branch of this repository');
  if (!ctx.startSha)
    throw new PublishError('the workspace is not a git checkout; check out the pull request head');
  const owner = task.repo.owner;
  const repo = task.repo.name;
  const { data: pull } = await gh.rest.pulls.get({ owner, repo, pull_number: target.number });
  if (pull.head.sha !== ctx.startSha)
    throw new PublishError(
      `the workspace is at ${ctx.startSha.slice(0, 12)} but ${target.head.ref} is at ${pull.head.sha.slice(0, 12)}; check out the pull request head (actions/checkout with ref: \${{ github.event.pull_request.head.sha }}) or it moved during the run`,
    );
  const changes = await workspaceChanges(ctx.workspace, ctx.startSha);
  checkChanges(changes, outbound, ctx.allowWorkflowEdits);
  const sha = await createCommit(
    gh,
    { owner, repo, parent: ctx.startSha, message: intent.message, changes },
    outbound,
  );
  // Not forced: GitHub refuses with 422 when the branch moved meanwhile, and nothing is lost.
  await gh.rest.git.updateRef({ owner, repo, ref: `heads/${target.head.ref}`, sha, force: false });
  return {
    output: 'push',
    status: 'applied',
    url: `${task.repo.html_url}/commit/${sha}`,
    detail: `pushed ${sha.slice(0, 12)} to \`${target.head.ref}\` (${changes.length} file${changes.length === 1 ? '' : 's'})`,
  };
}
