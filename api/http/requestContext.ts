import type { Request } from 'express';
import { v4 as uuidv4 } from 'uuid';
import type { Actor } from '../../domain/shared/decider.js';
import { HttpProblem } from './problem.js';

/** Same alphabet as ids everywhere else: safe in logs, stream names and headers. */
const SANE_TOKEN = /^[A-Za-z0-9._:@~-]{1,128}$/;

const header = (req: Request, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Honours the caller's X-Request-Id when it is a sane token (so ids correlate across services);
 * anything else (too long, control characters, log-injection attempts) is replaced, not rejected:
 * a bad correlation id must never fail a request.
 */
export function resolveRequestId(req: Request): string {
  const given = header(req, 'x-request-id');
  return given !== undefined && SANE_TOKEN.test(given) ? given : uuidv4();
}

/**
 * The Idempotency-Key becomes the command id, so it must be a usable id. A malformed key is a
 * client error (400), unlike a request id: silently replacing it would break the client's retries.
 * Mutating routes without a key get a fresh UUID v4 here, once, so retries inside the server
 * (concurrency retries, event id derivation) all see the same command id.
 */
export function resolveIdempotencyKey(req: Request, mutating: boolean): string | undefined {
  const given = header(req, 'idempotency-key');
  if (given !== undefined) {
    if (!SANE_TOKEN.test(given)) {
      throw new HttpProblem(400, 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1-128 characters of [A-Za-z0-9._:@~-]');
    }
    return given;
  }
  return mutating ? uuidv4() : undefined;
}

const ACTOR_KINDS: ReadonlySet<string> = new Set(['customer', 'store', 'agent', 'operator', 'auditor', 'admin']);

/** The actor of a credential-less call to a `public` route (a storefront visitor, a carrier webhook). */
export const ANONYMOUS_ACTOR: Actor = Object.freeze({ kind: 'customer', id: 'anonymous' });

/**
 * Parses `X-Actor: <kind>:<id>`. Identity normally comes from the credential (auth.ts); this
 * header is only honoured in tests running with the test default role, and `system` (reserved for
 * in-process workers) can never be claimed.
 */
export function parseActorHeader(given: string | undefined): Actor | undefined {
  if (given === undefined || given === '') return undefined;
  const sep = given.indexOf(':');
  const kind = sep > 0 ? given.slice(0, sep) : '';
  const id = sep > 0 ? given.slice(sep + 1) : '';
  if (!ACTOR_KINDS.has(kind) || !SANE_TOKEN.test(id)) {
    throw new HttpProblem(
      400,
      'INVALID_ACTOR',
      `X-Actor must be "<kind>:<id>" with kind one of ${[...ACTOR_KINDS].join(', ')} and an id of [A-Za-z0-9._:@~-]{1,128}`,
    );
  }
  return { kind: kind as Actor['kind'], id };
}
