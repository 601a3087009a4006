/**
 * Real webhook payloads from `@octokit/webhooks-examples` (payloads GitHub actually sent, collected by
 * the Octokit project), and a way to point one at a test repository.
 */

import { createRequire } from 'node:module';
import type { WebhookDefinition } from '@octokit/webhooks-examples';

/** A webhook event name known to `@octokit/webhooks-examples`, e.g. `'pull_request'`. */
export type WebhookName = WebhookDefinition['name'];

/** The typed payload of event `N` (from `@octokit/webhooks-types` via the examples package). */
export type WebhookPayload<N extends WebhookName = WebhookName> = WebhookDefinition<N>['examples'][number];

let definitions: WebhookDefinition[] | undefined;

function loadDefinitions(): WebhookDefinition[] {
  // The package's entry point is a JSON file; require() reads it without an import attribute.
  definitions ??= createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookDefinition[];
  return definitions;
}

/**
 * A deep copy of the `index`-th example payload of event `name` whose `action` is `action` (omit
 * `action` for action-less events such as `push`). Throws an Error listing the available actions when
 * there is no such example. Example: `loadWebhookExample('pull_request', 'opened')`.
 */
export function loadWebhookExample<N extends WebhookName>(
  name: N,
  action?: string,
  index = 0,
): WebhookPayload<N> {
  const def = loadDefinitions().find((d) => d.name === name);
  if (!def) throw new Error(`@octokit/webhooks-examples has no event named ${name}`);
  const examples = (def.examples as Record<string, unknown>[]).filter(
    (e) => action === undefined || e.action === action,
  );
  const example = examples[index];
  if (!example) {
    const actions = [...new Set(def.examples.map((e) => (e as { action?: string }).action))].join(', ');
    throw new Error(
      `no example #${index} for ${name}.${action ?? '(any)'}; actions with examples: ${actions}`,
    );
  }
  return structuredClone(example) as WebhookPayload<N>;
}

/** How {@link retargetPayload} rewrites a payload; every field is optional. */
export interface RetargetOptions {
  /** New repository owner login. */
  owner?: string;
  /** New repository name. */
  repo?: string;
  /** New default branch of the repository. */
  defaultBranch?: string;
  /** Pull request head branch and commit. */
  headRef?: string;
  headSha?: string;
  /** Pull request base branch and commit. */
  baseRef?: string;
  baseSha?: string;
  /** Login of the sender; also becomes the author of the issue, pull request or comment the event is about. */
  sender?: string;
  /** Body of the comment (for comment events) or else of the issue / pull request the event is about. */
  body?: string;
  /** Issue or pull request number (also `payload.number`). */
  number?: number;
  /** Base URL replacing `https://api.github.com` in every URL, e.g. the fake's `url`. */
  apiUrl?: string;
}

/**
 * A deep copy of `payload` pointing at another repository: every repository object (`full_name` equal
 * to the original's) gets the new owner/name/default branch, URLs naming the old repository are
 * rewritten, and pull request head/base, sender, body and number are replaced when given.
 */
export function retargetPayload<T extends object>(payload: T, options: RetargetOptions): T {
  const copy = structuredClone(payload) as Record<string, unknown>;
  const repository = asRecord(copy.repository);
  const oldFull = typeof repository?.full_name === 'string' ? repository.full_name : undefined;
  const oldOwner = asRecord(repository?.owner)?.login;
  const owner = options.owner ?? (typeof oldOwner === 'string' ? oldOwner : 'octo-org');
  const repo = options.repo ?? (typeof repository?.name === 'string' ? repository.name : 'repo');
  const newFull = `${owner}/${repo}`;

  const rewriteString = (s: string): string => {
    let out = s;
    if (oldFull) out = out.split(`/${oldFull}`).join(`/${newFull}`);
    if (options.apiUrl) out = out.split('https://api.github.com').join(options.apiUrl.replace(/\/$/, ''));
    return out;
  };
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return rewriteString(value);
    if (Array.isArray(value)) return value.map(walk);
    const obj = asRecord(value);
    if (!obj) return value;
    const isTargetRepo = oldFull !== undefined && obj.full_name === oldFull && 'owner' in obj;
    for (const [k, v] of Object.entries(obj)) obj[k] = walk(v);
    if (isTargetRepo) {
      obj.full_name = newFull;
      obj.name = repo;
      const o = asRecord(obj.owner);
      if (o && o.login !== owner) {
        o.login = owner;
        o.html_url = `https://github.com/${owner}`;
      }
      if (options.defaultBranch && 'default_branch' in obj) obj.default_branch = options.defaultBranch;
    }
    return obj;
  };
  walk(copy);

  const pr = asRecord(copy.pull_request);
  const sides: [Record<string, unknown> | undefined, string | undefined, string | undefined][] = [
    [asRecord(pr?.head), options.headRef, options.headSha],
    [asRecord(pr?.base), options.baseRef, options.baseSha],
  ];
  for (const [side, ref, sha] of sides) {
    if (!side) continue;
    if (ref) side.ref = ref;
    if (sha) side.sha = sha;
    const sideOwner = asRecord(asRecord(side.repo)?.owner)?.login;
    side.label = `${typeof sideOwner === 'string' ? sideOwner : owner}:${String(side.ref)}`;
  }

  const subject = asRecord(copy.comment) ?? asRecord(copy.issue) ?? pr;
  if (options.body !== undefined && subject) subject.body = options.body;
  if (options.sender) {
    const sender = asRecord(copy.sender);
    if (sender) setLogin(sender, options.sender);
    const author = asRecord(subject?.user);
    if (author) setLogin(author, options.sender);
  }
  if (options.number !== undefined) {
    if ('number' in copy) copy.number = options.number;
    for (const item of [asRecord(copy.issue), pr]) {
      if (item) item.number = options.number;
    }
  }
  return copy as T;
}

/** Renames a user object, giving it an id derived from the login so different logins differ. */
function setLogin(user: Record<string, unknown>, login: string): void {
  if (user.login === login) return;
  user.login = login;
  user.id = 10_000_000 + [...login].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 9_000_000, 7);
  user.node_id = Buffer.from(`User${String(user.id)}`).toString('base64');
  user.html_url = `https://github.com/${login}`;
  user.type = login.endsWith('[bot]') ? 'Bot' : 'User';
}

/** `value` as a plain object, or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
