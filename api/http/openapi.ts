import { allowedRoles } from '../../application/security/roles.js';
import { ID_PATTERN } from './decorators.js';
import { createSchemaRegistry, dtoProperties, dtoRef, type SchemaRegistry } from './dtoSchema.js';
import { PROBLEM_CONTENT_TYPE } from './problem.js';
import { MUTATING_METHODS, type DtoClass, type JsonSchema, type ResponseSpec, type Route } from './route.js';

/**
 * The OpenAPI 3.1 document, generated from the route table and the DTOs' validation metadata.
 * `x-required-role` and `x-idempotent` carry the route metadata that has no OpenAPI keyword.
 */

export type OpenApiInfo = Readonly<{ title: string; version: string; description?: string }>;
export type OpenApiDocument = Readonly<Record<string, unknown>>;

/** express `/orders/:orderId` → OpenAPI `/orders/{orderId}`. */
export const toOpenApiPath = (path: string): string => path.replace(/[:*]([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');

export const pathParamNames = (path: string): string[] =>
  [...path.matchAll(/[:*]([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);

const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'RFC 7807 problem details',
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'stable machine-readable error code' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      description: 'present for VALIDATION_FAILED: one entry per failed rule',
      items: {
        type: 'object',
        properties: {
          field: { type: 'string', examples: ['lines[0].quantity'] },
          message: { type: 'string' },
          constraint: { type: 'string' },
          location: { type: 'string', enum: ['body', 'query', 'params'] },
        },
        required: ['field', 'message', 'constraint'],
      },
    },
  },
  required: ['type', 'title', 'status', 'detail', 'code', 'instance', 'requestId'],
};

const SECURITY_SCHEMES: JsonSchema = {
  bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key (oms_<keyId>_<secret>, OMS_API_KEYS) or an order tracking token (trk_…)' },
  apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
};

const problemResponse = (description: string): JsonSchema => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
});

const schemaOf = (schema: DtoClass | JsonSchema, registry: SchemaRegistry): JsonSchema =>
  typeof schema === 'function' ? dtoRef(schema as DtoClass, registry) : schema;

function responsesOf(route: Route, registry: SchemaRegistry): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const [status, spec] of Object.entries(route.responses) as Array<[string, ResponseSpec]>) {
    out[status] = spec.schema
      ? { description: spec.description, content: { 'application/json': { schema: schemaOf(spec.schema, registry) } } }
      : { description: spec.description };
  }
  out['400'] ??= problemResponse('invalid input (VALIDATION_FAILED, MALFORMED_JSON, ...)');
  if (MUTATING_METHODS.has(route.method)) {
    out['413'] ??= problemResponse('request body too large');
    out['415'] ??= problemResponse('request body is not application/json');
  }
  if (route.role !== 'public') {
    out['401'] ??= problemResponse('no or invalid credentials (UNAUTHENTICATED, INVALID_CREDENTIALS)');
    out['403'] ??= problemResponse(`the caller's role or scope does not allow this (FORBIDDEN_ROLE, FORBIDDEN_SCOPE); requires ${route.role}`);
  }
  if (MUTATING_METHODS.has(route.method)) {
    out['409'] ??= problemResponse('IDEMPOTENCY_KEY_IN_PROGRESS: the same Idempotency-Key is still being processed');
    out['422'] ??= problemResponse('IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was used for a different request');
  }
  out['429'] ??= problemResponse('RATE_LIMITED (per client IP or per credential); see Retry-After');
  out['503'] ??= problemResponse('a store is temporarily unavailable or the request timed out');
  out.default = problemResponse('any other problem');
  return out;
}

function parametersOf(route: Route, registry: SchemaRegistry): JsonSchema[] {
  const params: JsonSchema[] = [];
  if (route.params) {
    for (const p of dtoProperties(route.params, registry)) params.push({ name: p.name, in: 'path', required: true, schema: p.schema });
  } else {
    for (const name of pathParamNames(route.path)) params.push({ name, in: 'path', required: true, schema: { type: 'string' } });
  }
  if (route.query) {
    for (const p of dtoProperties(route.query, registry)) params.push({ name: p.name, in: 'query', required: p.required, schema: p.schema });
  }
  if (MUTATING_METHODS.has(route.method)) {
    params.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'Command id. Retrying with the same key has the effect once and replays the first response (header Idempotent-Replayed: true) '
        + 'for 24 h (OMS_IDEMPOTENCY_TTL_HOURS); the same key with a different request is 422 IDEMPOTENCY_KEY_REUSED. Generated by the server when absent.',
      schema: { type: 'string', pattern: ID_PATTERN.source },
    });
  }
  return params;
}

export function buildOpenApi(routes: readonly Route[], info: OpenApiInfo): OpenApiDocument {
  const registry = createSchemaRegistry();
  registry.schemas.Problem = PROBLEM_SCHEMA; // reserved first, so a DTO named Problem gets Problem2
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = toOpenApiPath(route.path);
    const parameters = parametersOf(route, registry);
    paths[path] ??= {};
    paths[path][route.method] = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [...route.tags],
      'x-required-role': route.role,
      'x-allowed-roles': route.role === 'public' ? ['public'] : allowedRoles(route.role, route.method, route.alsoAllow),
      ...(route.role === 'public' ? { security: [] } : {}),
      'x-idempotent': route.idempotent === true,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: dtoRef(route.body, registry) } } } }
        : {}),
      responses: responsesOf(route, registry),
    };
  }
  const tags = [...new Set(routes.flatMap((r) => r.tags))].sort().map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: { ...info },
    tags,
    paths,
    security: [{ bearerAuth: [] }, { apiKeyHeader: [] }],
    components: { schemas: registry.schemas, securitySchemes: SECURITY_SCHEMES },
  };
}
