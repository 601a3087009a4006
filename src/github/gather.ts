/**
 * Reads what a task's prompt shows besides the payload: the pull request (for comments on one),
 * its diff, changed files and review comments, the issue conversation, and a push's diff. Every
 * read is a REST call documented in GitHub's REST reference (pulls, issues, commits); text is
 * size-capped here, and the cap is said in the text, so the model knows it saw a part.
 */
import { isOwnComment, type RoleLookup } from './auth.ts';
import { pullRequestTarget, type Target, type Task } from './context.ts';
import type { GitHubClient } from './octokit.ts';

/** Size caps, in characters. */
export const GATHER_LIMITS = {
  diff: 60_000,
  comment: 4_000,
  conversationComments: 30,
  reviewComments: 50,
  changedFiles: 300,
} as const;

/** A size-capped text and whether it was cut. */
export interface CappedText {
  text: string;
  truncated: boolean;
  /** Length of the whole text, in characters. */
  total: number;
}

/** One issue or pull request comment, with its author's role for the trust decision. */
export interface ConversationComment {
  author: string;
  /** Role by the collaborator-permission endpoint, or `bot` for bot accounts. */
  role: string;
  body: string;
  created_at: string;
}

/** One inline review comment on a pull request. */
export interface ReviewCommentInfo {
  author: string;
  role: string;
  path: string;
  line: number | null;
  body: string;
}

/** What {@link gatherContext} found. */
export interface GatheredContext {
  /** The task's target, upgraded to the pull request for a comment on one. */
  target: Target;
  diff: CappedText | null;
  changedFiles: string[];
  reviewComments: ReviewCommentInfo[];
  conversation: ConversationComment[];
  /** Comments left out because they were written or edited after the trigger comment. */
  laterComments: number;
  /** Role of the issue's or pull request's author (`bot` for bots, `none` when unknown). */
  authorRole: string;
}

/** Cuts `text` to `max` characters. */
export function capText(text: string, max: number): CappedText {
  return text.length > max
    ? { text: text.slice(0, max), truncated: true, total: text.length }
    : { text, truncated: false, total: text.length };
}

/**
 * The task's target with a comment on a pull request resolved to that pull request (its head and
 * base come from `GET /repos/{o}/{r}/pulls/{n}`; the `issue_comment` payload lacks them).
 *
 * @throws the Octokit error when the pull request cannot be read.
 */
export async function resolveTarget(gh: GitHubClient, task: Task): Promise<Target> {
  const target = task.target;
  if (target.kind !== 'issue' || !target.is_pull_request) return target;
  const { data } = await gh.rest.pulls.get({
    owner: task.repo.owner,
    repo: task.repo.name,
    pull_number: target.number,
  });
  return pullRequestTarget(data as unknown as Record<string, unknown>);
}

/**
 * Gathers the context of `task` about `target` (from {@link resolveTarget}). Failures of individual reads are reported through `warn` and
 * leave that part empty: a missing diff must not stop a run. `selfLogin` marks Steward's own
 * comments, which are left out of the conversation (a resumed session already has them).
 */
export async function gatherContext(
  gh: GitHubClient,
  task: Task,
  target: Target,
  roles: RoleLookup,
  options: { selfLogin: string; warn: (message: string) => void },
): Promise<GatheredContext> {
  const { owner, name: repo } = task.repo;
  const attempt = async <T>(what: string, fallback: T, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      options.warn(`could not read ${what}: ${err instanceof Error ? err.message : String(err)}`);
      return fallback;
    }
  };
  const out: GatheredContext = {
    target,
    diff: null,
    changedFiles: [],
    reviewComments: [],
    conversation: [],
    laterComments: 0,
    authorRole: 'none',
  };
  if (target.kind === 'pull_request' || target.kind === 'issue') {
    const author = target.author;
    out.authorRole = await attempt(`the role of @${author}`, 'none', () => roleOf(roles, author, 'User'));
  }

  if (target.kind === 'pull_request') {
    const pull_number = target.number;
    out.diff = await attempt(`the diff of #${pull_number}`, null, async () => {
      const { data } = await gh.rest.pulls.get({ owner, repo, pull_number, mediaType: { format: 'diff' } });
      return capText(String(data), GATHER_LIMITS.diff);
    });
    out.changedFiles = await attempt(`the files of #${pull_number}`, [], async () => {
      const files = await gh.paginate(gh.rest.pulls.listFiles, { owner, repo, pull_number, per_page: 100 });
      return files.map((f) => f.filename);
    });
    out.reviewComments = await attempt(`the review comments of #${pull_number}`, [], async () => {
      const list = await gh.paginate(gh.rest.pulls.listReviewComments, {
        owner,
        repo,
        pull_number,
        per_page: 100,
      });
      const kept = list
        .filter((c) => !isOwnComment({ author: c.user?.login ?? '', body: c.body }, options.selfLogin))
        .slice(-GATHER_LIMITS.reviewComments);
      return Promise.all(
        kept.map(async (c) => ({
          author: c.user?.login ?? '',
          role: await roleOf(roles, c.user?.login ?? '', c.user?.type ?? 'User'),
          path: c.path,
          line: c.line ?? c.original_line ?? null,
          body: capText(c.body, GATHER_LIMITS.comment).text,
        })),
      );
    });
  } else if (target.kind === 'commit' && !target.deleted && target.sha) {
    const { before, sha } = target;
    out.diff = await attempt(`the pushed diff`, null, async () => {
      const { data } = before
        ? await gh.rest.repos.compareCommitsWithBasehead({
            owner,
            repo,
            basehead: `${before}...${sha}`,
            mediaType: { format: 'diff' },
          })
        : await gh.rest.repos.getCommit({ owner, repo, ref: sha, mediaType: { format: 'diff' } });
      return capText(String(data), GATHER_LIMITS.diff);
    });
  }

  if (target.kind === 'pull_request' || target.kind === 'issue') {
    const issue_number = target.number;
    const cutoff = task.comment?.created_at ? Date.parse(task.comment.created_at) : Number.POSITIVE_INFINITY;
    const all = await attempt(`the comments of #${issue_number}`, [], () =>
      gh.paginate(gh.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 }),
    );
    const earlier = all.filter((c) => {
      if (c.id === task.comment?.id) return false;
      if (isOwnComment({ author: c.user?.login ?? '', body: c.body ?? '' }, options.selfLogin)) return false;
      return true;
    });
    // Comments written or edited after the command are not what its author saw (TOCTOU).
    const inTime = earlier.filter(
      (c) => Date.parse(c.created_at) <= cutoff && Date.parse(c.updated_at) <= cutoff,
    );
    out.laterComments = earlier.length - inTime.length;
    out.conversation = await attempt(`the roles of comment authors`, [], () =>
      Promise.all(
        inTime.slice(-GATHER_LIMITS.conversationComments).map(async (c) => ({
          author: c.user?.login ?? '',
          role: await roleOf(roles, c.user?.login ?? '', c.user?.type ?? 'User'),
          body: capText(c.body ?? '', GATHER_LIMITS.comment).text,
          created_at: c.created_at,
        })),
      ),
    );
  }
  return out;
}

async function roleOf(roles: RoleLookup, login: string, type: string): Promise<string> {
  if (!login) return 'none';
  if (type === 'Bot' || login.endsWith('[bot]')) return 'bot';
  return roles.role(login);
}
