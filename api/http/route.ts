import type { Express } from 'express';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import type { Actor } from '../../domain/shared/decider.js';

/**
 * The route table: every HTTP feature is a `defineRoute({...})` value. Routes are plain data plus
 * a handler, so the OpenAPI document, the role table and the express wiring all come from one
 * place and cannot drift apart.
 */

export const ROLES = ['public', 'customer', 'store', 'agent', 'operator', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Methods that change state: they get an Idempotency-Key and must send JSON (or nothing). */
export const MUTATING_METHODS: ReadonlySet<HttpMethod> = new Set(['post', 'put', 'patch', 'delete']);

/** A class-validator DTO class. Constructed without arguments by class-transformer. */
export type DtoClass<T extends object = object> = new () => T;

/** A hand-written JSON Schema fragment, for responses whose shape has no DTO class. */
export type JsonSchema = Readonly<Record<string, unknown>>;

export type ResponseSpec = Readonly<{ description: string; schema?: DtoClass | JsonSchema }>;

export type HandlerResult = Readonly<{
  status: number;
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
}>;

/** What a handler sees for an input it declared no DTO for (`never` = not declared). */
type Declared<T, Otherwise> = [T] extends [never] ? Otherwise : T;

export type RouteContext<B = never, Q = never, P = never> = Readonly<{
  /** The validated body DTO; `undefined` for routes without a body DTO. */
  body: Declared<B, undefined>;
  /** The validated query DTO; `{}` for routes without one (they reject any query parameter). */
  query: Declared<Q, Readonly<Record<string, never>>>;
  /** The validated params DTO, or express's raw path parameters for routes without one. */
  params: Declared<P, Readonly<Record<string, string>>>;
  requestId: string;
  /** Client's Idempotency-Key, or a UUID v4 minted once at the edge for mutating routes without one. */
  idempotencyKey: string | undefined;
  actor: Actor;
  /** ISO-8601 clock reading taken once at the edge; the only clock read a request gets. */
  now: string;
  log: Logger;
  /** Aborted when the request times out or the client goes away. */
  signal: AbortSignal;
  /** A request header (lower-case name), e.g. `if-match`. */
  header: (name: string) => string | undefined;
  headers: Readonly<IncomingHttpHeaders>;
}>;

export type RouteDefinition<B extends object, Q extends object, P extends object> = Readonly<{
  method: HttpMethod;
  /** express 5 path syntax, e.g. `/orders/:orderId/lines`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  role: Role;
  body?: DtoClass<B>;
  query?: DtoClass<Q>;
  params?: DtoClass<P>;
  responses: Readonly<Record<number, ResponseSpec>>;
  /** The route honours Idempotency-Key: a retried request with the same key has the same effect once. */
  idempotent?: boolean;
  /** Per-route JSON body limit (bytes or e.g. '10mb'); defaults to the app's limit. */
  bodyLimit?: string | number;
  handler: (ctx: RouteContext<B, Q, P>) => Promise<HandlerResult>;
}>;

/** A route with its types erased, as stored in route tables. */
export type Route = Readonly<
  Omit<RouteDefinition<object, object, object>, 'handler' | 'body' | 'query' | 'params'> & {
    body?: DtoClass;
    query?: DtoClass;
    params?: DtoClass;
    handler: (ctx: RouteContext<object, object, object>) => Promise<HandlerResult>;
  }
>;

export type RouteTableEntry = Readonly<{
  method: HttpMethod;
  path: string;
  operationId: string;
  summary: string;
  tags: readonly string[];
  role: Role;
  idempotent: boolean;
  mutating: boolean;
}>;

const OPERATION_ID = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Declares a route. Checks the declaration eagerly so a typo fails at start-up, not at the first
 * request: known method and role, a path that starts with `/`, a usable operationId and at least
 * one documented response.
 */
export function defineRoute<B extends object = never, Q extends object = never, P extends object = never>(def: RouteDefinition<B, Q, P>): Route {
  if (!HTTP_METHODS.includes(def.method)) throw new Error(`route ${def.operationId}: unknown method ${String(def.method)}`);
  if (!ROLES.includes(def.role)) throw new Error(`route ${def.operationId}: unknown role ${String(def.role)}`);
  if (!def.path.startsWith('/')) throw new Error(`route ${def.operationId}: path must start with "/"`);
  if (!OPERATION_ID.test(def.operationId)) throw new Error(`route path ${def.path}: invalid operationId "${def.operationId}"`);
  if (Object.keys(def.responses).length === 0) throw new Error(`route ${def.operationId}: declare at least one response`);
  const { handler, body, query, params, ...meta } = def;
  return {
    ...meta,
    body: body as DtoClass | undefined,
    query: query as DtoClass | undefined,
    params: params as DtoClass | undefined,
    // The one place the generic context is narrowed: mountRoutes has validated the inputs
    // against exactly these DTO classes before calling.
    handler: (ctx) => handler(ctx as unknown as RouteContext<B, Q, P>),
  };
}

const ROUTES_KEY = 'omsRoutes';

/** Remembers which routes an app serves so `routeTable(app)` can list them. */
export const rememberRoutes = (app: Express, routes: readonly Route[]): void => {
  const known = (app.locals[ROUTES_KEY] as Route[] | undefined) ?? [];
  app.locals[ROUTES_KEY] = [...known, ...routes];
};

export const mountedRoutes = (app: Express): readonly Route[] => (app.locals[ROUTES_KEY] as Route[] | undefined) ?? [];

/** Every route (of an app built by createApp/mountRoutes, or of a list) as plain metadata. */
export function routeTable(source: Express | readonly Route[]): RouteTableEntry[] {
  const routes = Array.isArray(source) ? (source as readonly Route[]) : mountedRoutes(source as Express);
  return routes.map((r) => ({
    method: r.method,
    path: r.path,
    operationId: r.operationId,
    summary: r.summary,
    tags: r.tags,
    role: r.role,
    idempotent: r.idempotent === true,
    mutating: MUTATING_METHODS.has(r.method),
  }));
}

/** Rejects duplicate operationIds and duplicate method+path pairs: both would make the table ambiguous. */
export function assertUniqueRoutes(routes: readonly Route[]): void {
  const ids = new Set<string>();
  const keys = new Set<string>();
  for (const r of routes) {
    if (ids.has(r.operationId)) throw new Error(`duplicate operationId ${r.operationId}`);
    const key = `${r.method} ${r.path}`;
    if (keys.has(key)) throw new Error(`duplicate route ${key}`);
    ids.add(r.operationId);
    keys.add(key);
  }
}
