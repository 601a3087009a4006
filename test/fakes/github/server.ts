/**
 * The fake GitHub REST API server: an HTTP server on 127.0.0.1 (port 0) that the real Octokit talks
 * to through `baseUrl` / `GITHUB_API_URL`. It authenticates tokens, records every request, applies
 * injected faults, adds rate-limit headers, and dispatches to the route modules.
 */

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DelayRegistry, type DelaySpec, type InjectedDelay } from './delays.ts';
import { defaultFaultBody, FaultRegistry, type FaultSpec, type InjectedFault } from './faults.ts';
import type { GitStore } from './git.ts';
import { HttpError, mediaFormat, type RouteResult } from './http.ts';
import { retargetPayload } from './payloads.ts';
import { createFakeRepository, type FakeRepository } from './repository.ts';
import { Router } from './router.ts';
import { checkRoutes } from './routes/checks.ts';
import { commitRoutes } from './routes/commits.ts';
import { gitRoutes } from './routes/git.ts';
import { issueRoutes } from './routes/issues.ts';
import { labelRoutes } from './routes/labels.ts';
import { pullRoutes } from './routes/pulls.ts';
import { reactionRoutes } from './routes/reactions.ts';
import { repoRoutes } from './routes/repos.ts';
import { reviewRoutes } from './routes/reviews.ts';
import { repoInfoFrom, seedFromPayload } from './seed.ts';
import {
  ACTIONS_BOT,
  addComment,
  addIssue,
  addPullRequest,
  type CommentSeed,
  createState,
  ensureUser,
  type IssueSeed,
  type PullSeed,
} from './state.ts';
import type { FakeState, IssueCommentRecord, IssueRecord, PullRecord, RepoRole } from './types.ts';

/** Options of {@link startFakeGitHub}; all optional. */
export interface FakeGitHubOptions {
  /** A webhook payload (e.g. from `loadWebhookExample`) whose repository, sender and subject seed the state. */
  payload?: object;
  /** Repository owner; defaults to the payload's, else `octo-org`. The payload is retargeted to it. */
  owner?: string;
  /** Repository name; defaults to the payload's, else `octo-repo`. */
  repo?: string;
  /** Default branch; defaults to the bare repository's HEAD branch if it exists, else the payload's, else `main`. */
  defaultBranch?: string;
  /** Whether the repository is private (affects non-collaborators' permission); defaults to the payload's. */
  private?: boolean;
  /** Path of an existing (bare) git repository to serve; otherwise an empty one is created in a temp dir. */
  bareRepo?: string;
  /** Files of an initial commit on the default branch, only for a repository the fake creates. */
  seedFiles?: Record<string, string>;
  /** Token → login. Tokens not listed act as `github-actions[bot]` unless `rejectUnknownTokens` is set. */
  tokens?: Record<string, string>;
  /** Answer 401 "Bad credentials" to tokens not in `tokens`. */
  rejectUnknownTokens?: boolean;
  /** `x-ratelimit-limit` reported on every response; default 5000. */
  rateLimit?: number;
  /**
   * Called for authenticated requests no route matches, before answering 404; return true when it
   * answered. The request body has already been read (it is in the request record). Use it to
   * compose other fakes, e.g. the artifact fake's `handleRestRequest`.
   */
  fallback?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
}

/** One request as the fake received it. `headers` include `authorization`; `body` is parsed JSON. */
export interface RecordedRequest {
  id: number;
  method: string;
  /** Path without query string, as received. */
  path: string;
  /** Matched route pattern, e.g. `POST /repos/:owner/:repo/issues/:issue_number/comments`, `fallback`, or null. */
  route: string | null;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** The token from the `authorization` header, or null. */
  token: string | null;
  /** Login the token acted as, or null when unauthenticated. */
  actor: string | null;
  body: unknown;
  /** Response status; 0 while the request is in flight or when the connection was reset. */
  status: number;
  /** True when an injected fault answered it. */
  fault: boolean;
}

/** A running fake GitHub. See test/fakes/README.md for usage. */
export interface FakeGitHub {
  /** Base URL for Octokit's `baseUrl` and `GITHUB_API_URL`, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly owner: string;
  readonly repo: string;
  /** The seed payload retargeted to this repository with API URLs pointing at the fake, or undefined. */
  readonly payload: Record<string, unknown> | undefined;
  /** Issues, comments, reviews, check runs, labels, permissions… (refs and objects are in `git`). */
  readonly state: FakeState;
  /** The bare repository holding git objects and refs; `git.gitDir` is its path. */
  readonly git: GitStore;
  /** Every request received, in arrival order. */
  readonly requests: RecordedRequest[];
  /** `METHOD /path` of each request no route matched, e.g. `GET /repos/o/r/deployments`. */
  readonly unknownRoutes: string[];
  /** Unexpected exceptions thrown by route handlers (answered 500); should stay empty. */
  readonly errors: Error[];
  /** Requests other than GET and HEAD. */
  writes(): RecordedRequest[];
  /** Gives `login` a repository role (`none` makes them a non-collaborator explicitly). */
  setPermission(login: string, role: RepoRole): void;
  /** Maps another token to a login (a `[bot]` suffix makes it a Bot account). */
  addToken(token: string, login: string): void;
  /** Registers a fault; see {@link FaultSpec}. */
  injectFault(spec: FaultSpec): InjectedFault;
  /** Removes all faults. */
  clearFaults(): void;
  /** Holds matching requests before they are handled; see {@link DelaySpec}. */
  delay(spec: DelaySpec): InjectedDelay;
  /** All refs of the repository: full ref name → sha. */
  refs(): Promise<Record<string, string>>;
  /** Seeds an issue without a request. */
  addIssue(seed: IssueSeed): IssueRecord;
  /** Seeds a pull request (and its issue) without a request. */
  addPullRequest(seed: PullSeed): { issue: IssueRecord; pull: PullRecord };
  /** Seeds an issue comment without a request. */
  addComment(seed: CommentSeed): IssueCommentRecord;
  /** Stops the server, drops open connections, removes temp dirs the fake created. Idempotent. */
  close(): Promise<void>;
}

function headerMap(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Starts a fake GitHub serving one repository on `http://127.0.0.1:<random port>`.
 * Throws if the bare repository cannot be opened or created, or the port cannot be bound.
 */
export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const gitRepo: FakeRepository = await createFakeRepository(options);
  const tokens = new Map(Object.entries(options.tokens ?? {}));
  const requests: RecordedRequest[] = [];
  const unknownRoutes: string[] = [];
  const errors: Error[] = [];
  const faults = new FaultRegistry();
  const delays = new DelayRegistry();
  const limit = options.rateLimit ?? 5000;
  const reset = Math.ceil(Date.now() / 1000) + 3600;
  let used = 0;
  let apiUrl = '';

  const router = new Router();
  router.add([
    ...repoRoutes,
    ...issueRoutes,
    ...labelRoutes,
    ...reactionRoutes,
    ...pullRoutes,
    ...reviewRoutes,
    ...commitRoutes,
    ...checkRoutes,
    ...gitRoutes,
  ]);

  const rateHeaders = (): Record<string, string> => ({
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': String(Math.max(limit - used, 0)),
    'x-ratelimit-reset': String(reset),
    'x-ratelimit-used': String(used),
    'x-ratelimit-resource': 'core',
  });
  const rateLimitBody = () => {
    const core = { limit, used, remaining: Math.max(limit - used, 0), reset };
    const search = { limit: 30, used: 0, remaining: 30, reset };
    return { resources: { core, search, graphql: { ...core, used: 0, remaining: limit } }, rate: core };
  };

  const send = (
    res: ServerResponse,
    record: RecordedRequest,
    result: RouteResult,
    extra: Record<string, string> = {},
  ) => {
    const status = result.status ?? 200;
    record.status = status;
    const headers: Record<string, string> = {
      'x-github-request-id': randomUUID().toUpperCase(),
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      ...rateHeaders(),
      ...result.headers,
      ...extra,
    };
    if (status === 204) {
      res.writeHead(status, headers).end();
    } else if (result.text !== undefined) {
      res.writeHead(status, {
        ...headers,
        'content-type': result.contentType ?? 'text/plain; charset=utf-8',
      });
      res.end(result.text);
    } else {
      res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(result.body ?? null));
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const headers = headerMap(req);
    const raw = await readBody(req);
    const record: RecordedRequest = {
      id: requests.length + 1,
      method,
      path: url.pathname,
      route: null,
      query: Object.fromEntries(url.searchParams),
      headers,
      token: null,
      actor: null,
      body: undefined,
      status: 0,
      fault: false,
    };
    requests.push(record);
    const fail = (error: HttpError) => send(res, record, { status: error.status, body: error.toBody() });

    if (raw.length > 0) {
      try {
        record.body = JSON.parse(raw.toString('utf8'));
      } catch {
        if ((headers['content-type'] ?? '').includes('json'))
          return fail(new HttpError(400, 'Problems parsing JSON'));
        record.body = raw.toString('utf8');
      }
    }

    const auth = /^(?:token|bearer)\s+(\S+)$/i.exec(headers.authorization ?? '');
    if (!auth?.[1]) return fail(new HttpError(401, 'Requires authentication'));
    record.token = auth[1];
    const login = tokens.get(auth[1]) ?? (options.rejectUnknownTokens ? undefined : ACTIONS_BOT.login);
    if (!login) return fail(new HttpError(401, 'Bad credentials'));
    record.actor = login;
    if (url.pathname !== '/rate_limit') used += 1;

    const fault = faults.take(method, url.pathname);
    if (fault) {
      record.fault = true;
      if (fault.spec.delayMs) await new Promise((r) => setTimeout(r, fault.spec.delayMs));
      if (fault.spec.reset) {
        req.socket.destroy();
        return;
      }
      const status = fault.spec.status ?? 502;
      return send(
        res,
        record,
        { status, body: fault.spec.body ?? defaultFaultBody(status) },
        fault.spec.headers,
      );
    }

    await delays.hold(method, url.pathname);
    if (method === 'GET' && url.pathname === '/rate_limit') {
      record.route = 'GET /rate_limit';
      return send(res, record, { body: rateLimitBody() });
    }
    const match = router.match(method, url.pathname);
    if (!match && options.fallback && (await options.fallback(req, res))) {
      record.route = 'fallback';
      record.status = res.statusCode;
      return;
    }
    if (!match) {
      unknownRoutes.push(`${method} ${url.pathname}`);
      return fail(new HttpError(404, `Not Found: no fake route for ${method} ${url.pathname}`));
    }
    record.route = match.route;
    const { owner, name } = state.repo;
    const { owner: o, repo: r } = match.params;
    if (
      o !== undefined &&
      (o.toLowerCase() !== owner.toLowerCase() || r?.toLowerCase() !== name.toLowerCase())
    ) {
      return fail(new HttpError(404, 'Not Found'));
    }
    try {
      const result = await match.handler({
        method,
        path: url.pathname,
        params: match.params,
        query: record.query,
        headers,
        body: record.body,
        actor: ensureUser(state, login),
        format: mediaFormat(headers.accept),
        state,
        git: gitRepo.git,
        apiUrl,
      });
      send(res, record, result);
    } catch (error) {
      if (error instanceof HttpError) return fail(error);
      errors.push(error as Error);
      fail(new HttpError(500, `fake GitHub error: ${(error as Error).message}`));
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      errors.push(error as Error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const repoInfo = repoInfoFrom(options.payload as Record<string, unknown> | undefined, {
    ...options,
    defaultBranch: options.defaultBranch ?? (await gitRepo.headBranch()),
  });
  const payload = options.payload
    ? retargetPayload(options.payload as Record<string, unknown>, {
        owner: repoInfo.owner,
        repo: repoInfo.name,
        defaultBranch: repoInfo.default_branch,
        apiUrl,
      })
    : undefined;
  if (payload) repoInfo.raw = { ...(payload.repository as Record<string, unknown>) };
  const state = createState(repoInfo);
  if (payload) seedFromPayload(state, payload);
  await gitRepo.seed(repoInfo.default_branch, options.seedFiles);

  let closed: Promise<void> | undefined;
  return {
    url: apiUrl,
    owner: repoInfo.owner,
    repo: repoInfo.name,
    payload,
    state,
    git: gitRepo.git,
    requests,
    unknownRoutes,
    errors,
    writes: () => requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD'),
    setPermission: (who, role) => {
      ensureUser(state, who);
      state.permissions.set(who, role);
    },
    addToken: (token, who) => {
      tokens.set(token, who);
    },
    injectFault: (spec) => faults.add(spec),
    clearFaults: () => faults.clear(),
    delay: (spec) => delays.add(spec),
    refs: async () => Object.fromEntries((await gitRepo.git.listRefs()).map((r) => [r.ref, r.sha])),
    addIssue: (seed) => addIssue(state, seed),
    addPullRequest: (seed) => addPullRequest(state, seed),
    addComment: (seed) => addComment(state, seed),
    close: () => {
      // Held requests go on, so no handler waits forever on a server that is gone.
      delays.clear();
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => gitRepo.dispose());
      return closed;
    },
  };
}
