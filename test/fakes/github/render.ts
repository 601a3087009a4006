/**
 * Rendering shared by the route modules: users, labels, reaction roll-ups and the repository's URLs,
 * in the REST API's field names.
 */

import type { RouteContext } from './router.ts';
import { ensureUser } from './state.ts';
import type { FakeState, LabelRecord, ReactionSubject } from './types.ts';
import { REACTION_CONTENTS } from './types.ts';

/** API and web URLs of the served repository. */
export interface RepoUrls {
  /** `http://127.0.0.1:PORT/repos/OWNER/REPO` */
  api: string;
  /** `https://github.com/OWNER/REPO` */
  html: string;
}

/** The repository's API and web base URLs for `ctx`. */
export function repoUrls(ctx: Pick<RouteContext, 'apiUrl' | 'state'>): RepoUrls {
  const { owner, name } = ctx.state.repo;
  return { api: `${ctx.apiUrl}/repos/${owner}/${name}`, html: `https://github.com/${owner}/${name}` };
}

/**
 * The "simple user" object for `login` (registered on first sight).
 * Source: https://docs.github.com/en/rest/users/users (simple-user schema)
 */
export function renderUser(state: FakeState, login: string): Record<string, unknown> {
  const u = ensureUser(state, login);
  return {
    login: u.login,
    id: u.id,
    node_id: u.node_id,
    avatar_url: u.avatar_url,
    gravatar_id: '',
    url: u.url,
    html_url: u.html_url,
    type: u.type,
    site_admin: u.site_admin,
  };
}

/** A label object. Source: https://docs.github.com/en/rest/issues/labels */
export function renderLabel(ctx: Pick<RouteContext, 'apiUrl' | 'state'>, label: LabelRecord) {
  return {
    id: label.id,
    node_id: label.node_id,
    url: `${repoUrls(ctx).api}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: label.default,
    description: label.description,
  };
}

/** The labels named `names`, rendered, in the given order (names without a repo label are skipped). */
export function renderLabels(ctx: Pick<RouteContext, 'apiUrl' | 'state'>, names: readonly string[]) {
  return names.flatMap((n) => {
    const label = ctx.state.labels.find((l) => l.name.toLowerCase() === n.toLowerCase());
    return label ? [renderLabel(ctx, label)] : [];
  });
}

/**
 * The `reactions` roll-up GitHub embeds in issues and comments: `total_count` and one count per
 * content. Source: https://docs.github.com/en/rest/issues/comments (reaction-rollup schema)
 */
export function reactionRollup(state: FakeState, subject: ReactionSubject, subjectId: number, url: string) {
  const mine = state.reactions.filter((r) => r.subject === subject && r.subject_id === subjectId);
  const rollup: Record<string, unknown> = { url: `${url}/reactions`, total_count: mine.length };
  for (const c of REACTION_CONTENTS) rollup[c] = mine.filter((r) => r.content === c).length;
  return rollup;
}
