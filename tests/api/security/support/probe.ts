import type { Express } from 'express';
import request from 'supertest';
import type { RouteTableEntry } from '../../../../api/http/route.js';
import { OWN_NODE, OWN_ORDER } from './secureOms.js';

/** Path parameters filled with placeholders: the caller's own order and node unless told otherwise. */
export function concretePath(path: string, ids: Readonly<{ order?: string; node?: string }> = {}): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_m, name: string) => {
    if (/^orderId$/.test(name)) return encodeURIComponent(ids.order ?? OWN_ORDER);
    if (/^(nodeId|node)$/.test(name)) return encodeURIComponent(ids.node ?? OWN_NODE);
    return `placeholder-${name}`;
  });
}

export const hasParam = (path: string, names: readonly string[]): boolean => names.some((n) => path.includes(`:${n}`));

export type Probe = Readonly<{ query?: Record<string, string | string[]>; body?: unknown }>;

/** One request to a table entry with a credential (or none); returns status and problem code. */
export async function probe(app: Express, route: RouteTableEntry, path: string, credential: string | undefined, input: Probe = {}) {
  let req = request(app)[route.method](path);
  if (credential !== undefined) req = req.set('Authorization', `Bearer ${credential}`);
  if (input.query) req = req.query(input.query);
  if (route.mutating) req = req.set('Content-Type', 'application/json').send(JSON.stringify(input.body ?? {}));
  const res = await req;
  return { status: res.status, code: (res.body as { code?: string } | undefined)?.code, text: res.text.slice(0, 300) };
}

export const refused = (status: number): boolean => status === 401 || status === 403;
export const describeRoute = (r: RouteTableEntry): string => `${r.method.toUpperCase()} ${r.path} (role ${r.role})`;
