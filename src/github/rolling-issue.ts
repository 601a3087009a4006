/**
 * The rolling issue of a scheduled or dispatched agent (`outputs.issue: {title}`): one open issue
 * that each run rewrites with its latest result, found by a hidden marker naming the agent in an
 * issue opened by Steward itself (REST "Issues": list, create, update).
 */
import type { Task } from './context.ts';
import type { GitHubClient } from './octokit.ts';
import type { Outbound } from './outbound.ts';

/** The marker of agent `agent`'s rolling issue. */
export function rollingMarker(agent: string): string {
  return `<!-- steward:rolling-issue agent=${agent} -->`;
}

/**
 * Updates the open rolling issue of `agent` with `body`, or opens it with `title` when there is
 * none. Returns its URL.
 * @throws the Octokit error when GitHub refuses the write.
 */
export async function upsertRollingIssue(
  gh: GitHubClient,
  task: Task,
  outbound: Outbound,
  options: { agent: string; title: string; body: string; selfLogin: string },
): Promise<{ url: string; number: number; created: boolean }> {
  const { owner, name: repo } = task.repo;
  const marker = rollingMarker(options.agent);
  const body = outbound.text(`${marker}\n${options.body}`);
  const open = await gh.paginate(gh.rest.issues.listForRepo, { owner, repo, state: 'open', per_page: 100 });
  const found = open.find(
    (i) => !i.pull_request && i.user?.login === options.selfLogin && (i.body ?? '').includes(marker),
  );
  if (found) {
    const { data } = await gh.rest.issues.update({ owner, repo, issue_number: found.number, body });
    return { url: data.html_url, number: data.number, created: false };
  }
  const { data } = await gh.rest.issues.create({ owner, repo, title: outbound.text(options.title), body });
  return { url: data.html_url, number: data.number, created: true };
}
