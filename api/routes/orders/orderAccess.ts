import { loadOrderDetails, orderNotFound } from '../../../application/orders/orderQueries.js';
import type { Principal } from '../../../application/security/principal.js';
import type { Order } from '../../../domain/order/index.js';
import type { Actor } from '../../../domain/shared/decider.js';
import { ForbiddenError } from '../../../domain/shared/errors.js';
import type { OrderDetailsDocument } from '../../../projections/orders/orderDetailsProjection.js';
import type { OmsContext } from '../../bootstrap/omsContext.js';

/**
 * Who may see and change an order (object-level authorization for the `/orders/:id` routes,
 * which declare `scopedBy: 'handler'`):
 *
 * - a tracking token (header `X-Tracking-Token`, authenticated by the security layer, or the
 *   `token` query parameter, verified here) opens exactly its own order, while it is the order's
 *   current generation and not revoked;
 * - a store key opens orders that involve one of its nodes;
 * - agents, operators and admins open every order; auditors read but never change.
 *
 * Any refusal on an existing order is the same 404 as a missing order, so a token cannot be used
 * to learn which order ids exist — for a caller with no credential at all as well.
 */
export type OrderCaller = Readonly<{ principal: Principal | undefined; queryToken?: string }>;

export type Authorized = Readonly<{ doc: OrderDetailsDocument; actor: Actor }>;

export const nodesOf = (order: Order): Set<string> => {
  const nodes = new Set<string>();
  if (order.pickupNode) nodes.add(order.pickupNode);
  for (const l of order.lines) {
    if (l.proposedNode) nodes.add(l.proposedNode);
    for (const u of l.units) if (u.node) nodes.add(u.node);
  }
  for (const s of order.shipments) nodes.add(s.node);
  return nodes;
};

const principalMay = (principal: Principal, order: Order): boolean => {
  switch (principal.role) {
    case 'customer': return (principal.scopes.orders ?? []).includes(order.orderId);
    case 'store': {
      const nodes = nodesOf(order);
      return (principal.scopes.nodes ?? []).some((n) => nodes.has(n));
    }
    default: return true;
  }
};

/** Loads the order (read-your-writes) and checks the caller may read it (`read`) or change it (`write`). */
export const authorizeOrder = async (oms: OmsContext, orderId: string, caller: OrderCaller, mode: 'read' | 'write'): Promise<Authorized> => {
  // The order is loaded whatever the credential, so a refusal costs what a missing order does:
  // no timing difference between "no such order" and "not yours / token forged or revoked".
  const [tokenOrder, doc] = await Promise.all([
    caller.queryToken === undefined ? undefined : oms.security.trackingTokens.verify(caller.queryToken).then((id) => id ?? null),
    loadOrderDetails(oms, orderId),
  ]);
  if (!doc) throw orderNotFound(orderId);
  // No credential that opens anything (none given, or a tracking token that is forged, unknown,
  // revoked or superseded — the edge leaves those without a principal): the same 404 as a missing
  // order (the route is public so that a token query parameter can open it).
  if (!caller.principal && !tokenOrder) throw orderNotFound(orderId);
  if (tokenOrder !== undefined && tokenOrder !== doc.order.orderId) throw orderNotFound(orderId);
  if (caller.principal && !principalMay(caller.principal, doc.order)) throw orderNotFound(orderId);
  if (mode === 'write' && caller.principal?.role === 'auditor') {
    throw new ForbiddenError('FORBIDDEN_ROLE', 'the auditor role reads orders but never changes them');
  }
  const actor: Actor = caller.principal?.actor ?? { kind: 'customer', id: `order:${doc.order.orderId}` };
  return { doc, actor };
};

/** Staff-only order commands (node reports, fraud review): customers are refused, store keys only for their own nodes. */
export const requireStaff = (principal: Principal | undefined, nodes: readonly string[] = []): void => {
  if (!principal || principal.role === 'customer') throw new ForbiddenError('FORBIDDEN_ROLE', 'only store, agent, operator or admin credentials may report this');
  if (principal.role === 'store' && !nodes.every((n) => (principal.scopes.nodes ?? []).includes(n))) {
    throw new ForbiddenError('FORBIDDEN_SCOPE', 'this key may not act on that node');
  }
};
