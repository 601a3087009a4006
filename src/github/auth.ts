import type { Task } from './context.ts';
import type { GitHubClient } from './octokit.ts';

/** The repository roles that may start a run (DESIGN section 5, invariant 2). */
const TRUSTED_ROLES = new Set(['admin', 'maintain', 'write']);

/** Whether the trigger of a task may start a run, and why. */
export interface Authorization {
  allowed: boolean;
  /** The actor's role by the collaborator-permission endpoint (`role_name`), or `bot`/`none`. */
  role: string;
  reason: string;
}

/**
 * Decides whether `task`'s actor may start a run. Users need the write, maintain or admin role by
 * the REST collaborator-permission endpoint (`GET /repos/{owner}/{repo}/collaborators/{username}/
 * permission`, `role_name`), never by `author_association`, which a fork's author can satisfy.
 * Bots are allowed only when their exact login is in `trustedBots`. Edited and deleted comments
 * never trigger, and neither do comments written by Steward itself (`selfLogin`).
 *
 * @throws the Octokit error when GitHub answers something other than 404 for the lookup.
 */
export async function authorizeTrigger(
  gh: GitHubClient,
  task: Task,
  options: { trustedBots: readonly string[]; selfLogin?: string },
): Promise<Authorization> {
  const login = task.actor.login;
  if (task.comment && task.event.action && task.event.action !== 'created') {
    return {
      allowed: false,
      role: 'none',
      reason: `comment ${task.event.action} events never trigger a run`,
    };
  }
  const selfLogin = options.selfLogin ?? 'github-actions[bot]';
  if (task.comment && task.comment.author === selfLogin) {
    return { allowed: false, role: 'bot', reason: 'Steward does not answer its own comments' };
  }
  if (task.actor.type === 'Bot' || login.endsWith('[bot]')) {
    return options.trustedBots.includes(login)
      ? { allowed: true, role: 'bot', reason: `bot ${login} is listed in steward.trusted_bots` }
      : { allowed: false, role: 'bot', reason: `bot ${login} is not listed in steward.trusted_bots` };
  }
  try {
    const { data } = await gh.rest.repos.getCollaboratorPermissionLevel({
      owner: task.repo.owner,
      repo: task.repo.name,
      username: login,
    });
    const role = (data as { role_name?: string }).role_name ?? data.permission;
    return TRUSTED_ROLES.has(role)
      ? { allowed: true, role, reason: `@${login} has the ${role} role` }
      : {
          allowed: false,
          role,
          reason: `@${login} has the ${role} role; write, maintain or admin is required`,
        };
  } catch (err) {
    if ((err as { status?: number }).status === 404) {
      return {
        allowed: false,
        role: 'none',
        reason: `@${login} is not a collaborator of ${task.repo.full_name}`,
      };
    }
    throw err;
  }
}
