import type { Task } from './context.ts';
import { threadNumber } from './context.ts';
import type { GitHubClient } from './octokit.ts';

/** Where a posted comment lives. */
export interface PostedComment {
  id: number;
  url: string;
}

/**
 * Posts `body` where the task's results belong: a comment on its issue or pull request, or a
 * commit comment on a push's head commit. Returns null when the event has no such place
 * (schedule, dispatch); the job summary carries the result there.
 *
 * @throws the Octokit `RequestError` when GitHub refuses the write (after the client's retries).
 */
export async function postResultComment(
  gh: GitHubClient,
  task: Task,
  body: string,
): Promise<PostedComment | null> {
  const { owner, name: repo } = task.repo;
  const number = threadNumber(task);
  if (number !== null) {
    const { data } = await gh.rest.issues.createComment({ owner, repo, issue_number: number, body });
    return { id: data.id, url: data.html_url };
  }
  if (task.target.kind === 'commit' && task.target.sha) {
    const { data } = await gh.rest.repos.createCommitComment({
      owner,
      repo,
      commit_sha: task.target.sha,
      body,
    });
    return { id: data.id, url: data.html_url };
  }
  return null;
}

/** The paths a pull request changes, as GitHub lists them (up to 3,000 files, per the REST docs). */
export async function listChangedFiles(gh: GitHubClient, task: Task): Promise<string[]> {
  if (task.target.kind !== 'pull_request') return [];
  const files = await gh.paginate(gh.rest.pulls.listFiles, {
    owner: task.repo.owner,
    repo: task.repo.name,
    pull_number: task.target.number,
    per_page: 100,
  });
  return files.map((f) => f.filename);
}
