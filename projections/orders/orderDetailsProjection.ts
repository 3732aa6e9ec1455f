import {
  evolveOrder, initialOrderState, isPlaced, type MoneyDifference, type Order, type OrderPromise,
} from '../../domain/order/index.js';
import type { DocumentProjection } from '../runtime/projection.js';
import { actorOf, asOrderEvent, eventTime, ORDER_STREAM_PREFIX, orderIdOfStream, type ActorRef } from './orderStreams.js';

export const ORDER_DETAILS = 'orderDetails';

/** One post-purchase change as the customer and agents see it: who, why, and what it did to the money. */
export type ChangeEntry = Readonly<{
  type: string;
  at: string;
  actor: ActorRef;
  reason: string;
  moneyDifference: MoneyDifference;
  total: string;
  version: number;
}>;

export type PromiseRevisionEntry = Readonly<{ at: string; reason: string; promise: OrderPromise; previous?: OrderPromise }>;

/**
 * Everything `GET /orders/:id` shows, one document per order. `order` is the aggregate's own
 * state, folded with the domain's `evolveOrder` (so the read model can never disagree with what
 * commands decide on); the lists beside it keep what the state does not: every change with its
 * actor, reason and money difference, and every promise revision.
 */
export type OrderDetailsDocument = {
  _id: string;
  order: Order;
  changes: ChangeEntry[];
  promiseRevisions: PromiseRevisionEntry[];
  /** Revision of the order stream this document reflects (decimal string): compared for read-your-writes. */
  revision: string;
  lastPosition: string;
  updatedAt: string;
};

const CHANGE_EVENTS = new Set([
  'OrderCancelled', 'OrderLinesCancelled', 'OrderShippingAddressChanged', 'OrderDeliveryMethodChanged',
  'OrderLineQuantityReduced', 'OrderSwitchedToPickup', 'OrderPickupExpired',
]);

export const orderDetailsProjection = (version = 1): DocumentProjection<OrderDetailsDocument> => ({
  kind: 'document',
  name: ORDER_DETAILS,
  version,
  filter: { streamPrefixes: [ORDER_STREAM_PREFIX] },
  indexes: [{ keys: { 'order.customerId': 1 } }],
  documentIds: (recorded) => [orderIdOfStream(recorded.streamName)],
  evolve: (doc, recorded, id) => {
    const event = asOrderEvent(recorded);
    const state = evolveOrder(doc?.order ?? initialOrderState(), event);
    if (!isPlaced(state)) return doc;
    const at = eventTime(recorded);
    const changes = doc?.changes ?? [];
    const revisions = doc?.promiseRevisions ?? [];
    const data = event.data as { reason?: string; moneyDifference?: MoneyDifference; totals?: { total: { amount: string } }; version?: number };
    return {
      _id: id,
      order: state,
      changes: CHANGE_EVENTS.has(event.type)
        ? [...changes, { type: event.type, at, actor: actorOf(recorded), reason: data.reason ?? '', moneyDifference: data.moneyDifference!, total: data.totals!.total.amount, version: data.version ?? 0 }]
        : changes,
      promiseRevisions: event.type === 'OrderPromiseRevised'
        ? [...revisions, { at, reason: event.data.reason, promise: event.data.promise, ...(event.data.previous ? { previous: event.data.previous } : {}) }]
        : revisions,
      revision: recorded.revision.toString(),
      lastPosition: recorded.position.toString(),
      updatedAt: at,
    };
  },
});
