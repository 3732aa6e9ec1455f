import canonicalizeModule from 'canonicalize';
import type { Request, Response } from 'express';
import { createHash, randomUUID } from 'node:crypto';
import type { IdempotencyStore, StoredResponse } from '../../application/security/idempotencyStore.js';
import type { Principal } from '../../application/security/principal.js';
import { HttpProblem } from './problem.js';
import type { HandlerResult, Route } from './route.js';

/**
 * The HTTP side of the generic idempotency layer (application/security/idempotencyStore.ts):
 * only client-sent keys are stored (a key the server minted can never be retried), scoped to the
 * caller, and the stored response is replayed byte for byte with `Idempotent-Replayed: true`.
 */

type Canonicalize = (input: unknown) => string | undefined;
// CommonJS module typed as ESM default: take the function whichever way it arrives (see application/audit/canonicalDigest.ts).
const loaded = canonicalizeModule as unknown as Canonicalize | { default: Canonicalize };
const canonicalize: Canonicalize = typeof loaded === 'function' ? loaded : loaded.default;

export const REPLAYED_HEADER = 'Idempotent-Replayed';

/** What makes two requests "the same": method, concrete path, query and canonical JSON body. */
export function requestFingerprint(req: Request): string {
  const text = canonicalize({ method: req.method, path: req.path, query: { ...(req.query as object) }, body: req.body ?? null }) ?? '';
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** Whose key space a request's Idempotency-Key lives in: the credential, or the client IP for anonymous calls. */
export const keyOwner = (req: Request, principal: Principal | undefined): string => principal?.principalId ?? `anonymous:${req.ip ?? 'unknown'}`;

export type Replayable = Readonly<{ response: StoredResponse; replayed: boolean }>;

/**
 * Runs `handle` at most once per (caller, key). Throws 422 IDEMPOTENCY_KEY_REUSED for the same key
 * with a different request, 409 IDEMPOTENCY_KEY_IN_PROGRESS when another instance is still on it.
 */
export async function runIdempotent(
  store: IdempotencyStore,
  req: Request,
  route: Route,
  principal: Principal | undefined,
  key: string,
  handle: () => Promise<{ response: StoredResponse; result: HandlerResult }>,
): Promise<Replayable> {
  const outcome = await store.execute(
    {
      principalId: keyOwner(req, principal),
      key,
      method: req.method,
      route: route.path,
      path: req.path,
      fingerprint: requestFingerprint(req),
      owner: randomUUID(),
    },
    async () => {
      const { response, result } = await handle();
      return { response, subject: result.personalDataOf };
    },
  );
  if (outcome.kind === 'reused') {
    throw new HttpProblem(422, 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used for a different request; use a new key for a new request');
  }
  if (outcome.kind === 'in-progress') {
    throw new HttpProblem(409, 'IDEMPOTENCY_KEY_IN_PROGRESS', 'a request with this Idempotency-Key is still being processed; retry shortly', {}, { 'Retry-After': '1' });
  }
  return { response: outcome.response, replayed: outcome.kind === 'replayed' };
}

export function sendStored(res: Response, stored: StoredResponse, replayed: boolean): void {
  for (const [name, value] of Object.entries(stored.headers)) res.setHeader(name, value);
  if (replayed) res.setHeader(REPLAYED_HEADER, 'true');
  res.status(stored.status);
  if (stored.body === undefined) {
    res.end();
    return;
  }
  res.type('application/json').send(stored.body);
}
