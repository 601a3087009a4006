import type { Task } from './context.ts';
import type { GitHubClient } from './octokit.ts';

/** The repository roles that may start a run (DESIGN section 5, invariant 2). */
const TRUSTED_ROLES = new Set(['admin', 'maintain', 'write']);

/**
 * Events GitHub itself gates: only people with write access can dispatch a workflow, and a
 * schedule runs the default branch's workflow file, which only writers can change ("Events that
 * trigger workflows" docs). Their payloads may not even name a sender.
 */
const GATED_BY_GITHUB = new Set(['schedule', 'workflow_dispatch']);

/** The hidden marker every comment Steward writes carries (src/report/markdown.ts). */
export const STEWARD_MARKER = '<!-- steward:';

/** Whether the trigger of a task may start a run, and why. */
export interface Authorization {
  allowed: boolean;
  /** The actor's role by the collaborator-permission endpoint (`role_name`), or `bot`/`none`/`github`. */
  role: string;
  reason: string;
  /** True when the trigger is Steward's own comment: never answered, not even with a refusal. */
  self?: boolean;
}

/**
 * Looks up repository roles by the REST collaborator-permission endpoint
 * (`GET /repos/{owner}/{repo}/collaborators/{username}/permission`, field `role_name`), once per
 * login per run. A 404 (not a collaborator, or a private repository the login cannot see) is role
 * `none`.
 */
export class RoleLookup {
  readonly #gh: GitHubClient;
  readonly #task: Task;
  readonly #cache = new Map<string, Promise<string>>();

  constructor(gh: GitHubClient, task: Task) {
    this.#gh = gh;
    this.#task = task;
  }

  /**
   * The role of `login` (`admin`, `maintain`, `write`, `triage`, `read` or `none`).
   * @throws the Octokit error when GitHub answers something other than 404.
   */
  role(login: string): Promise<string> {
    let found = this.#cache.get(login);
    if (!found) {
      found = this.#fetch(login);
      this.#cache.set(login, found);
    }
    return found;
  }

  /** Whether `login` has write, maintain or admin. */
  async canWrite(login: string): Promise<boolean> {
    return TRUSTED_ROLES.has(await this.role(login));
  }

  async #fetch(login: string): Promise<string> {
    try {
      const { data } = await this.#gh.rest.repos.getCollaboratorPermissionLevel({
        owner: this.#task.repo.owner,
        repo: this.#task.repo.name,
        username: login,
      });
      return (data as { role_name?: string }).role_name ?? data.permission;
    } catch (err) {
      if ((err as { status?: number }).status === 404) return 'none';
      throw err;
    }
  }
}

/** Whether `login`/`type` is a bot account (GitHub Apps and bots end in `[bot]`). */
export function isBot(login: string, type: string): boolean {
  return type === 'Bot' || login.endsWith('[bot]');
}

/** Whether a comment was written by Steward: by its own login or carrying its hidden marker. */
export function isOwnComment(comment: { author: string; body: string }, selfLogin: string): boolean {
  return comment.author === selfLogin || comment.body.includes(STEWARD_MARKER);
}

/**
 * Decides whether `task`'s actor may start a run. Users need the write, maintain or admin role by
 * the REST collaborator-permission endpoint, never by `author_association`, which a fork's author
 * can satisfy. Bots are allowed only when their exact login is in `trustedBots`. Edited and
 * deleted comments never trigger, and neither do comments written by Steward itself (`selfLogin`,
 * or a body with Steward's marker). `schedule` and `workflow_dispatch` are gated by GitHub.
 *
 * @throws the Octokit error when GitHub answers something other than 404 for the lookup.
 */
export async function authorizeTrigger(
  roles: RoleLookup,
  task: Task,
  options: { trustedBots: readonly string[]; selfLogin: string },
): Promise<Authorization> {
  if (task.comment && task.event.action && task.event.action !== 'created') {
    return {
      allowed: false,
      role: 'none',
      reason: `comment ${task.event.action} events never trigger a run`,
    };
  }
  if (task.comment && isOwnComment(task.comment, options.selfLogin)) {
    return { allowed: false, role: 'bot', reason: 'Steward does not answer its own comments', self: true };
  }
  if (GATED_BY_GITHUB.has(task.event.name)) {
    return { allowed: true, role: 'github', reason: `${task.event.name} runs are gated by GitHub` };
  }
  const login = task.comment?.author || task.actor.login;
  const type = task.comment ? task.comment.author_type : task.actor.type;
  if (!login) return { allowed: false, role: 'none', reason: 'the event names no sender' };
  if (isBot(login, type)) {
    return options.trustedBots.includes(login)
      ? { allowed: true, role: 'bot', reason: `bot ${login} is listed in steward.trusted_bots` }
      : { allowed: false, role: 'bot', reason: `bot ${login} is not listed in steward.trusted_bots` };
  }
  const role = await roles.role(login);
  if (TRUSTED_ROLES.has(role)) return { allowed: true, role, reason: `@${login} has the ${role} role` };
  return {
    allowed: false,
    role,
    reason:
      role === 'none'
        ? `@${login} is not a collaborator of ${task.repo.full_name}; write, maintain or admin is required`
        : `@${login} has the ${role} role; write, maintain or admin is required`,
  };
}
