import type { Principal } from './principal.js';

/**
 * Object-level authorization (BOLA): a store key may only touch its own nodes, a tracking token
 * only its own order. The check runs on the *raw* request (path parameters, query, parsed JSON
 * body) before validation, so a request naming somebody else's node or order is refused before a
 * DTO is built or a handler runs. Field names are the API's conventions; a route whose resource is
 * not named in the request (e.g. `/reservations/:id`) must declare `scopedBy: 'handler'` and
 * filter by `ctx.principal.scopes` itself, otherwise scoped callers are refused (deny by default).
 */

/** Request fields that name a fulfilment node (path params, query parameters, body members at any depth). */
export const NODE_FIELDS: ReadonlySet<string> = new Set([
  'nodeId', 'nodeIds', 'node', 'nodes', 'pickupNode', 'pickupNodeId', 'fromNode', 'fromNodeId', 'toNode', 'toNodeId', 'shipNode', 'shipFromNode',
]);

/** Request fields that name an order. */
export const ORDER_FIELDS: ReadonlySet<string> = new Set(['orderId', 'orderIds']);

export type References = Readonly<{ nodes: ReadonlySet<string>; orders: ReadonlySet<string> }>;

/** Deep enough for `lines[].node`; deeper nesting is refused by validation anyway. */
const MAX_SCAN_DEPTH = 8;
const MAX_SCANNED_VALUES = 10_000;

const collect = (value: unknown, into: Set<string>): void => {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const v of value) if (typeof v === 'string') into.add(v);
};

/** Every node and order the request names, in any of its inputs. */
export function referencedResources(inputs: readonly unknown[]): References {
  const nodes = new Set<string>();
  const orders = new Set<string>();
  const stack: Array<{ value: unknown; depth: number }> = inputs.map((value) => ({ value, depth: 0 }));
  let seen = 0;
  while (stack.length > 0 && seen < MAX_SCANNED_VALUES) {
    const { value, depth } = stack.pop()!;
    seen += 1;
    if (typeof value !== 'object' || value === null || depth > MAX_SCAN_DEPTH) continue;
    if (Array.isArray(value)) {
      for (const item of value) stack.push({ value: item, depth: depth + 1 });
      continue;
    }
    for (const [key, v] of Object.entries(value)) {
      if (NODE_FIELDS.has(key)) collect(v, nodes);
      if (ORDER_FIELDS.has(key)) collect(v, orders);
      stack.push({ value: v, depth: depth + 1 });
    }
  }
  return { nodes, orders };
}

export type ScopeDecision = Readonly<{ allowed: true }> | Readonly<{ allowed: false; reason: string }>;

const ALLOWED: ScopeDecision = { allowed: true };

/**
 * Whether a scoped caller may make this request. Unscoped roles (agent and above, auditor) are
 * always allowed here: their limits are the role check's job.
 */
export function checkScopes(principal: Principal, refs: References, scopedBy: 'request' | 'handler'): ScopeDecision {
  if (principal.role === 'store') {
    const own = new Set(principal.scopes.nodes ?? []);
    const foreign = [...refs.nodes].filter((n) => !own.has(n));
    if (foreign.length > 0) return { allowed: false, reason: 'this key may not act on that node' };
    if (refs.nodes.size === 0 && scopedBy !== 'handler') return { allowed: false, reason: 'a store key must name one of its nodes in the request' };
    return ALLOWED;
  }
  if (principal.role === 'customer') {
    const own = new Set(principal.scopes.orders ?? []);
    const foreign = [...refs.orders].filter((o) => !own.has(o));
    if (foreign.length > 0) return { allowed: false, reason: 'this tracking token is not valid for that order' };
    if (refs.orders.size === 0 && scopedBy !== 'handler') return { allowed: false, reason: 'a tracking token only gives access to its own order' };
    return ALLOWED;
  }
  return ALLOWED;
}
