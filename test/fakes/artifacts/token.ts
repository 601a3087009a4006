/**
 * ACTIONS_RUNTIME_TOKEN for the fake results service: an HS256 JWT whose `scp` claim carries
 * `Actions.Results:<workflowRunBackendId>:<workflowJobRunBackendId>`.
 *
 * Source of the shape: `getBackendIdsFromToken()` in
 * `node_modules/@actions/artifact/lib/internal/shared/util.js`, which only `jwtDecode`s the token
 * (no signature check), splits `scp` on spaces and reads the `Actions.Results:<run>:<job>` scope.
 * The signature is real anyway so the fake service can reject tokens it did not issue.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The backend ids a runtime token grants access to. */
export interface RuntimeTokenScope {
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/**
 * Mints a signed runtime token for `scope`, valid for `ttlSeconds` (default 6 h, the length of a
 * job). `secret` is the HMAC key the service later verifies with.
 */
export function createRuntimeToken(scope: RuntimeTokenScope, secret: Buffer, ttlSeconds = 6 * 3600): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(
    JSON.stringify({
      // Real tokens carry more scopes; the extra one checks the client really searches the list.
      scp: `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${scope.workflowRunBackendId}:${scope.workflowJobRunBackendId}`,
      iss: 'steward-fake-artifact-service',
      aud: 'vso:fake',
      nbf: now - 60,
      iat: now,
      exp: now + ttlSeconds,
    }),
  );
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/**
 * Verifies signature and expiry and returns the `Actions.Results` scope, or `undefined` when the
 * token is malformed, forged, expired, or has no such scope. Never throws.
 */
export function verifyRuntimeToken(token: string, secret: Buffer): RuntimeTokenScope | undefined {
  const parts = token.split('.');
  const [header, payload, signature] = parts;
  if (parts.length !== 3 || !header || !payload || !signature) return undefined;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let claims: { scp?: unknown; exp?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return undefined;
  }
  if (typeof claims.exp === 'number' && claims.exp < Date.now() / 1000) return undefined;
  if (typeof claims.scp !== 'string') return undefined;
  for (const scope of claims.scp.split(' ')) {
    const [kind, run, job, ...rest] = scope.split(':');
    if (kind === 'Actions.Results' && run && job && rest.length === 0) {
      return { workflowRunBackendId: run, workflowJobRunBackendId: job };
    }
  }
  return undefined;
}
