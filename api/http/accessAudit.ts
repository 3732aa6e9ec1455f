import type { Request, Response } from 'express';
import type { AccessKind } from '../../application/security/accessLog.js';
import { principalOf, type HttpSecurity } from './auth.js';
import { edgeLocals } from './edge.js';
import { ANONYMOUS_ACTOR } from './requestContext.js';
import { MUTATING_METHODS, readsPersonalData, type Route } from './route.js';

/**
 * Records every successful change and every successful read of personal data in the access log
 * (who, when, which route, which resource ids). A personal-data read that cannot be recorded is
 * not answered (the error propagates: 503 when the read store is down); a change that already
 * happened is answered anyway and the failure logged — its actor is in the events' metadata too.
 */

export type AccessFacts = Readonly<{ status: number; replayed: boolean; subject?: string; location?: string }>;

const MAX_ID = 200;

const resourceOf = (req: Request, location: string | undefined): Record<string, string> => {
  const resource: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.params as Record<string, unknown>)) {
    if (typeof value === 'string') resource[name] = value.slice(0, MAX_ID);
  }
  if (location !== undefined) resource.location = location.slice(0, MAX_ID);
  return resource;
};

export async function recordAccess(security: HttpSecurity, req: Request, res: Response, route: Route, facts: AccessFacts): Promise<void> {
  if (!security.accessLog || facts.status >= 400) return;
  const mutating = MUTATING_METHODS.has(route.method);
  if (!mutating && !readsPersonalData(route) && facts.subject === undefined) return;
  const kind: AccessKind = mutating ? 'change' : 'read';
  const principal = principalOf(res);
  const locals = edgeLocals(res);
  const entry = {
    kind,
    actor: principal?.actor ?? ANONYMOUS_ACTOR,
    role: principal?.role ?? 'public',
    ...(principal?.keyId !== undefined ? { keyId: principal.keyId } : {}),
    method: req.method,
    route: route.path,
    resource: resourceOf(req, facts.location),
    status: facts.status,
    requestId: locals.requestId,
    at: locals.now,
    ...(facts.replayed ? { replayed: true } : {}),
    ...(facts.subject !== undefined ? { subject: facts.subject } : {}),
  };
  try {
    await security.accessLog.record(entry);
  } catch (error) {
    if (kind === 'read') throw error;
    locals.log.error({ err: error, route: route.path }, 'access log entry for a completed change could not be written');
  }
}
