/**
 * Turns a workflow event (its name and the webhook payload GitHub writes to `GITHUB_EVENT_PATH`)
 * into a {@link Task}: who triggered it, what it is about, and where results go. Payload shapes
 * are GitHub's webhook payloads ("Webhook events and payloads" docs); tests use the real examples
 * from `@octokit/webhooks-examples`.
 */

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
      head: { ref: string; sha: string; repo: string };
      draft: boolean;
    }
  | { kind: 'issue'; number: number; title: string; body: string; url: string; author: string }
  | { kind: 'commit'; sha: string; before: string | null; ref: string; compare_url: string | null }
  | { kind: 'none' };

/** One run's task, before the spec and the actor's permission are known. */
export interface Task {
  event: { name: string; action: string | null };
  repo: { owner: string; name: string; full_name: string; default_branch: string; html_url: string };
  /** Who triggered the event (`sender`). */
  actor: { login: string; type: string };
  target: Target;
  /** The triggering comment, for `issue_comment` events. */
  comment: { id: number; body: string; author: string; url: string } | null;
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

/**
 * Builds the {@link Task} for `eventName` from `payload`.
 * @throws EventPayloadError naming the event and the missing field when the payload has no
 *   `repository`, or an issue/PR event has no number.
 */
export function taskFromEvent(eventName: string, payload: Json): Task {
  const repository = obj(payload.repository);
  const fullName = str(repository.full_name);
  if (!fullName.includes('/')) {
    throw new EventPayloadError(
      `${eventName} payload has no repository.full_name; is GITHUB_EVENT_PATH right?`,
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
      html_url: str(repository.html_url),
    },
    actor: { login: str(sender.login), type: str(sender.type) || 'User' },
    target: targetOf(eventName, payload),
    comment: null,
    payload,
  };
  if (eventName === 'issue_comment' || eventName === 'pull_request_review_comment') {
    const c = obj(payload.comment);
    task.comment = { id: num(c.id), body: str(c.body), author: str(obj(c.user).login), url: str(c.html_url) };
  }
  return task;
}

function targetOf(eventName: string, payload: Json): Target {
  const pr = payload.pull_request ? obj(payload.pull_request) : null;
  if (pr) return pullRequestTarget(pr);
  const issue = payload.issue ? obj(payload.issue) : null;
  if (issue) {
    if (!num(issue.number)) throw new EventPayloadError(`${eventName} payload has no issue.number`);
    // An issue_comment on a pull request carries the PR as an issue with a pull_request link.
    return {
      kind: 'issue',
      number: num(issue.number),
      title: str(issue.title),
      body: str(issue.body),
      url: str(issue.html_url),
      author: str(obj(issue.user).login),
    };
  }
  if (eventName === 'push') {
    return {
      kind: 'commit',
      sha: str(payload.after),
      before: str(payload.before) || null,
      ref: str(payload.ref),
      compare_url: str(payload.compare) || null,
    };
  }
  return { kind: 'none' };
}

function pullRequestTarget(pr: Json): Target {
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

/** The issue or pull request number results are posted to, or null when there is none. */
export function threadNumber(task: Task): number | null {
  return task.target.kind === 'pull_request' || task.target.kind === 'issue' ? task.target.number : null;
}
