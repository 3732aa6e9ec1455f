import type { Principal } from '../../../application/security/principal.js';
import { returnNotFound } from '../../../application/returns/returnView.js';
import type { Actor } from '../../../domain/shared/decider.js';
import { ForbiddenError, NotFoundError } from '../../../domain/shared/errors.js';

/**
 * Who may start or read a return (routes declare `role: 'public', scopedBy: 'handler'` so the
 * refusal can be a 404): a tracking token only for its own order — a token for another order is
 * the same 404 as a missing order; a store key for returns handed over at (or received by) one of
 * its nodes, whatever channel the order was bought in; agents and above for any order. Auditors
 * read but never start returns.
 */
export const orderNotFound = (orderId: string) => new NotFoundError('ORDER_NOT_FOUND', `no order ${orderId}`, { orderId });

export const returnActor = (principal: Principal | undefined, orderId: string): Actor =>
  principal?.actor ?? { kind: 'customer', id: `order:${orderId}` };

export const mayStartReturn = (principal: Principal | undefined, orderId: string, storeNodeId: string | undefined): void => {
  if (!principal) throw orderNotFound(orderId);
  if (principal.role === 'customer' && !(principal.scopes.orders ?? []).includes(orderId)) throw orderNotFound(orderId);
  if (principal.role === 'auditor') throw new ForbiddenError('FORBIDDEN_ROLE', 'the auditor role reads returns but never starts them');
  if (principal.role === 'store' && (storeNodeId === undefined || !(principal.scopes.nodes ?? []).includes(storeNodeId))) {
    throw new ForbiddenError('FORBIDDEN_SCOPE', 'a store key starts returns handed over at one of its own stores (storeNodeId)');
  }
};

export const mayReadReturn = (principal: Principal | undefined, view: Readonly<{ returnId: string; orderId: string; receivingNodeId: string | null }>): void => {
  if (!principal) throw returnNotFound(view.returnId);
  if (principal.role === 'customer' && !(principal.scopes.orders ?? []).includes(view.orderId)) throw returnNotFound(view.returnId);
  if (principal.role === 'store' && !(principal.scopes.nodes ?? []).includes(view.receivingNodeId ?? '')) throw returnNotFound(view.returnId);
};
