/**
 * The repository object and collaborator permissions.
 * Sources: https://docs.github.com/en/rest/repos/repos#get-a-repository and
 * https://docs.github.com/en/rest/collaborators/collaborators#get-repository-permissions-for-a-user
 */

import type { RouteResult } from '../http.ts';
import { renderUser, repoUrls } from '../render.ts';
import type { RouteContext, RouteDef } from '../router.ts';
import { roleOf } from '../state.ts';
import type { FakeState, RepoRole } from '../types.ts';

/**
 * The legacy base permission GitHub reports for a role: `maintain` maps to `write` and `triage` to
 * `read` (documented on the collaborator-permission endpoint).
 */
export function basePermission(role: RepoRole): 'admin' | 'write' | 'read' | 'none' {
  if (role === 'admin') return 'admin';
  if (role === 'maintain' || role === 'write') return 'write';
  if (role === 'triage' || role === 'read') return 'read';
  return 'none';
}

/**
 * The role `login` effectively has. A login with no role set is not a collaborator: on a public
 * repository GitHub still answers `read` for them (anyone can read it), on a private one `none`.
 */
export function effectiveRole(state: FakeState, login: string): RepoRole {
  const role = roleOf(state, login);
  if (role !== 'none' || state.permissions.has(login)) return role;
  return state.repo.private ? 'none' : 'read';
}

/** The `permissions` hash of a collaborator or of the repository for the authenticated user. */
function permissionsHash(role: RepoRole): Record<string, boolean> {
  const rank = ['none', 'read', 'triage', 'write', 'maintain', 'admin'].indexOf(role);
  return { admin: rank >= 5, maintain: rank >= 4, push: rank >= 3, triage: rank >= 2, pull: rank >= 1 };
}

function getRepo(ctx: RouteContext): RouteResult {
  const { repo } = ctx.state;
  const urls = repoUrls(ctx);
  const owner = renderUser(ctx.state, repo.owner);
  const isBot = ctx.actor.type === 'Bot';
  return {
    body: {
      ...repo.raw,
      id: repo.id,
      node_id: repo.node_id,
      name: repo.name,
      full_name: `${repo.owner}/${repo.name}`,
      owner,
      private: repo.private,
      visibility: repo.private ? 'private' : 'public',
      html_url: urls.html,
      url: urls.api,
      default_branch: repo.default_branch,
      // A workflow token can push; anyone else gets what the test gave them.
      permissions: permissionsHash(isBot ? 'write' : effectiveRole(ctx.state, ctx.actor.login)),
    },
  };
}

function getPermission(ctx: RouteContext): RouteResult {
  const login = ctx.params.username ?? '';
  const role = effectiveRole(ctx.state, login);
  return {
    body: {
      permission: basePermission(role),
      role_name: role,
      user: { ...renderUser(ctx.state, login), permissions: permissionsHash(role), role_name: role },
    },
  };
}

/** Repository routes. */
export const repoRoutes: RouteDef[] = [
  { route: 'GET /repos/:owner/:repo', handler: getRepo },
  { route: 'GET /repos/:owner/:repo/collaborators/:username/permission', handler: getPermission },
];
