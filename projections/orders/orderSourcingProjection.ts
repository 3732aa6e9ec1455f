import type { CheckoutRecord, UnitMove } from '../../domain/order/index.js';
import type { DocumentProjection } from '../runtime/projection.js';
import { actorOf, asOrderEvent, eventTime, ORDER_STREAM_PREFIX, orderIdOfStream, type ActorRef } from './orderStreams.js';

export const ORDER_SOURCING = 'orderSourcing';

/** A later sourcing fact: a node rejecting released work, or units re-sourced after it. */
export type SourcingEvent = Readonly<{ type: 'rejected' | 'resourced'; at: string; actor: ActorRef; node?: string; reason?: string; moves: readonly UnitMove[] }>;

/**
 * `GET /orders/:id/sourcing`: the checkout decisions exactly as the sourcing engine explained them
 * (candidates with cost and rank, excluded nodes with reasons, the rule set and its version), the
 * reservations that lost a race in each round, the quoted promise, and what happened later.
 */
export type OrderSourcingDocument = {
  _id: string;
  orderId: string;
  placedAt: string;
  rounds: CheckoutRecord['sourcing'];
  quote: CheckoutRecord['quote'] | null;
  later: SourcingEvent[];
  revision: string;
};

/** `revision` is that of the last of these the document applied: readers catch up from there. */
const SOURCING_EVENTS = ['OrderPlaced', 'OrderReleaseRejected', 'OrderLinesResourced'];

export const orderSourcingProjection = (version = 1): DocumentProjection<OrderSourcingDocument> => ({
  kind: 'document',
  name: ORDER_SOURCING,
  version,
  filter: { streamPrefixes: [ORDER_STREAM_PREFIX], eventTypes: SOURCING_EVENTS },
  documentIds: (recorded) => [orderIdOfStream(recorded.streamName)],
  evolve: (doc, recorded, id) => {
    const event = asOrderEvent(recorded);
    const revision = recorded.revision.toString();
    if (event.type === 'OrderPlaced') {
      const checkout = event.data.checkout;
      return { _id: id, orderId: event.data.orderId, placedAt: event.data.placedAt, rounds: checkout?.sourcing ?? [], quote: checkout?.quote ?? null, later: [], revision };
    }
    if (!doc) return null;
    const at = eventTime(recorded);
    if (event.type === 'OrderReleaseRejected') {
      const d = event.data;
      return { ...doc, revision, later: [...doc.later, { type: 'rejected', at, actor: actorOf(recorded), node: d.node, reason: d.reason, moves: d.moves }] };
    }
    if (event.type === 'OrderLinesResourced') {
      return { ...doc, revision, later: [...doc.later, { type: 'resourced', at, actor: actorOf(recorded), moves: event.data.moves }] };
    }
    return doc;
  },
});
