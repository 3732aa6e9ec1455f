import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Options } from 'express-rate-limit';
import { principalOf } from './auth.js';
import { HttpProblem } from './problem.js';

/**
 * Rate limits (express-rate-limit, in-memory per instance): per client IP for every request —
 * before authentication, so guessing keys is throttled too — and per credential after it. Over
 * the limit: 429 RATE_LIMITED problem with Retry-After. Behind a load balancer set
 * OMS_TRUST_PROXY so the client IP (not the balancer's) is counted.
 */

const WINDOW_MS = 60_000;

const limited = (what: string): Options['handler'] => (req, _res, next) => {
  const reset = (req as typeof req & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  const seconds = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : 60;
  next(new HttpProblem(429, 'RATE_LIMITED', `too many requests ${what}; retry after ${seconds} s`, {}, { 'Retry-After': String(seconds) }));
};

const PASS: RequestHandler = (_req, _res, next) => next();

export function perIpLimit(perMinute: number | undefined): RequestHandler {
  if (!perMinute) return PASS;
  return rateLimit({
    windowMs: WINDOW_MS,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? 'unknown'),
    handler: limited('from this address'),
    // Our own trust-proxy setting decides req.ip; the library's start-up warnings would only repeat it.
    validate: false,
  });
}

/** Counts per authenticated credential; requests without one are left to the per-IP limit. */
export function perKeyLimit(perMinute: number | undefined): RequestHandler {
  if (!perMinute) return PASS;
  return rateLimit({
    windowMs: WINDOW_MS,
    limit: perMinute,
    standardHeaders: false,
    legacyHeaders: false,
    skip: (_req, res) => principalOf(res) === undefined,
    keyGenerator: (_req, res) => principalOf(res)!.principalId,
    handler: limited('for this credential'),
    validate: false,
  });
}
