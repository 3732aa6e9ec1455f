import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import { edgeLocals } from './edge.js';
import { HttpProblem } from './problem.js';
import { resolveActor, resolveIdempotencyKey } from './requestContext.js';
import {
  assertUniqueRoutes,
  MUTATING_METHODS,
  rememberRoutes,
  type HandlerResult,
  type Route,
  type RouteContext,
} from './route.js';
import { rejectUndeclared, validateDto } from './validation.js';

export type MountOptions = Readonly<{ bodyLimit?: string | number }>;

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

function send(res: Response, result: HandlerResult, idempotencyKey: string | undefined): void {
  if (idempotencyKey !== undefined) res.setHeader('Idempotency-Key', idempotencyKey);
  for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
  res.status(result.status);
  if (result.body === undefined || result.status === 204 || result.status === 304) {
    res.end();
    return;
  }
  res.type('application/json').send(toJsonText(result.body));
}

function routeHandler(route: Route): RequestHandler {
  const mutating = MUTATING_METHODS.has(route.method);
  return async (req, res) => {
    const locals = edgeLocals(res);
    if (locals.signal.aborted || res.headersSent) return; // timed out while the body was read
    const idempotencyKey = resolveIdempotencyKey(req, mutating);
    const actor = resolveActor(req);
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
      actor,
      now: locals.now,
      log: locals.log.child({ operationId: route.operationId }),
      signal: locals.signal,
      header: (name: string) => {
        const v = req.headers[name.toLowerCase()];
        return Array.isArray(v) ? v[0] : v;
      },
      headers: req.headers,
    } as RouteContext<object, object, object>;
    const result = await route.handler(ctx);
    if (res.headersSent) return; // the timeout answered first; the late result is dropped
    send(res, result, mutating ? idempotencyKey : undefined);
  };
}

/**
 * Registers routes on an app. Each gets its own chain: label (for metrics), and for mutating
 * routes the content-type guard and a JSON parser with the route's own size limit (a batch
 * import may raise it without raising it for everyone).
 */
export function mountRoutes(app: Express, routes: readonly Route[], opts: MountOptions = {}): void {
  assertUniqueRoutes(routes);
  for (const route of routes) {
    const chain: RequestHandler[] = [
      (_req, res, next) => {
        edgeLocals(res).route = route.path;
        next();
      },
    ];
    if (MUTATING_METHODS.has(route.method)) {
      chain.push(requireJson, express.json({ limit: route.bodyLimit ?? opts.bodyLimit ?? DEFAULT_BODY_LIMIT, type: JSON_TYPES, strict: true }));
    }
    chain.push(routeHandler(route));
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
