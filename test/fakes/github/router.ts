/**
 * A tiny method + path router for the fake GitHub server.
 *
 * Patterns are written like GitHub's docs with `:name` for one path segment and a final `*name` for
 * the rest of the path (used for refs, file paths and `base...head`, which contain slashes). Matching
 * is done on the raw, still-encoded segments and parameters are decoded afterwards, because Octokit
 * percent-encodes `/` inside a `{ref}` parameter as `%2F`.
 */

import type { GitStore } from './git.ts';
import type { MediaFormat, RouteResult } from './http.ts';
import type { FakeState, FakeUser } from './types.ts';

/** Everything a route handler may read about the request and the fake it runs in. */
export interface RouteContext {
  method: string;
  /** Request path without the query string, as received (still percent-encoded). */
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  /** Request headers, lower-cased names. */
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined when the request had none. */
  body: unknown;
  /** The user or bot the request's token maps to. */
  actor: FakeUser;
  /** Requested representation from the `Accept` header. */
  format: MediaFormat;
  state: FakeState;
  git: GitStore;
  /** Base URL of the fake API, e.g. `http://127.0.0.1:41234`, for `url` fields and Link headers. */
  apiUrl: string;
}

/** A route handler: reads the context, mutates state, returns a result or throws `HttpError`. */
export type RouteHandler = (ctx: RouteContext) => RouteResult | Promise<RouteResult>;

/** One route: `method` and `pattern` as `'GET /repos/:owner/:repo/issues/:issue_number'`. */
export interface RouteDef {
  route: string;
  handler: RouteHandler;
}

interface CompiledRoute {
  method: string;
  route: string;
  segments: string[];
  handler: RouteHandler;
}

/** The result of a successful match: the route's pattern (for records), its handler and params. */
export interface RouteMatch {
  route: string;
  handler: RouteHandler;
  params: Record<string, string>;
}

/** Matches requests against a fixed list of routes; first match wins, in registration order. */
export class Router {
  readonly #routes: CompiledRoute[] = [];

  /** Adds routes; throws if a pattern is not `METHOD /path`. */
  add(defs: readonly RouteDef[]): void {
    for (const def of defs) {
      const [method, pattern] = def.route.split(' ');
      if (!method || !pattern?.startsWith('/')) throw new Error(`bad route pattern: ${def.route}`);
      this.#routes.push({
        method,
        route: def.route,
        segments: pattern.slice(1).split('/'),
        handler: def.handler,
      });
    }
  }

  /** The first route matching `method` and the raw `path`, or undefined. */
  match(method: string, path: string): RouteMatch | undefined {
    // A trailing slash (e.g. `contents/` for the root directory) names the same resource.
    const parts = path.replace(/^\/+/, '').replace(/\/+$/, '').split('/');
    for (const r of this.#routes) {
      if (r.method !== method) continue;
      const params = matchSegments(r.segments, parts);
      if (params) return { route: r.route, handler: r.handler, params };
    }
    return undefined;
  }
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const seg = pattern[i] ?? '';
    if (seg.startsWith('*')) {
      const rest = parts.slice(i).join('/');
      if (rest === '') return undefined;
      params[seg.slice(1)] = safeDecode(rest);
      return params;
    }
    const part = parts[i];
    if (part === undefined || part === '') return undefined;
    if (seg.startsWith(':')) params[seg.slice(1)] = safeDecode(part);
    else if (seg !== part) return undefined;
  }
  return parts.length === pattern.length ? params : undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
