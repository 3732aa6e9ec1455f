import type { Request, RequestHandler, Response } from 'express';
import type { AccessLog } from '../../application/security/accessLog.js';
import type { Authenticator, Credentials } from '../../application/security/authenticator.js';
import type { IdempotencyStore } from '../../application/security/idempotencyStore.js';
import type { Principal } from '../../application/security/principal.js';
import { permits, SCOPED_ROLES, type PrincipalRole, type Role } from '../../application/security/roles.js';
import { isTrackingTokenShaped } from '../../application/security/trackingTokens.js';
import { checkScopes, referencedResources } from '../../application/security/scopes.js';
import type { Actor } from '../../domain/shared/decider.js';
import { edgeLocals } from './edge.js';
import { HttpProblem } from './problem.js';
import { parseActorHeader } from './requestContext.js';
import type { Route } from './route.js';

/**
 * Authentication and authorization at the edge, for every route of the table: credentials →
 * principal (401 when missing or invalid), the route's role (403 FORBIDDEN_ROLE), then the
 * caller's scopes against the resources the raw request names (403 FORBIDDEN_SCOPE) — all before
 * a DTO is validated or a handler runs.
 */

export type HttpSecurity = Readonly<{
  authenticate: Authenticator;
  /** Generic Idempotency-Key replay for mutating routes (absent: keys are only passed to handlers as command ids). */
  idempotency?: IdempotencyStore;
  /** Records changes and personal-data reads (absent: not recorded). */
  accessLog?: AccessLog;
  /** Requests per minute per client IP / per credential; 0 or absent = unlimited. */
  rateLimits?: Readonly<{ perIpPerMinute: number; perKeyPerMinute: number }>;
  /** express `trust proxy` value, for the client IP behind load balancers. */
  trustProxy?: string;
  /** Tests only: honour `X-Actor` as the identity of credential-less callers (the test default role). */
  honourTestActor?: boolean;
}>;

/** The fallback when an app is built without security: nothing but `public` routes can be called. */
export const DENY_ALL: HttpSecurity = { authenticate: async () => ({ kind: 'anonymous' }) };

const PRINCIPAL_KEY = 'principal';
/** Set when the request carried a tracking token that opens nothing (forged, unknown, revoked, superseded). */
const UNVERIFIED_TOKEN_KEY = 'unverifiedTrackingToken';

export const principalOf = (res: Response): Principal | undefined => res.locals[PRINCIPAL_KEY] as Principal | undefined;

const header = (req: Request, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

const unauthorized = (code: string, detail: string, challenge: string): HttpProblem =>
  new HttpProblem(401, code, detail, {}, { 'WWW-Authenticate': challenge });

const INVALID = () => unauthorized('INVALID_CREDENTIALS', 'the credentials are not valid (unknown, revoked or malformed)', 'Bearer realm="oms", error="invalid_token"');

/**
 * `Authorization: Bearer`, `X-API-Key` or `X-Tracking-Token` — or a tracking token as the `token`
 * query parameter (the link in a customer's e-mail; the access log records paths without query
 * strings). Two different credentials at once are refused.
 */
export function credentialsOf(req: Request, honourTestActor: boolean): Credentials {
  const given: string[] = [];
  const authorization = header(req, 'authorization');
  if (authorization !== undefined) {
    const m = /^Bearer[ ]+(\S+)[ ]*$/i.exec(authorization);
    if (!m) throw INVALID();
    given.push(m[1]!);
  }
  for (const name of ['x-api-key', 'x-tracking-token']) {
    const v = header(req, name);
    if (v !== undefined) given.push(v.trim());
  }
  const queryToken = (req.query as Record<string, unknown> | undefined)?.token;
  if (typeof queryToken === 'string' && isTrackingTokenShaped(queryToken)) given.push(queryToken);
  if (new Set(given).size > 1) throw INVALID();
  if (given.length > 0) return { secret: given[0]! };
  if (!honourTestActor) return {};
  const actor: Actor | undefined = parseActorHeader(header(req, 'x-actor'));
  return actor ? { testActor: actor } : {};
}

/** Authenticates once per request (memoised in res.locals); undefined = no credentials. */
export async function authenticateRequest(req: Request, res: Response, security: HttpSecurity): Promise<Principal | undefined> {
  if (Object.hasOwn(res.locals, PRINCIPAL_KEY)) return principalOf(res);
  const outcome = await security.authenticate(credentialsOf(req, security.honourTestActor === true));
  if (outcome.kind === 'invalid') throw INVALID();
  // Public order routes treat it as no credential (their 404 is the one a missing order gets);
  // every route that needs a credential still answers 401 INVALID_CREDENTIALS (noCredential below).
  if (outcome.kind === 'unverifiedToken') res.locals[UNVERIFIED_TOKEN_KEY] = true;
  const principal = outcome.kind === 'authenticated' ? outcome.principal : undefined;
  res.locals[PRINCIPAL_KEY] = principal;
  if (principal) edgeLocals(res).log = edgeLocals(res).log.child({ actor: principal.principalId });
  return principal;
}

/** No principal on a route that needs one: INVALID_CREDENTIALS for a token that opens nothing, else `missing`. */
const noCredential = (res: Response, missing: () => HttpProblem): HttpProblem => (res.locals[UNVERIFIED_TOKEN_KEY] === true ? INVALID() : missing());

const denied = (res: Response, principal: Principal, code: string, detail: string): HttpProblem => {
  edgeLocals(res).log.warn({ principal: principal.principalId, role: principal.role, code }, 'access denied');
  return new HttpProblem(403, code, detail);
};

/** The role gate for a route requiring `role` (plus any sibling roles it also admits). */
export function requireRole(role: Role, security: HttpSecurity, alsoAllow: readonly PrincipalRole[] = []): RequestHandler {
  return async (req, res, next) => {
    const principal = await authenticateRequest(req, res, security);
    if (role === 'public') return next();
    if (!principal) throw noCredential(res, () => unauthorized('UNAUTHENTICATED', 'this endpoint needs credentials: Authorization: Bearer <API key or tracking token>', 'Bearer realm="oms"'));
    if (!permits(principal.role, role, req.method) && !alsoAllow.includes(principal.role)) {
      throw denied(res, principal, 'FORBIDDEN_ROLE', `the ${principal.role} role may not ${req.method} this endpoint (requires ${role})`);
    }
    next();
  };
}

/** Built-in endpoints limited to a set of roles (e.g. /metrics). */
export function requireAnyRole(roles: readonly PrincipalRole[], security: HttpSecurity): RequestHandler {
  return async (req, res, next) => {
    const principal = await authenticateRequest(req, res, security);
    if (!principal) throw noCredential(res, () => unauthorized('UNAUTHENTICATED', 'this endpoint needs credentials', 'Bearer realm="oms"'));
    if (!roles.includes(principal.role)) throw denied(res, principal, 'FORBIDDEN_ROLE', `requires one of ${roles.join(', ')}`);
    next();
  };
}

/** Object-level check for store keys and tracking tokens, on the raw request (before validation). */
export function enforceScopes(req: Request, res: Response, route: Route): void {
  const principal = principalOf(res);
  if (!principal || route.role === 'public' || !SCOPED_ROLES.has(principal.role)) return;
  const refs = referencedResources([req.params, req.query, req.body]);
  const decision = checkScopes(principal, refs, route.scopedBy ?? 'request');
  if (!decision.allowed) throw denied(res, principal, 'FORBIDDEN_SCOPE', decision.reason);
}
