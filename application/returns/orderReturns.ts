import { isPlaced, orderDecider, orderStreamName, type Order } from '../../domain/order/index.js';
import { returnDecider, returnStreamName, type ReturnState } from '../../domain/return/index.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import type { EventStore, StreamRevision } from '../../infrastructure/eventstore/eventStore.js';
import { loadAggregate } from '../commandHandler.js';
import { orderReturnsDecider, orderReturnsStreamName, type RegistryState } from './orderReturnsRegistry.js';

/** The facts every return decision of one order is checked against, read fresh from the log. */
export type OrderWithReturns = Readonly<{
  order: Order;
  registry: RegistryState;
  /** Revision of `process-orderReturns-<orderId>` the checks were made against (appends expect it). */
  registryRevision: StreamRevision | undefined;
  /** Every return of the order that exists (links without a return stream are skipped). */
  returns: readonly ReturnState[];
}>;

export const orderNotFound = (orderId: string) => new NotFoundError('ORDER_NOT_FOUND', `no order ${orderId}`, { orderId });

export const loadOrderWithReturns = async (eventStore: EventStore, orderId: string): Promise<OrderWithReturns> => {
  const { state } = await loadAggregate(eventStore, orderDecider, orderStreamName(orderId));
  if (!isPlaced(state)) throw orderNotFound(orderId);
  const registry = await loadAggregate(eventStore, orderReturnsDecider, orderReturnsStreamName(orderId));
  const returns: ReturnState[] = [];
  for (const returnId of registry.state.returnIds) {
    const r = (await loadAggregate(eventStore, returnDecider, returnStreamName(returnId))).state;
    if (r.status !== 'none') returns.push(r);
  }
  return { order: state, registry: registry.state, registryRevision: registry.revision, returns };
};

/** Statuses in which a return no longer holds units of the order. */
const RELEASED = new Set(['rejected', 'cancelled']);

/** Units of each order line in live returns, exchanges and claims (closed ones keep only what was received). */
export const unitsInReturns = (returns: readonly ReturnState[]): Map<string, number> => {
  const units = new Map<string, number>();
  for (const r of returns) {
    if (RELEASED.has(r.status)) continue;
    for (const l of r.lines) {
      const received = Object.values(l.received).reduce<number>((a, b) => a + (b ?? 0), 0);
      const held = r.status === 'closed' && r.kind !== 'claim' ? received : l.quantity;
      units.set(l.lineId, (units.get(l.lineId) ?? 0) + held);
    }
  }
  return units;
};
