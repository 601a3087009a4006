/**
 * The tracking comment of a session: created when work starts, updated as it goes, finalized with
 * the terminal state, and found again by its hidden marker when a follow-up command arrives on the
 * same thread. On an issue or pull request it is an issue comment; on a push, a commit comment on
 * the pushed head (REST "Issue comments" and "Commit comments").
 */
import { parseTrackingComment, type TrackingMeta } from '../report/markdown.ts';
import type { Target, Task } from './context.ts';
import type { GitHubClient } from './octokit.ts';
import type { Outbound } from './outbound.ts';

/** Where a comment lives. */
export interface CommentRef {
  kind: 'issue' | 'commit';
  id: number;
  url: string;
}

/** A previous session found on a thread. */
export interface PreviousSession {
  comment: CommentRef;
  sessionId: string;
  meta: TrackingMeta;
}

/**
 * Reads and writes one tracking comment; every body passes the outbound gate. Writes are queued, so
 * two of them are never in flight together (GitHub keeps whichever PATCH it applies last, and the
 * order two concurrent requests are applied in is not the order they were sent in), and
 * {@link TrackingComment.finalize} seals the comment: the terminal state is the last write, whatever
 * a progress publisher still has in flight or scheduled.
 */
export class TrackingComment {
  readonly ref: CommentRef;
  readonly #gh: GitHubClient;
  readonly #task: Task;
  readonly #outbound: Outbound;
  /** Settles when the last queued write has; the next write starts after it. */
  #tail: Promise<void> = Promise.resolve();
  #final = false;

  private constructor(gh: GitHubClient, task: Task, outbound: Outbound, ref: CommentRef) {
    this.#gh = gh;
    this.#task = task;
    this.#outbound = outbound;
    this.ref = ref;
  }

  /**
   * Posts a new tracking comment on `target`'s thread or commit; null when the target has neither
   * (schedule, dispatch), where the job summary carries the result.
   * @throws the Octokit error when GitHub refuses the write.
   */
  static async create(
    gh: GitHubClient,
    task: Task,
    target: Target,
    outbound: Outbound,
    body: string,
  ): Promise<TrackingComment | null> {
    const { owner, name: repo } = task.repo;
    const text = outbound.text(body);
    if (target.kind === 'pull_request' || target.kind === 'issue') {
      const { data } = await gh.rest.issues.createComment({
        owner,
        repo,
        issue_number: target.number,
        body: text,
      });
      return new TrackingComment(gh, task, outbound, { kind: 'issue', id: data.id, url: data.html_url });
    }
    if (target.kind === 'commit' && target.sha && !target.deleted) {
      const { data } = await gh.rest.repos.createCommitComment({
        owner,
        repo,
        commit_sha: target.sha,
        body: text,
      });
      return new TrackingComment(gh, task, outbound, { kind: 'commit', id: data.id, url: data.html_url });
    }
    return null;
  }

  /** Wraps an existing comment (a previous session's, reused by a follow-up). */
  static attach(gh: GitHubClient, task: Task, outbound: Outbound, ref: CommentRef): TrackingComment {
    return new TrackingComment(gh, task, outbound, ref);
  }

  /** True once {@link finalize} was called: later updates are dropped. */
  get finalized(): boolean {
    return this.#final;
  }

  /**
   * Replaces the body with an intermediate state, after the writes queued before it. Resolves
   * without writing once the comment is finalized, also when the update was queued earlier but had
   * not been sent yet: it would overwrite the terminal state.
   * @throws the Octokit error when GitHub refuses the write.
   */
  update(body: string): Promise<void> {
    return this.#enqueue(body, false);
  }

  /**
   * Writes the terminal state as the last write of this comment: it waits for a write in flight (so
   * that one cannot land after it), skips updates queued but not sent, and every later
   * {@link update} is dropped.
   * @throws the Octokit error when GitHub refuses the write.
   */
  finalize(body: string): Promise<void> {
    this.#final = true;
    return this.#enqueue(body, true);
  }

  #enqueue(body: string, final: boolean): Promise<void> {
    const run = async (): Promise<void> => {
      if (this.#final && !final) return;
      await this.#write(body);
    };
    // After the previous write whether it succeeded or not; its failure is its caller's to report.
    const done = this.#tail.then(run, run);
    this.#tail = done.catch(() => {});
    return done;
  }

  async #write(body: string): Promise<void> {
    const { owner, name: repo } = this.#task.repo;
    const text = this.#outbound.text(body);
    if (this.ref.kind === 'issue')
      await this.#gh.rest.issues.updateComment({ owner, repo, comment_id: this.ref.id, body: text });
    else await this.#gh.rest.repos.updateCommitComment({ owner, repo, comment_id: this.ref.id, body: text });
  }
}

/**
 * The latest session of `agent` on issue or pull request `number`, from the tracking comments
 * written by `selfLogin` (comments by anyone else are ignored: a forged marker must not make
 * Steward load another run's artifact). Null when there is none.
 */
export async function findPreviousSession(
  gh: GitHubClient,
  task: Task,
  number: number,
  options: { selfLogin: string; agent?: string; state?: string },
): Promise<PreviousSession | null> {
  const comments = await gh.paginate(gh.rest.issues.listComments, {
    owner: task.repo.owner,
    repo: task.repo.name,
    issue_number: number,
    per_page: 100,
  });
  for (const c of [...comments].reverse()) {
    if (c.user?.login !== options.selfLogin) continue;
    const parsed = parseTrackingComment(c.body ?? '');
    if (!parsed?.meta) continue;
    if (options.agent && parsed.meta.agent !== options.agent) continue;
    if (options.state && parsed.meta.state !== options.state) continue;
    return {
      comment: { kind: 'issue', id: c.id, url: c.html_url },
      sessionId: parsed.sessionId,
      meta: parsed.meta,
    };
  }
  return null;
}

/** Adds 👀 to the trigger comment, or to the issue. Failures are reported, never thrown. */
export async function reactEyes(
  gh: GitHubClient,
  task: Task,
  warn: (message: string) => void,
): Promise<void> {
  const { owner, name: repo } = task.repo;
  try {
    if (task.comment)
      await gh.rest.reactions.createForIssueComment({
        owner,
        repo,
        comment_id: task.comment.id,
        content: 'eyes',
      });
  } catch (err) {
    warn(`could not add the 👀 reaction: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Posts a short reply on the thread of `task` (refusals, command problems). Never throws. */
export async function reply(
  gh: GitHubClient,
  task: Task,
  outbound: Outbound,
  body: string,
  warn: (message: string) => void,
): Promise<void> {
  const t = task.target;
  if (t.kind !== 'issue' && t.kind !== 'pull_request') return;
  try {
    await gh.rest.issues.createComment({
      owner: task.repo.owner,
      repo: task.repo.name,
      issue_number: t.number,
      body: outbound.text(body),
    });
  } catch (err) {
    warn(`could not reply: ${err instanceof Error ? err.message : String(err)}`);
  }
}
