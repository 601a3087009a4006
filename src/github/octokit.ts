import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';

/** The REST client Steward uses for every GitHub write and read. */
export type GitHubClient = InstanceType<typeof StewardOctokit>;

const StewardOctokit = Octokit.plugin(retry, throttling);

/** Settings for {@link createGitHubClient}. */
export interface GitHubClientOptions {
  token: string;
  /** REST base URL (`GITHUB_API_URL`; the fake server in tests). Default `https://api.github.com`. */
  baseUrl?: string;
  /** Retries of 5xx answers by `@octokit/plugin-retry`; default 3. */
  retries?: number;
  /** Called with one-line notes when a rate limit makes the client wait. */
  onNotice?: (message: string) => void;
}

/**
 * Builds an Octokit with the retry and throttling plugins. Primary and secondary rate limits are
 * waited out (per `retry-after`) up to twice per request, as GitHub's REST best practices ask.
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const notice = options.onNotice ?? (() => {});
  return new StewardOctokit({
    auth: options.token,
    baseUrl: options.baseUrl ?? 'https://api.github.com',
    userAgent: 'steward',
    retry: { retries: options.retries ?? 3 },
    throttle: {
      onRateLimit: (after: number, opts: { method: string; url: string }, _o: unknown, count: number) => {
        notice(`GitHub rate limit on ${opts.method} ${opts.url}; retrying in ${after}s`);
        return count < 2;
      },
      onSecondaryRateLimit: (
        after: number,
        opts: { method: string; url: string },
        _o: unknown,
        count: number,
      ) => {
        notice(`GitHub secondary rate limit on ${opts.method} ${opts.url}; retrying in ${after}s`);
        return count < 2;
      },
    },
  });
}
