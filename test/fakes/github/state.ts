/**
 * The fake's in-memory state: creation, id allocation, the user registry, and the seed helpers that
 * put issues, pull requests and comments in place without going through HTTP (so they are not
 * recorded as requests).
 */

import { now } from './http.ts';
import type {
  FakeState,
  FakeUser,
  IssueCommentRecord,
  IssueRecord,
  LabelRecord,
  PullRecord,
  RepoInfo,
  RepoRole,
} from './types.ts';

/**
 * The account GitHub shows for writes made with a workflow's `GITHUB_TOKEN`: login
 * `github-actions[bot]`, id 41898282, type `Bot` (as seen on api.github.com/users/github-actions[bot]).
 */
export const ACTIONS_BOT: FakeUser = {
  login: 'github-actions[bot]',
  id: 41898282,
  node_id: 'MDM6Qm90NDE4OTgyODI=',
  avatar_url: 'https://avatars.githubusercontent.com/in/15368?v=4',
  html_url: 'https://github.com/apps/github-actions',
  url: 'https://api.github.com/users/github-actions%5Bbot%5D',
  type: 'Bot',
  site_admin: false,
};

/** A fresh state for `repo` holding only the Actions bot user and the repository owner. */
export function createState(repo: RepoInfo): FakeState {
  const state: FakeState = {
    repo,
    users: new Map([[ACTIONS_BOT.login, { ...ACTIONS_BOT }]]),
    permissions: new Map(),
    issues: [],
    pulls: [],
    issueComments: [],
    reactions: [],
    labels: [],
    reviews: [],
    reviewComments: [],
    commitComments: [],
    checkRuns: [],
    idCounter: 1_000_000,
  };
  ensureUser(state, repo.owner);
  return state;
}

/** A new unique id for any record (ids are unique across kinds, which GitHub does not promise). */
export function nextId(state: FakeState): number {
  state.idCounter += 1;
  return state.idCounter;
}

/** Keeps {@link nextId} above an id taken from a seed payload, so new records never collide with it. */
export function reserveId(state: FakeState, id: unknown): void {
  if (typeof id === 'number' && id >= state.idCounter && id < Number.MAX_SAFE_INTEGER) state.idCounter = id;
}

/** The next free issue/pull request number (they share one sequence on GitHub). */
export function nextNumber(state: FakeState): number {
  return state.issues.reduce((max, i) => Math.max(max, i.number), 0) + 1;
}

/** A GraphQL-style node id; only its uniqueness matters to clients. */
export function nodeId(kind: string, id: number): string {
  return Buffer.from(`${kind}${id}`).toString('base64').replace(/=+$/, '');
}

/**
 * The registered user for `login`, created on first use (type `Bot` when the login ends in `[bot]`).
 * `template` supplies real fields (id, avatar) when the user comes from a webhook payload.
 */
export function ensureUser(state: FakeState, login: string, template?: Partial<FakeUser>): FakeUser {
  const existing = state.users.get(login);
  if (existing) return existing;
  const id = typeof template?.id === 'number' ? template.id : nextId(state);
  reserveId(state, id);
  const bot = login.endsWith('[bot]');
  const user: FakeUser = {
    login,
    id,
    node_id: template?.node_id ?? nodeId(bot ? 'Bot' : 'User', id),
    avatar_url: template?.avatar_url ?? `https://avatars.githubusercontent.com/u/${id}?v=4`,
    html_url: template?.html_url ?? `https://github.com/${login}`,
    url: template?.url ?? `https://api.github.com/users/${encodeURIComponent(login)}`,
    type: template?.type ?? (bot ? 'Bot' : 'User'),
    site_admin: false,
  };
  state.users.set(login, user);
  return user;
}

/** The role a test gave `login` with `setPermission`, or `none`. */
export function roleOf(state: FakeState, login: string): RepoRole {
  return state.permissions.get(login) ?? 'none';
}

/**
 * GitHub's `author_association` for a new item by `login`: `OWNER` for the repository owner,
 * `COLLABORATOR` for anyone with a role, else `NONE` (bots included).
 * Source: https://docs.github.com/en/graphql/reference/enums#commentauthorassociation
 */
export function authorAssociation(state: FakeState, login: string): string {
  if (login === state.repo.owner) return 'OWNER';
  return roleOf(state, login) === 'none' ? 'NONE' : 'COLLABORATOR';
}

/** The repository label `name` (case-insensitive, as GitHub matches labels), created if missing. */
export function ensureLabel(
  state: FakeState,
  name: string,
  color = 'ededed',
  description: string | null = null,
) {
  const existing = state.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
  if (existing) return existing;
  const id = nextId(state);
  const label: LabelRecord = { id, node_id: nodeId('Label', id), name, color, description, default: false };
  state.labels.push(label);
  return label;
}

/** Fields a test may give when seeding an issue; everything else gets a sensible default. */
export interface IssueSeed {
  number?: number;
  id?: number;
  title: string;
  body?: string | null;
  user?: string;
  state?: 'open' | 'closed';
  labels?: string[];
  assignees?: string[];
  created_at?: string;
  author_association?: string;
}

/** Adds (or replaces, by number) an issue and returns its record. */
export function addIssue(state: FakeState, seed: IssueSeed): IssueRecord {
  const number = seed.number ?? nextNumber(state);
  const id = seed.id ?? nextId(state);
  reserveId(state, id);
  const user = seed.user ?? state.repo.owner;
  ensureUser(state, user);
  for (const name of seed.labels ?? []) ensureLabel(state, name);
  const created = seed.created_at ?? now();
  const issue: IssueRecord = {
    number,
    id,
    node_id: nodeId('Issue', id),
    title: seed.title,
    body: seed.body ?? null,
    state: seed.state ?? 'open',
    state_reason: null,
    user,
    labels: [...(seed.labels ?? [])],
    assignees: [...(seed.assignees ?? [])],
    locked: false,
    author_association: seed.author_association ?? authorAssociation(state, user),
    created_at: created,
    updated_at: created,
    closed_at: seed.state === 'closed' ? created : null,
    is_pull_request: state.pulls.some((p) => p.number === number),
  };
  state.issues = state.issues.filter((i) => i.number !== number);
  state.issues.push(issue);
  state.issues.sort((a, b) => a.number - b.number);
  return issue;
}

/** Fields for seeding a pull request: the issue fields plus head and base refs and shas. */
export interface PullSeed extends IssueSeed {
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  draft?: boolean;
  pull_id?: number;
}

/** Adds (or replaces, by number) a pull request and its issue; returns both records. */
export function addPullRequest(state: FakeState, seed: PullSeed): { issue: IssueRecord; pull: PullRecord } {
  const number = seed.number ?? nextNumber(state);
  const id = seed.pull_id ?? nextId(state);
  reserveId(state, id);
  const pull: PullRecord = {
    number,
    id,
    node_id: nodeId('PullRequest', id),
    head: { ...seed.head },
    base: { ...seed.base },
    draft: seed.draft ?? false,
    merged: false,
    merged_at: null,
    merge_commit_sha: null,
    maintainer_can_modify: false,
  };
  state.pulls = state.pulls.filter((p) => p.number !== number);
  state.pulls.push(pull);
  const issue = addIssue(state, { ...seed, number, id: seed.id ?? nextId(state) });
  issue.is_pull_request = true;
  return { issue, pull };
}

/** Fields for seeding an issue comment. */
export interface CommentSeed {
  issue_number: number;
  body: string;
  user?: string;
  id?: number;
  created_at?: string;
  author_association?: string;
}

/** Adds an issue comment and returns its record. */
export function addComment(state: FakeState, seed: CommentSeed): IssueCommentRecord {
  const id = seed.id ?? nextId(state);
  reserveId(state, id);
  const user = seed.user ?? state.repo.owner;
  ensureUser(state, user);
  const created = seed.created_at ?? now();
  const comment: IssueCommentRecord = {
    id,
    node_id: nodeId('IssueComment', id),
    issue_number: seed.issue_number,
    body: seed.body,
    user,
    author_association: seed.author_association ?? authorAssociation(state, user),
    created_at: created,
    updated_at: created,
  };
  state.issueComments.push(comment);
  return comment;
}

/** The issue numbered `number`, or undefined. */
export function findIssue(state: FakeState, number: number): IssueRecord | undefined {
  return state.issues.find((i) => i.number === number);
}

/** The pull request numbered `number`, or undefined. */
export function findPull(state: FakeState, number: number): PullRecord | undefined {
  return state.pulls.find((p) => p.number === number);
}
