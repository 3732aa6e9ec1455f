import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import type { StoredResponse } from '../../application/security/idempotencyStore.js';
import { recordAccess } from './accessAudit.js';
import { DENY_ALL, enforceScopes, principalOf, requireRole, type HttpSecurity } from './auth.js';
import { edgeLocals } from './edge.js';
import { runIdempotent, sendStored } from './idempotency.js';
import { writeStream } from './streamResponse.js';
import { HttpProblem } from './problem.js';
import { perKeyLimit } from './rateLimits.js';
import { ANONYMOUS_ACTOR, resolveIdempotencyKey } from './requestContext.js';
import {
  assertUniqueRoutes,
  MUTATING_METHODS,
  rememberRoutes,
  type HandlerResult,
  type Route,
  type RouteContext,
} from './route.js';
import { rejectUndeclared, validateDto } from './validation.js';

export type MountOptions = Readonly<{
  bodyLimit?: string | number;
  /** Authentication, idempotency, access log and rate limits; absent = deny everything but `public` routes. */
  security?: HttpSecurity;
}>;

export const DEFAULT_BODY_LIMIT = '1mb';
const JSON_TYPES = ['application/json', 'application/*+json'];

/** `Content-Length: 0` (what clients send for a body-less POST) counts as no body at all. */
const hasBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined ||
  (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

/** Mutating routes only take JSON; anything else is 415 before a byte of it is parsed. */
const requireJson: RequestHandler = (req, _res, next) => {
  if (hasBody(req) && !req.is(JSON_TYPES)) {
    throw new HttpProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'the request body must be sent as application/json');
  }
  next();
};

/** JSON.stringify that writes bigint (revisions, positions) as decimal strings, the wire convention. */
export const toJsonText = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/** A handler result as it goes on the wire (and into the idempotency store). */
const toStored = (result: HandlerResult, idempotencyKey: string | undefined): StoredResponse => {
  const headers: Record<string, string> = {};
  if (idempotencyKey !== undefined) headers['Idempotency-Key'] = idempotencyKey;
  Object.assign(headers, result.headers ?? {});
  const empty = result.body === undefined || result.status === 204 || result.status === 304;
  return { status: result.status, headers, ...(empty ? {} : { body: toJsonText(result.body) }) };
};

function routeHandler(route: Route, security: HttpSecurity): RequestHandler {
  const mutating = MUTATING_METHODS.has(route.method);
  return async (req, res) => {
    const locals = edgeLocals(res);
    if (locals.signal.aborted || res.headersSent) return; // timed out while the body was read
    const clientKey = req.headers['idempotency-key'] !== undefined;
    const idempotencyKey = resolveIdempotencyKey(req, mutating);
    // Object-level authorization on the raw request, before anything is validated or run.
    enforceScopes(req, res, route);
    const principal = principalOf(res);
    let body: unknown;
    if (route.body) body = await validateDto(route.body, req.body ?? {}, 'body');
    else if (mutating) rejectUndeclared(req.body, 'body');
    let query: object = {};
    if (route.query) query = await validateDto(route.query, { ...(req.query as object) }, 'query');
    else rejectUndeclared(req.query, 'query');
    const params: object = route.params ? await validateDto(route.params, { ...req.params }, 'params') : { ...req.params };
    const ctx = {
      body,
      query,
      params,
      requestId: locals.requestId,
      idempotencyKey,
      actor: principal?.actor ?? ANONYMOUS_ACTOR,
      principal,
      now: locals.now,
      log: locals.log.child({ operationId: route.operationId }),
      signal: locals.signal,
      header: (name: string) => {
        const v = req.headers[name.toLowerCase()];
        return Array.isArray(v) ? v[0] : v;
      },
      headers: req.headers,
    } as RouteContext<object, object, object>;
    const wireKey = mutating ? idempotencyKey : undefined;
    const handle = async () => {
      const result = await route.handler(ctx);
      return { result, response: toStored(result, wireKey) };
    };
    let response: StoredResponse;
    let replayed = false;
    let subject: string | undefined;
    if (mutating && clientKey && idempotencyKey !== undefined && security.idempotency) {
      ({ response, replayed } = await runIdempotent(security.idempotency, req, route, principal, idempotencyKey, async () => {
        const done = await handle();
        subject = done.result.personalDataOf;
        return done;
      }));
    } else {
      const done = await handle();
      ({ response } = done);
      subject = done.result.personalDataOf;
      if (done.result.stream) {
        await recordAccess(security, req, res, route, { status: response.status, replayed: false, subject, location: response.headers.Location });
        if (!res.headersSent) await writeStream(res, done.result, response.headers);
        return;
      }
    }
    await recordAccess(security, req, res, route, { status: response.status, replayed, subject, location: response.headers.Location });
    if (res.headersSent) return; // the timeout answered first; the late result is dropped
    sendStored(res, response, replayed);
  };
}

/**
 * Registers routes on an app. Each gets its own chain: label (for metrics), and for mutating
 * routes the content-type guard and a JSON parser with the route's own size limit (a batch
 * import may raise it without raising it for everyone).
 */
export function mountRoutes(app: Express, routes: readonly Route[], opts: MountOptions = {}): void {
  assertUniqueRoutes(routes);
  const security = opts.security ?? DENY_ALL;
  // One limiter for all routes, so a credential's budget is shared across the API.
  const keyLimit = perKeyLimit(security.rateLimits?.perKeyPerMinute);
  for (const route of routes) {
    const chain: RequestHandler[] = [
      (_req, res, next) => {
        edgeLocals(res).route = route.path;
        next();
      },
      // Who is calling and whether their role may call this route: before a byte of body is parsed.
      requireRole(route.role, security, route.alsoAllow),
      keyLimit,
    ];
    if (MUTATING_METHODS.has(route.method)) {
      chain.push(requireJson, express.json({ limit: route.bodyLimit ?? opts.bodyLimit ?? DEFAULT_BODY_LIMIT, type: JSON_TYPES, strict: true }));
    }
    chain.push(routeHandler(route, security));
    app[route.method](route.path, ...chain);
  }
  rememberRoutes(app, routes);
}

/**
 * 405 for a known path with the wrong method (with `Allow`), answered by a probe router that
 * matches paths exactly as express does. OPTIONS gets 204 + Allow. Unmatched paths fall through.
 */
export function methodNotAllowed(routes: readonly Route[]): express.Router {
  const probe = express.Router();
  const allowedKey = Symbol('allowed');
  type Probed = Request & { [allowedKey]?: Set<string> };
  for (const route of routes) {
    probe.all(route.path, (req: Probed, _res, next) => {
      const allowed = (req[allowedKey] ??= new Set());
      allowed.add(route.method.toUpperCase());
      if (route.method === 'get') allowed.add('HEAD');
      next();
    });
  }
  probe.use((req: Probed, res, next) => {
    const allowed = req[allowedKey];
    if (!allowed) return next();
    const allow = [...allowed, 'OPTIONS'].join(', ');
    edgeLocals(res).route = 'method-not-allowed';
    if (req.method === 'OPTIONS') {
      res.setHeader('Allow', allow);
      res.status(204).end();
      return;
    }
    next(new HttpProblem(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed here; use ${allow}`, { allowed: [...allowed] }, { Allow: allow }));
  });
  return probe;
}

export const routeNotFound: RequestHandler = (req, res, next) => {
  edgeLocals(res).route = 'not-found';
  const path = req.path.length > 200 ? `${req.path.slice(0, 200)}…` : req.path;
  next(new HttpProblem(404, 'ROUTE_NOT_FOUND', `no route matches ${req.method} ${path}`));
};
