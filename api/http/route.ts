import type { Express } from 'express';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import type { Principal } from '../../application/security/principal.js';
import { isPrincipalRole, ROLES, type PrincipalRole, type Role } from '../../application/security/roles.js';
import type { Actor } from '../../domain/shared/decider.js';

/**
 * The route table: every HTTP feature is a `defineRoute({...})` value. Routes are plain data plus
 * a handler, so the OpenAPI document, the role table and the express wiring all come from one
 * place and cannot drift apart.
 */

// The roles and their hierarchy are defined (and documented) in application/security/roles.ts.
export { ROLES, type Role };

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
  /** A response written over time (server-sent events): used instead of `body`. */
  stream?: (out: ResponseStream) => Promise<void>;
  /**
   * The customer whose personal data this response contains, if any: recorded in the access log,
   * and cached copies of the response (idempotent replays) are purged by `oms forget customer`.
   */
  personalDataOf?: string;
}>;

/** Where a streamed response goes: `write` resolves once the socket took the chunk; `closed` fires when the client leaves. */
export type ResponseStream = Readonly<{ write: (chunk: string) => Promise<void>; closed: AbortSignal }>;

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
  /** Who is calling: the authenticated principal's actor, or ANONYMOUS_ACTOR on a public route without credentials. */
  actor: Actor;
  /** The authenticated caller (role, scopes, key id); undefined on a public route called without credentials. */
  principal: Principal | undefined;
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
  /** The least role that may call the route (hierarchy: application/security/roles.ts). Deny by default. */
  role: Role;
  /**
   * How store keys and tracking tokens are confined to their own nodes/orders: `request` (default)
   * = the request must name them (path/query/body fields `nodeId`, `node`, `orderId`, ...: see
   * application/security/scopes.ts) and every one named must be theirs; `handler` = the handler
   * filters by `ctx.principal.scopes` itself (for routes whose resource is not named in the request).
   */
  scopedBy?: 'request' | 'handler';
  /**
   * Caller roles admitted besides those the hierarchy admits for `role` — for routes shared by
   * siblings, e.g. an order read by its customer (token) and by the stores fulfilling it:
   * `role: 'customer', alsoAllow: ['store'], scopedBy: 'handler'`. Shown in `x-allowed-roles`.
   */
  alsoAllow?: readonly PrincipalRole[];
  /**
   * The route returns customers' personal data: every successful call is recorded in the access
   * log. Defaults to true for GET routes under /orders, /returns and /customers.
   */
  personalData?: boolean;
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
  scopedBy: 'request' | 'handler';
  alsoAllow: readonly PrincipalRole[];
  personalData: boolean;
}>;

const PERSONAL_DATA_PATHS = /^\/(orders|returns|customers)(\/|$)/;

/** Whether successful calls of a route are recorded as personal-data reads (see `personalData`). */
export const readsPersonalData = (route: Pick<Route, 'method' | 'path' | 'personalData'>): boolean =>
  route.personalData ?? (route.method === 'get' && PERSONAL_DATA_PATHS.test(route.path));

const OPERATION_ID = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Declares a route. Checks the declaration eagerly so a typo fails at start-up, not at the first
 * request: known method and role, a path that starts with `/`, a usable operationId and at least
 * one documented response.
 */
export function defineRoute<B extends object = never, Q extends object = never, P extends object = never>(def: RouteDefinition<B, Q, P>): Route {
  if (!HTTP_METHODS.includes(def.method)) throw new Error(`route ${def.operationId}: unknown method ${String(def.method)}`);
  if (!ROLES.includes(def.role)) throw new Error(`route ${def.operationId}: unknown role ${String(def.role)}`);
  if (def.scopedBy !== undefined && def.scopedBy !== 'request' && def.scopedBy !== 'handler') throw new Error(`route ${def.operationId}: scopedBy must be request or handler`);
  if ((def.alsoAllow ?? []).some((r) => !isPrincipalRole(r))) throw new Error(`route ${def.operationId}: alsoAllow lists an unknown caller role`);
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
    scopedBy: r.scopedBy ?? 'request',
    alsoAllow: r.alsoAllow ?? [],
    personalData: readsPersonalData(r),
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
