import type { ErrorRequestHandler, Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import type { Logger } from 'pino';
import { DomainError } from '../../domain/shared/errors.js';
import { ConcurrencyError, EventStoreError, StoreUnavailableError } from '../../infrastructure/eventstore/errors.js';
import { DuplicateKeyError, ReadStoreError, ReadStoreUnavailableError } from '../../infrastructure/readstore/readStore.js';

/**
 * RFC 7807 problem details. `code` is the stable machine-readable name clients switch on; `type`
 * is derived from it. Extra members (`errors`, `allowed`, ...) sit beside the standard ones.
 */
export type Problem = Readonly<{
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  requestId: string;
  [extension: string]: unknown;
}>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'https://oms.dev/problems/';

export const problemType = (code: string): string =>
  PROBLEM_TYPE_BASE + code.toLowerCase().replace(/_/g, '-');

/** An error raised by the HTTP layer itself (validation, content type, routing, timeouts). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

/** What an error becomes on the wire, before the request-specific members are added. */
export type ProblemParts = Readonly<{
  status: number;
  code: string;
  detail: string;
  details: Readonly<Record<string, unknown>>;
  headers: Readonly<Record<string, string>>;
  /** True when the cause is ours, not the client's: log it with its stack. */
  internal: boolean;
}>;

const RETRY_SOON = { 'Retry-After': '1' } as const;

/** body-parser / raw-body failures carry a `type`; these are the ones a client can cause. */
const BODY_PARSER_TYPES: Readonly<Record<string, { status: number; code: string; detail: string }>> = {
  'entity.parse.failed': { status: 400, code: 'MALFORMED_JSON', detail: 'the request body is not valid JSON (an object or array is expected)' },
  'entity.too.large': { status: 413, code: 'PAYLOAD_TOO_LARGE', detail: 'the request body exceeds the size limit of this route' },
  'charset.unsupported': { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'the request body charset is not supported; send UTF-8 JSON' },
  'encoding.unsupported': { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'the request Content-Encoding is not supported' },
  'request.aborted': { status: 400, code: 'REQUEST_ABORTED', detail: 'the request body was not received completely' },
  'request.size.invalid': { status: 400, code: 'BAD_REQUEST', detail: 'the request body length does not match Content-Length' },
  'entity.verify.failed': { status: 400, code: 'BAD_REQUEST', detail: 'the request body was rejected' },
};

const GENERIC_CODES: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  411: 'LENGTH_REQUIRED',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  431: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
};

const parts = (
  status: number,
  code: string,
  detail: string,
  extra: Partial<Pick<ProblemParts, 'details' | 'headers' | 'internal'>> = {},
): ProblemParts => ({ status, code, detail, details: extra.details ?? {}, headers: extra.headers ?? {}, internal: extra.internal ?? false });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * Maps anything thrown to problem parts. Domain and store errors keep their own code and status;
 * store messages are replaced by generic ones because they may name servers, streams or indexes.
 * Unknown errors become a bare 500 whose detail says nothing about the cause.
 */
export function toProblemParts(err: unknown): ProblemParts {
  if (err instanceof HttpProblem) return parts(err.status, err.code, err.message, { details: err.details, headers: err.headers });
  if (err instanceof DomainError) return parts(err.status, err.code, err.message, { details: err.details });
  if (err instanceof ConcurrencyError) {
    return parts(409, 'CONCURRENCY_CONFLICT', 'the resource was changed by another request at the same time; retry the request');
  }
  if (err instanceof StoreUnavailableError) {
    return parts(503, err.code, 'the event store is temporarily unavailable; retry shortly', { headers: RETRY_SOON, internal: true });
  }
  if (err instanceof ReadStoreUnavailableError) {
    return parts(503, err.code, 'the read store is temporarily unavailable; retry shortly', { headers: RETRY_SOON, internal: true });
  }
  if (err instanceof DuplicateKeyError) return parts(409, err.code, 'a record with the same unique key already exists');
  if (err instanceof EventStoreError || err instanceof ReadStoreError) {
    const retry = err.status === 503 ? { headers: RETRY_SOON } : {};
    return err.status >= 500
      ? parts(err.status, err.code, 'the store failed to process the request', { ...retry, internal: true })
      : parts(err.status, err.code, err.message, retry);
  }
  if (isRecord(err) && typeof err.type === 'string' && Object.hasOwn(BODY_PARSER_TYPES, err.type)) {
    const known = BODY_PARSER_TYPES[err.type]!;
    return parts(known.status, known.code, known.detail);
  }
  // express's router marks an undecodable %-escape in a path parameter as a 400 URIError.
  if (err instanceof URIError) return parts(400, 'MALFORMED_URL', 'the URL contains an invalid percent-encoding');
  // Other client errors raised by express or its parsers: keep the status, expose the message
  // only when the library says it is meant for clients (http-errors `expose`).
  if (isRecord(err) && typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
    const status = err.status;
    const detail = err.expose === true && typeof err.message === 'string' ? err.message : (STATUS_CODES[status] ?? 'client error');
    return parts(status, GENERIC_CODES[status] ?? `HTTP_${status}`, detail);
  }
  return parts(500, 'INTERNAL_ERROR', 'an unexpected error occurred; quote the requestId when reporting it', { internal: true });
}

export function buildProblem(p: ProblemParts, instance: string, requestId: string): Problem {
  return {
    // Extensions first so they can never overwrite the standard members.
    ...p.details,
    type: problemType(p.code),
    title: STATUS_CODES[p.status] ?? 'Error',
    status: p.status,
    detail: p.detail,
    code: p.code,
    instance,
    requestId,
  };
}

export const requestIdOf = (res: Response): string => (typeof res.locals.requestId === 'string' ? res.locals.requestId : 'unknown');

export function sendProblem(req: Request, res: Response, p: ProblemParts): void {
  const problem = buildProblem(p, req.path, requestIdOf(res));
  res.status(p.status);
  for (const [name, value] of Object.entries(p.headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
  res.send(JSON.stringify(problem));
}

/** The last middleware: every error leaves as problem+json; internal causes are logged, never sent. */
export function problemMiddleware(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const p = toProblemParts(err);
    const log = logger.child({ requestId: requestIdOf(res) });
    if (p.internal) log.error({ err, path: req.path, method: req.method }, 'request failed');
    else log.debug({ code: p.code, status: p.status }, 'request rejected');
    if (res.headersSent) {
      // Too late for a problem document: a timeout already answered, or streaming began. A
      // half-written response is cut off so the client cannot mistake it for a complete one.
      if (!res.writableEnded) res.destroy();
      return;
    }
    sendProblem(req, res, p);
  };
}
