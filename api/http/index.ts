/** The HTTP layer's public surface, for the composition root, the CLI and feature route modules. */
export { createApp, DEFAULT_REQUEST_TIMEOUT_MS, type CreateAppOptions } from './createApp.js';
export { defineRoute, routeTable, readsPersonalData, ROLES, MUTATING_METHODS } from './route.js';
export type { DtoClass, HandlerResult, HttpMethod, JsonSchema, ResponseSpec, Role, Route, RouteContext, RouteDefinition, RouteTableEntry } from './route.js';
export { mountRoutes, methodNotAllowed, routeNotFound, toJsonText, DEFAULT_BODY_LIMIT, type MountOptions } from './mountRoutes.js';
export { ANONYMOUS_ACTOR, parseActorHeader, resolveIdempotencyKey, resolveRequestId } from './requestContext.js';
export { DENY_ALL, principalOf, requireRole, type HttpSecurity } from './auth.js';
export { REPLAYED_HEADER, requestFingerprint } from './idempotency.js';
export { httpSecurityOf, openOmsSecurity } from './omsSecurity.js';
export * from './validation.js';
export * from './problem.js';
export { buildOpenApi, toOpenApiPath, type OpenApiDocument, type OpenApiInfo } from './openapi.js';
export { createMetricsRegistry, httpDurationHistogram, HTTP_DURATION_METRIC } from './metrics.js';
export { HEALTHY, overallStatus, type HealthCheck, type HealthReport, type HealthStatus } from './health.js';
