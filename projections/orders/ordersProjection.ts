import type { OrderChange, OrderEvent, OrderStatus } from '../../domain/order/index.js';
import type { DocumentProjection } from '../runtime/projection.js';
import { asOrderEvent, eventTime, ORDER_STREAM_PREFIX, orderIdOfStream } from './orderStreams.js';

export const ORDERS = 'orders';

/** One row per order for `GET /orders?customerId=&status=&from=&to=`: what a list shows and filters on. */
export type OrderSummaryDocument = {
  _id: string;
  orderId: string;
  customerId: string;
  channel: string;
  status: OrderStatus;
  deliveryMethod: string;
  currency: string;
  /** Current order total (decimal string), after post-purchase changes. */
  total: string;
  lines: number;
  units: number;
  /** Every node ever proposed or allocated for the order. */
  nodes: string[];
  placedAt: string;
  updatedAt: string;
  revision: string;
};

const CHANGES: ReadonlySet<OrderEvent['type']> = new Set([
  'OrderCancelled', 'OrderLinesCancelled', 'OrderShippingAddressChanged', 'OrderDeliveryMethodChanged',
  'OrderLineQuantityReduced', 'OrderSwitchedToPickup', 'OrderPickupExpired',
]);

const withNodes = (nodes: readonly string[], more: readonly (string | undefined)[]): string[] =>
  [...new Set([...nodes, ...more.filter((n): n is string => n !== undefined)])].sort();

const movesOf = (event: OrderEvent): readonly { to: { node?: string } }[] =>
  'moves' in (event.data as object) ? (event.data as unknown as { moves: { to: { node?: string } }[] }).moves : [];

export const ordersProjection = (version = 1): DocumentProjection<OrderSummaryDocument> => ({
  kind: 'document',
  name: ORDERS,
  version,
  filter: { streamPrefixes: [ORDER_STREAM_PREFIX] },
  // Lists are newest first; each filter has an index that serves its sort.
  indexes: [
    { keys: { placedAt: -1, _id: -1 } },
    { keys: { customerId: 1, placedAt: -1 } },
    { keys: { status: 1, placedAt: -1 } },
  ],
  documentIds: (recorded) => [orderIdOfStream(recorded.streamName)],
  evolve: (doc, recorded, id) => {
    const event = asOrderEvent(recorded);
    const touched = { updatedAt: eventTime(recorded), revision: recorded.revision.toString() };
    if (event.type === 'OrderPlaced') {
      const d = event.data;
      return {
        _id: id,
        orderId: d.orderId,
        customerId: d.customerId,
        channel: d.channel,
        status: 'placed',
        deliveryMethod: d.deliveryMethod,
        currency: d.currency,
        total: d.totals.total.amount,
        lines: d.lines.length,
        units: d.lines.reduce((n, l) => n + l.quantity, 0),
        nodes: withNodes([], d.lines.map((l) => l.proposedNode)),
        placedAt: d.placedAt,
        ...touched,
      };
    }
    if (!doc) return null;
    let next: OrderSummaryDocument = { ...doc, ...touched, nodes: withNodes(doc.nodes, movesOf(event).map((m) => m.to.node)) };
    if (event.type === 'OrderStatusChanged') next = { ...next, status: event.data.to };
    if (CHANGES.has(event.type)) next = { ...next, total: (event.data as OrderChange).totals.total.amount };
    if (event.type === 'OrderDeliveryMethodChanged') next = { ...next, deliveryMethod: event.data.deliveryMethod };
    if (event.type === 'OrderSwitchedToPickup') next = { ...next, deliveryMethod: 'pickup', nodes: withNodes(next.nodes, [event.data.pickupNode]) };
    return next;
  },
});
