/**
 * Event payloads for the end-to-end tests: real examples from `@octokit/webhooks-examples`,
 * retargeted at the test repository. Where the examples lack something GitHub sends (no
 * `schedule` example; no `issue_comment` on a pull request), the payload is built from the closest
 * real example and the difference is said where it is made.
 */
import { loadWebhookExample, retargetPayload, type TestRepository } from '../fakes/github/index.ts';
import type { EventKey, WorldOptions } from './action-world.ts';

/** The repository every world serves. */
export const OWNER = 'octo-org';
/** Name of the repository every world serves. */
export const REPO = 'widgets';

type Json = Record<string, unknown>;

/** The `issue.pull_request` links GitHub puts on an issue that is a pull request. */
export function pullLinks(number: number): Json {
  const web = `https://github.com/${OWNER}/${REPO}/pull/${number}`;
  return {
    url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${number}`,
    html_url: web,
    diff_url: `${web}.diff`,
    patch_url: `${web}.patch`,
    merged_at: null,
  };
}

/** The payload of event `key` for `repo`, shaped by the world options. */
export function buildPayload(key: EventKey, repo: TestRepository, options: WorldOptions): Json {
  const [name = '', action] = key.split('.');
  const retarget = (example: object) =>
    retargetPayload(example, {
      owner: OWNER,
      repo: REPO,
      headRef: repo.headRef,
      headSha: repo.headSha,
      baseRef: repo.baseRef,
      baseSha: repo.baseSha,
      ...(options.sender ? { sender: options.sender } : {}),
      ...(options.body !== undefined ? { body: options.body } : {}),
    }) as Json;
  switch (name) {
    case 'pull_request':
    case 'pull_request_target': {
      // `pull_request_target` carries the same payload as `pull_request` (GitHub docs); the examples
      // package files it under pull_request.
      return retarget(loadWebhookExample('pull_request', action, 0));
    }
    case 'push': {
      // Example 4 is a branch push with one commit; its range is pointed at the test repository.
      const payload = retarget(loadWebhookExample('push', undefined, 4));
      payload.ref = `refs/heads/${repo.headRef}`;
      payload.before = repo.baseSha;
      payload.after = repo.headSha;
      payload.created = false;
      payload.compare = `https://github.com/${OWNER}/${REPO}/compare/${repo.baseSha.slice(0, 12)}...${repo.headSha.slice(0, 12)}`;
      const commits = payload.commits as Json[];
      const commit = { ...(commits[0] ?? {}), id: repo.headSha, message: 'Change app' };
      payload.commits = [commit];
      payload.head_commit = commit;
      return payload;
    }
    case 'issues':
      return retarget(loadWebhookExample('issues', action, 0));
    case 'issue_comment': {
      const payload = retarget(loadWebhookExample('issue_comment', action, 0));
      // The examples have no comment on a pull request; GitHub marks one with `issue.pull_request`.
      if (options.onPullRequest)
        (payload.issue as Json).pull_request = pullLinks(Number((payload.issue as Json).number));
      return payload;
    }
    case 'workflow_dispatch': {
      const payload = retarget(loadWebhookExample('workflow_dispatch', undefined, 0));
      payload.inputs = options.dispatchInputs ?? {};
      payload.ref = `refs/heads/${repo.baseRef}`;
      return payload;
    }
    case 'schedule': {
      // A scheduled run's event has no webhook (the examples package has none): GitHub writes the
      // cron and the workflow file, with the repository and sender of the workflow's owner. The
      // repository object is taken from the real workflow_dispatch example.
      const dispatch = retarget(loadWebhookExample('workflow_dispatch', undefined, 0));
      return {
        schedule: '0 6 * * 1',
        workflow: '.github/workflows/steward.yml',
        repository: dispatch.repository,
        organization: dispatch.organization,
        sender: dispatch.sender,
      };
    }
    default:
      throw new Error(`no payload for ${key}`);
  }
}
