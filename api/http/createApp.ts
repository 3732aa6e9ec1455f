import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import swaggerUi from 'swagger-ui-express';
import { DENY_ALL, requireAnyRole, type HttpSecurity } from './auth.js';
import { accessLog, labelRoute, requestEdge } from './edge.js';
import { HEALTHY, healthEndpoint, type HealthReport } from './health.js';
import { createMetricsRegistry, httpDurationHistogram, metricsEndpoint } from './metrics.js';
import { DEFAULT_BODY_LIMIT, methodNotAllowed, mountRoutes, routeNotFound } from './mountRoutes.js';
import { buildOpenApi, type OpenApiInfo } from './openapi.js';
import { problemMiddleware } from './problem.js';
import { perIpLimit } from './rateLimits.js';
import type { Route } from './route.js';
import { mountWebPages, type WebPages } from './webPages.js';

export type CreateAppOptions = Readonly<{
  routes: readonly Route[];
  logger: Logger;
  /** Registry for /metrics; the app adds its request histogram. A fresh one when absent. */
  metrics?: Registry;
  health?: () => Promise<HealthReport>;
  openapiInfo: OpenApiInfo;
  /** Default JSON body limit for mutating routes (routes may set their own). */
  bodyLimit?: string | number;
  /** Request timeout in ms; past it the client gets 503 REQUEST_TIMEOUT. */
  requestTimeoutMs?: number;
  /** The clock, read once per request at the edge. */
  clock?: () => Date;
  /**
   * Authentication, authorization, idempotency, access log and rate limits. Absent = deny by
   * default: only `public` routes and the public built-ins (/health, /openapi.json, /docs) answer.
   */
  security?: HttpSecurity;
  /** Static web pages and assets (public; they call the API with the caller's own credential). */
  web?: WebPages;
}>;

/** Roles that may scrape /metrics (Prometheus gets an operator key). */
export const METRICS_ROLES = ['operator', 'auditor', 'admin'] as const;

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** `OMS_TRUST_PROXY`: a hop count ("1"), true/false, or subnets ("loopback, 10.0.0.0/8"). */
const trustProxyValue = (value: string): boolean | number | string => {
  if (/^\d+$/.test(value)) return Number(value);
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return value;
};

/**
 * Swagger UI's page links its assets relatively (`./swagger-ui.css`), which breaks at `/docs`
 * without a trailing slash; absolute links make both `/docs` and `/docs/` work.
 */
function docsPage(): RequestHandler {
  const html = (swaggerUi.generateHTML as unknown as (doc: undefined, opts: object) => string)(undefined, {
    swaggerUrl: '/openapi.json',
    customSiteTitle: 'OMS API',
  }).replace(/(href|src)="\.\//g, '$1="/docs/');
  return (_req, res) => {
    res.type('html').send(html);
  };
}

/**
 * The express app every feature plugs into. Order matters: edge (id, clock, timeout) → access
 * log → security headers → per-IP rate limit → built-in endpoints → feature routes (each:
 * authentication + role → per-key limit → body → scopes → validation → idempotency → handler →
 * access record) → 405 → 404 → problem renderer.
 */
export function createApp(opts: CreateAppOptions): Express {
  const app = express();
  const security = opts.security ?? DENY_ALL;
  app.disable('x-powered-by');
  if (security.trustProxy !== undefined) app.set('trust proxy', trustProxyValue(security.trustProxy));
  app.set('etag', false); // responses are computed from read models; stale 304s would mislead
  const registry = opts.metrics ?? createMetricsRegistry();
  const openapi = buildOpenApi(opts.routes, opts.openapiInfo);

  app.use(requestEdge({ logger: opts.logger, clock: opts.clock ?? (() => new Date()), timeoutMs: opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS }));
  app.use(accessLog(httpDurationHistogram(registry)));
  app.use(helmet());
  app.use(perIpLimit(security.rateLimits?.perIpPerMinute));

  app.get('/health', labelRoute('/health'), healthEndpoint(opts.health ?? (async () => HEALTHY), opts.logger));
  app.get('/metrics', labelRoute('/metrics'), requireAnyRole(METRICS_ROLES, security), metricsEndpoint(registry));
  app.get('/openapi.json', labelRoute('/openapi.json'), (_req, res) => {
    res.json(openapi);
  });
  const docs = docsPage();
  app.get(['/docs', '/docs/'], labelRoute('/docs'), docs);
  app.use('/docs', labelRoute('/docs'), swaggerUi.serveFiles(undefined, { swaggerUrl: '/openapi.json' }));

  if (opts.web) mountWebPages(app, opts.web);
  mountRoutes(app, opts.routes, { bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT, security });
  app.use(methodNotAllowed(opts.routes));
  app.use(routeNotFound);
  app.use(problemMiddleware(opts.logger));
  return app;
}
