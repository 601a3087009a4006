/**
 * The check run of a session, named `steward/<agent>` (REST "Check runs": create with `status:
 * in_progress`, update with `conclusion` and `output`). Check runs need the `checks: write`
 * permission; without it the run goes on and says so, because the comment and the job summary
 * carry the same result.
 */
import type { CheckConclusion } from '../report/summary.ts';
import type { Task } from './context.ts';
import type { GitHubClient } from './octokit.ts';
import type { Outbound } from './outbound.ts';

/** A created check run. */
export class CheckRun {
  readonly id: number;
  readonly #gh: GitHubClient;
  readonly #task: Task;
  readonly #outbound: Outbound;

  private constructor(gh: GitHubClient, task: Task, outbound: Outbound, id: number) {
    this.#gh = gh;
    this.#task = task;
    this.#outbound = outbound;
    this.id = id;
  }

  /**
   * Creates check run `steward/<agent>` on `headSha`, in progress. Returns null (after `warn`)
   * when GitHub refuses, e.g. for lack of `checks: write`.
   */
  static async start(
    gh: GitHubClient,
    task: Task,
    outbound: Outbound,
    options: { agent: string; headSha: string; detailsUrl?: string; warn: (message: string) => void },
  ): Promise<CheckRun | null> {
    if (!/^[0-9a-f]{40}$/i.test(options.headSha) || /^0+$/.test(options.headSha)) return null;
    try {
      const { data } = await gh.rest.checks.create({
        owner: task.repo.owner,
        repo: task.repo.name,
        name: `steward/${options.agent}`,
        head_sha: options.headSha,
        status: 'in_progress',
        started_at: new Date().toISOString(),
        ...(options.detailsUrl ? { details_url: options.detailsUrl } : {}),
        output: {
          title: 'working',
          summary: outbound.text(`Steward agent \`${options.agent}\` is working.`),
        },
      });
      return new CheckRun(gh, task, outbound, data.id);
    } catch (err) {
      const status = (err as { status?: number }).status;
      options.warn(
        `could not create the check run steward/${options.agent}${status ? ` (HTTP ${status})` : ''}: ${err instanceof Error ? err.message : String(err)}${status === 403 ? '; add `checks: write` to the workflow permissions' : ''}`,
      );
      return null;
    }
  }

  /** Completes the run with `conclusion`; failures are reported through `warn`. */
  async finish(
    conclusion: CheckConclusion,
    output: { title: string; summary: string },
    warn: (message: string) => void,
  ): Promise<void> {
    try {
      await this.#gh.rest.checks.update({
        owner: this.#task.repo.owner,
        repo: this.#task.repo.name,
        check_run_id: this.id,
        status: 'completed',
        conclusion,
        completed_at: new Date().toISOString(),
        output: { title: this.#outbound.text(output.title), summary: this.#outbound.text(output.summary) },
      });
    } catch (err) {
      warn(`could not complete the check run: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
