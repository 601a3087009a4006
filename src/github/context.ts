/**
 * Turns a workflow event (its name and the webhook payload GitHub writes to `GITHUB_EVENT_PATH`)
 * into a {@link Task}: who triggered it, what it is about, and where results go. Payload shapes
 * are GitHub's webhook payloads ("Webhook events and payloads" docs); tests use the real examples
 * from `@octokit/webhooks-examples`.
 */

/** One commit of a push, as the push payload lists it (`commits[]`, at most 20 per GitHub). */
export interface PushedCommit {
  id: string;
  message: string;
  author: string;
}

/** The issue, pull request or commit a run is about. */
export type Target =
  | {
      kind: 'pull_request';
      number: number;
      title: string;
      body: string;
      url: string;
      author: string;
      base: { ref: string; sha: string };
      /** `repo` is the head repository's `owner/name`; it differs from the base one for forks. */
      head: { ref: string; sha: string; repo: string };
      draft: boolean;
    }
  | {
      kind: 'issue';
      number: number;
      title: string;
      body: string;
      url: string;
      author: string;
      /** True when the issue is a pull request (an `issue_comment` on a PR carries it as an issue). */
      is_pull_request: boolean;
    }
  | {
      kind: 'commit';
      /** The pushed head (`after`). */
      sha: string;
      /** The previous head (`before`); null for a new branch (GitHub sends all zeros). */
      before: string | null;
      ref: string;
      compare_url: string | null;
      commits: PushedCommit[];
      /** True when the pushed ref was deleted (`after` is all zeros). */
      deleted: boolean;
    }
  | { kind: 'none' };

/** The triggering comment of an `issue_comment` event. */
export interface TriggerComment {
  id: number;
  body: string;
  author: string;
  /** `User` or `Bot`, from `comment.user.type`. */
  author_type: string;
  url: string;
  /** RFC 3339; comments created or edited after it are not shown to the agent. */
  created_at: string;
}

/** One run's task, before the spec and the actor's permission are known. */
export interface Task {
  event: { name: string; action: string | null };
  repo: { owner: string; name: string; full_name: string; default_branch: string; html_url: string };
  /** Who triggered the event (`sender`); empty login for events without one (schedule). */
  actor: { login: string; type: string };
  target: Target;
  /** The triggering comment, for `issue_comment` events. */
  comment: TriggerComment | null;
  /** `workflow_dispatch` inputs, as strings. */
  inputs: Record<string, string>;
  /** The whole webhook payload: what `{{ }}` in a spec's `task` reads. */
  payload: Record<string, unknown>;
}

/** A webhook payload that lacks what its event name promises. */
export class EventPayloadError extends Error {
  override name = 'EventPayloadError';
}

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const ZERO_SHA = /^0+$/;

/** What the runner knows besides the payload, for events whose payload is sparse (schedule). */
export interface RunnerFacts {
  /** `GITHUB_REPOSITORY` (`owner/name`). */
  repository?: string;
  /** `GITHUB_SERVER_URL`, for the repository's web URL. */
  serverUrl?: string;
}

/**
 * Builds the {@link Task} for `eventName` from `payload`. The repository comes from
 * `payload.repository`, else from `facts.repository` (a `schedule` payload may carry only the cron).
 *
 * @throws EventPayloadError naming the event and the missing field when no repository is known, or
 *   an issue/PR event has no number.
 */
export function taskFromEvent(eventName: string, payload: Json, facts: RunnerFacts = {}): Task {
  const repository = obj(payload.repository);
  const fullName = str(repository.full_name) || facts.repository || '';
  if (!fullName.includes('/')) {
    throw new EventPayloadError(
      `${eventName} payload has no repository.full_name and GITHUB_REPOSITORY is not set; is GITHUB_EVENT_PATH right?`,
    );
  }
  const [owner = '', name = ''] = fullName.split('/');
  const sender = obj(payload.sender);
  const task: Task = {
    event: { name: eventName, action: typeof payload.action === 'string' ? payload.action : null },
    repo: {
      owner,
      name,
      full_name: fullName,
      default_branch: str(repository.default_branch) || 'main',
      html_url: str(repository.html_url) || `${facts.serverUrl ?? 'https://github.com'}/${fullName}`,
    },
    actor: { login: str(sender.login), type: str(sender.type) || 'User' },
    target: targetOf(eventName, payload),
    comment: null,
    inputs: dispatchInputs(payload),
    payload,
  };
  if (eventName === 'issue_comment' || eventName === 'pull_request_review_comment') {
    const c = obj(payload.comment);
    const user = obj(c.user);
    task.comment = {
      id: num(c.id),
      body: str(c.body),
      author: str(user.login),
      author_type: str(user.type) || 'User',
      url: str(c.html_url),
      created_at: str(c.created_at),
    };
  }
  return task;
}

function targetOf(eventName: string, payload: Json): Target {
  const pr = payload.pull_request ? obj(payload.pull_request) : null;
  if (pr) return pullRequestTarget(pr);
  const issue = payload.issue ? obj(payload.issue) : null;
  if (issue) {
    if (!num(issue.number)) throw new EventPayloadError(`${eventName} payload has no issue.number`);
    return {
      kind: 'issue',
      number: num(issue.number),
      title: str(issue.title),
      body: str(issue.body),
      url: str(issue.html_url),
      author: str(obj(issue.user).login),
      is_pull_request: issue.pull_request !== undefined && issue.pull_request !== null,
    };
  }
  if (eventName === 'push') {
    const after = str(payload.after);
    const before = str(payload.before);
    const commits = Array.isArray(payload.commits) ? payload.commits.map(obj) : [];
    return {
      kind: 'commit',
      sha: after,
      before: before && !ZERO_SHA.test(before) ? before : null,
      ref: str(payload.ref),
      compare_url: str(payload.compare) || null,
      commits: commits.map((c) => ({
        id: str(c.id),
        message: str(c.message),
        author: str(obj(c.author).username) || str(obj(c.author).name),
      })),
      deleted: payload.deleted === true || (after !== '' && ZERO_SHA.test(after)),
    };
  }
  return { kind: 'none' };
}

/** The pull request target described by a webhook or REST pull request object. */
export function pullRequestTarget(pr: Json): Target {
  if (!num(pr.number)) throw new EventPayloadError('pull_request payload has no pull_request.number');
  const base = obj(pr.base);
  const head = obj(pr.head);
  return {
    kind: 'pull_request',
    number: num(pr.number),
    title: str(pr.title),
    body: str(pr.body),
    url: str(pr.html_url),
    author: str(obj(pr.user).login),
    base: { ref: str(base.ref), sha: str(base.sha) },
    head: { ref: str(head.ref), sha: str(head.sha), repo: str(obj(head.repo).full_name) },
    draft: pr.draft === true,
  };
}

function dispatchInputs(payload: Json): Record<string, string> {
  const inputs = obj(payload.inputs);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(inputs)) {
    if (v === null || v === undefined) continue;
    out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

/** The issue or pull request number results are posted to, or null when there is none. */
export function threadNumber(task: Task): number | null {
  return task.target.kind === 'pull_request' || task.target.kind === 'issue' ? task.target.number : null;
}

/** `name.action`, or `name` for events without an action. */
export function eventLabel(task: Task): string {
  return task.event.action ? `${task.event.name}.${task.event.action}` : task.event.name;
}

/** Whether the run is about a pull request (a PR event, or a comment on a PR). */
export function isPullRequestTask(task: Task): boolean {
  return task.target.kind === 'pull_request' || (task.target.kind === 'issue' && task.target.is_pull_request);
}
