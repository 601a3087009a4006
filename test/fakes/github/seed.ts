/**
 * Seeds the fake's state from a webhook payload: the repository, the sender, and the issue, pull
 * request, comment or review the event is about become records, keeping the payload's ids, numbers,
 * texts and timestamps so that what the payload says and what the API answers agree.
 */

import { asRecord } from './payloads.ts';
import {
  addComment,
  addIssue,
  addPullRequest,
  ensureLabel,
  ensureUser,
  findPull,
  nextId,
  nodeId,
  reserveId,
} from './state.ts';
import type { FakeState, FakeUser, RepoInfo, ReviewRecord } from './types.ts';

/**
 * The repository the fake serves: `owner`/`repo`/`defaultBranch` when given, else the payload's
 * `repository` fields, else `octo-org/octo-repo` on `main`.
 */
export function repoInfoFrom(
  payload: Record<string, unknown> | undefined,
  options: { owner?: string; repo?: string; defaultBranch?: string; private?: boolean },
): RepoInfo {
  const raw = { ...(asRecord(payload?.repository) ?? {}) };
  const payloadOwner = asRecord(raw.owner)?.login;
  const owner = options.owner ?? (typeof payloadOwner === 'string' ? payloadOwner : 'octo-org');
  const name = options.repo ?? (typeof raw.name === 'string' ? raw.name : 'octo-repo');
  const id = typeof raw.id === 'number' ? raw.id : 500_000;
  return {
    owner,
    name,
    id,
    node_id: typeof raw.node_id === 'string' ? raw.node_id : nodeId('Repository', id),
    default_branch:
      options.defaultBranch ?? (typeof raw.default_branch === 'string' ? raw.default_branch : 'main'),
    private: options.private ?? raw.private === true,
    raw,
  };
}

function login(user: unknown): string | undefined {
  const l = asRecord(user)?.login;
  return typeof l === 'string' ? l : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function labelNames(state: FakeState, labels: unknown): string[] {
  if (!Array.isArray(labels)) return [];
  const names: string[] = [];
  for (const l of labels) {
    const rec = asRecord(l);
    const name = str(rec?.name);
    if (!name) continue;
    ensureLabel(state, name, str(rec?.color) ?? 'ededed', str(rec?.description) ?? null);
    names.push(name);
  }
  return names;
}

function registerUser(state: FakeState, user: unknown): string | undefined {
  const name = login(user);
  if (name) ensureUser(state, name, asRecord(user) as Partial<FakeUser>);
  return name;
}

/**
 * Adds the payload's sender, repository owner, and its `pull_request`, `issue`, `comment` and
 * `review` objects to `state`. An `issue` that is a pull request (issue_comment on a PR) becomes a
 * pull request whose head is the placeholder branch `pr-<number>` and whose shas are all zeros (that
 * payload does not carry them); call `fake.addPullRequest` to give it real refs.
 */
export function seedFromPayload(state: FakeState, payload: Record<string, unknown>): void {
  registerUser(state, payload.sender);
  registerUser(state, asRecord(payload.repository)?.owner);

  const pr = asRecord(payload.pull_request);
  if (pr && typeof pr.number === 'number') {
    const head = asRecord(pr.head);
    const base = asRecord(pr.base);
    const { pull } = addPullRequest(state, {
      number: pr.number,
      pull_id: typeof pr.id === 'number' ? pr.id : undefined,
      title: str(pr.title) ?? '',
      body: str(pr.body) ?? null,
      user: registerUser(state, pr.user),
      state: pr.state === 'closed' ? 'closed' : 'open',
      labels: labelNames(state, pr.labels),
      created_at: str(pr.created_at),
      author_association: str(pr.author_association),
      head: { ref: str(head?.ref) ?? 'head', sha: str(head?.sha) ?? '' },
      base: { ref: str(base?.ref) ?? state.repo.default_branch, sha: str(base?.sha) ?? '' },
      draft: pr.draft === true,
    });
    if (pr.merged === true) {
      pull.merged = true;
      pull.merged_at = str(pr.merged_at) ?? null;
      pull.merge_commit_sha = str(pr.merge_commit_sha) ?? null;
    }
  }

  const issue = asRecord(payload.issue);
  if (issue && typeof issue.number === 'number') {
    const seed = {
      number: issue.number,
      id: typeof issue.id === 'number' ? issue.id : undefined,
      title: str(issue.title) ?? '',
      body: str(issue.body) ?? null,
      user: registerUser(state, issue.user),
      state: issue.state === 'closed' ? ('closed' as const) : ('open' as const),
      labels: labelNames(state, issue.labels),
      created_at: str(issue.created_at),
      author_association: str(issue.author_association),
    };
    if (issue.pull_request !== undefined && !findPull(state, issue.number)) {
      addPullRequest(state, {
        ...seed,
        head: { ref: `pr-${issue.number}`, sha: '0'.repeat(40) },
        base: { ref: state.repo.default_branch, sha: '0'.repeat(40) },
      });
    } else {
      addIssue(state, seed);
    }
  }

  const comment = asRecord(payload.comment);
  if (comment && typeof comment.id === 'number' && issue && typeof issue.number === 'number') {
    addComment(state, {
      issue_number: issue.number,
      id: comment.id,
      body: str(comment.body) ?? '',
      user: registerUser(state, comment.user),
      created_at: str(comment.created_at),
      author_association: str(comment.author_association),
    });
  }

  const review = asRecord(payload.review);
  if (review && typeof review.id === 'number' && pr && typeof pr.number === 'number') {
    reserveId(state, review.id);
    const state_ = str(review.state)?.toUpperCase();
    const record: ReviewRecord = {
      id: review.id,
      node_id: str(review.node_id) ?? nodeId('PullRequestReview', review.id),
      pull_number: pr.number,
      user: registerUser(state, review.user) ?? state.repo.owner,
      body: str(review.body) ?? '',
      state: state_ === 'APPROVED' || state_ === 'CHANGES_REQUESTED' ? state_ : 'COMMENTED',
      commit_id: str(review.commit_id) ?? '',
      author_association: str(review.author_association) ?? 'NONE',
      submitted_at: str(review.submitted_at) ?? null,
    };
    state.reviews.push(record);
  }

  if (comment && pr && typeof pr.number === 'number' && typeof comment.id === 'number' && !issue) {
    reserveId(state, comment.id);
    const side = comment.side === 'LEFT' ? 'LEFT' : 'RIGHT';
    state.reviewComments.push({
      id: comment.id,
      node_id: str(comment.node_id) ?? nodeId('PullRequestReviewComment', comment.id),
      pull_number: pr.number,
      pull_request_review_id:
        typeof comment.pull_request_review_id === 'number' ? comment.pull_request_review_id : nextId(state),
      path: str(comment.path) ?? '',
      line: typeof comment.line === 'number' ? comment.line : null,
      side,
      start_line: typeof comment.start_line === 'number' ? comment.start_line : null,
      start_side: comment.start_side === 'LEFT' || comment.start_side === 'RIGHT' ? comment.start_side : null,
      position: typeof comment.position === 'number' ? comment.position : null,
      diff_hunk: str(comment.diff_hunk) ?? '',
      body: str(comment.body) ?? '',
      user: registerUser(state, comment.user) ?? state.repo.owner,
      commit_id: str(comment.commit_id) ?? '',
      in_reply_to_id: typeof comment.in_reply_to_id === 'number' ? comment.in_reply_to_id : null,
      author_association: str(comment.author_association) ?? 'NONE',
      created_at: str(comment.created_at) ?? '',
      updated_at: str(comment.updated_at) ?? '',
    });
  }
}
