import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { Histogram } from 'prom-client';
import { HttpProblem, sendProblem, toProblemParts } from './problem.js';
import { resolveRequestId } from './requestContext.js';

/**
 * The first middleware every request passes: request id, the one clock reading, a per-request
 * logger, an abort signal and the request timeout. Everything later reads these from res.locals.
 */

export type EdgeLocals = {
  requestId: string;
  now: string;
  log: Logger;
  signal: AbortSignal;
  startedAt: bigint;
  /** Route template for metrics and logs; set by mountRoutes, else a built-in name. */
  route?: string;
};

export const edgeLocals = (res: Response): EdgeLocals => res.locals as EdgeLocals;

export type EdgeOptions = Readonly<{ logger: Logger; clock: () => Date; timeoutMs: number }>;

export function requestEdge(opts: EdgeOptions): RequestHandler {
  return (req, res, next) => {
    const requestId = resolveRequestId(req);
    const controller = new AbortController();
    const locals = edgeLocals(res);
    locals.requestId = requestId;
    locals.now = opts.clock().toISOString();
    locals.log = opts.logger.child({ requestId });
    locals.signal = controller.signal;
    locals.startedAt = process.hrtime.bigint();
    res.setHeader('X-Request-Id', requestId);

    const timer = setTimeout(() => {
      controller.abort(new Error('request timed out'));
      if (!res.headersSent) {
        // A timeout is almost always a store that stopped answering: tell the client when to retry.
        const problem = new HttpProblem(503, 'REQUEST_TIMEOUT', `the request did not complete within ${opts.timeoutMs} ms`, {}, { 'Retry-After': '1' });
        sendProblem(req, res, toProblemParts(problem));
      }
    }, opts.timeoutMs);
    res.on('close', () => {
      clearTimeout(timer);
      // The client went away before we answered: let the handler stop early.
      if (!res.writableFinished && !controller.signal.aborted) controller.abort(new Error('client closed the connection'));
    });
    next();
  };
}

const levelFor = (status: number): 'info' | 'warn' | 'error' => (status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info');

/**
 * Access log (one JSON line per request, pino-http style) and the duration histogram, both on
 * 'close' so aborted requests are counted too. Only the path is logged: query strings may carry
 * tokens.
 */
export function accessLog(histogram: Histogram<'method' | 'route' | 'status'>): RequestHandler {
  return (req: Request, res: Response, next) => {
    res.on('close', () => {
      const locals = edgeLocals(res);
      const seconds = Number(process.hrtime.bigint() - locals.startedAt) / 1e9;
      const route = locals.route ?? 'unmatched';
      const aborted = !res.writableFinished;
      const status = res.statusCode;
      histogram.observe({ method: req.method, route, status: aborted ? 'aborted' : String(status) }, seconds);
      locals.log[aborted ? 'warn' : levelFor(status)](
        {
          req: { method: req.method, path: req.path, route, userAgent: req.headers['user-agent'] },
          res: { statusCode: status, aborted },
          responseTimeMs: Math.round(seconds * 1e6) / 1e3,
        },
        aborted ? 'request aborted' : 'request completed',
      );
    });
    next();
  };
}

/** Labels built-in endpoints for metrics and logs. */
export const labelRoute =
  (route: string): RequestHandler =>
  (_req, res, next) => {
    edgeLocals(res).route = route;
    next();
  };
