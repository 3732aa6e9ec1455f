import type { OrderChange, OrderEvent, UnitMove } from '../../domain/order/index.js';
import type { LineRef, TrackingEntry, TrackingLine, TrackingOrderDocument } from './trackingDocuments.js';

/**
 * Folds one order event into the order's tracking document: the customer's view — status,
 * promise, shipments with carrier and tracking number, pickup readiness and deadline, and a
 * timeline of what happened in words the page can translate. Pure: `at` is the event's business
 * time, passed in.
 */

const CHANGE_ENTRY: Partial<Record<OrderEvent['type'], TrackingEntry['type']>> = {
  OrderCancelled: 'cancelled',
  OrderLinesCancelled: 'lines_cancelled',
  OrderShippingAddressChanged: 'address_changed',
  OrderDeliveryMethodChanged: 'delivery_method_changed',
  OrderLineQuantityReduced: 'quantity_reduced',
  OrderSwitchedToPickup: 'switched_to_pickup',
  OrderPickupExpired: 'pickup_expired',
};

const cancelledMoves = (moves: readonly UnitMove[]): LineRef[] =>
  moves.filter((m) => m.to.stage === 'cancelled').map((m) => ({ lineId: m.lineId, quantity: m.quantity }));

const withCancelled = (lines: readonly TrackingLine[], change: OrderChange): TrackingLine[] => {
  const cancelled = new Map<string, number>();
  for (const m of cancelledMoves(change.moves)) cancelled.set(m.lineId, (cancelled.get(m.lineId) ?? 0) + m.quantity);
  const totals = new Map(change.lineAmounts.map((u) => [u.lineId, u.amounts.total.amount]));
  return lines.map((l) => ({ ...l, cancelled: l.cancelled + (cancelled.get(l.lineId) ?? 0), total: totals.get(l.lineId) ?? l.total }));
};

const changeEntry = (type: TrackingEntry['type'], change: OrderChange, at: string): TrackingEntry => {
  const lines = cancelledMoves(change.moves);
  const money = change.moneyDifference.direction === 'none'
    ? {}
    : { amount: { amount: change.moneyDifference.amount, currency: change.moneyDifference.currency }, direction: change.moneyDifference.direction };
  return { type, at, reason: change.reason, ...(lines.length > 0 ? { lines } : {}), ...money };
};

const placed = (event: Extract<OrderEvent, { type: 'OrderPlaced' }>, at: string, revision: string): TrackingOrderDocument => {
  const d = event.data;
  const timeline: TrackingEntry[] = [{ type: 'placed', at: d.placedAt }];
  if (d.promise) timeline.push({ type: 'promised', at: d.placedAt, promise: d.promise });
  return {
    _id: d.orderId,
    kind: 'order',
    orderId: d.orderId,
    customerId: d.customerId,
    channel: d.channel,
    locale: d.locale,
    currency: d.currency,
    status: 'placed',
    deliveryMethod: d.deliveryMethod,
    destination: d.destination ?? null,
    pickupNode: d.pickupNode ?? null,
    pickup: null,
    promise: d.promise ?? null,
    total: d.totals.total.amount,
    lines: d.lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity, cancelled: 0, unitPrice: l.unitPrice, total: l.amounts.total.amount })),
    shipments: [],
    timeline,
    placedAt: d.placedAt,
    updatedAt: at,
    revision,
  };
};

export const evolveTrackingOrder = (doc: TrackingOrderDocument | null, event: OrderEvent, at: string, revision: string): TrackingOrderDocument | null => {
  if (event.type === 'OrderPlaced') return placed(event, at, revision);
  if (!doc) return null;
  const next: TrackingOrderDocument = { ...doc, updatedAt: at, revision };
  const push = (entry: TrackingEntry) => (next.timeline = [...doc.timeline, entry]);
  switch (event.type) {
    case 'OrderStatusChanged':
      next.status = event.data.to;
      break;
    case 'OrderPaymentDeclined':
      push({ type: 'payment_declined', at, reason: event.data.reason });
      break;
    case 'OrderLinesReleased':
      if (!doc.timeline.some((e) => e.type === 'in_preparation')) push({ type: 'in_preparation', at: event.data.at });
      break;
    case 'OrderPromiseRevised':
      next.promise = event.data.promise;
      push({ type: 'promise_revised', at: event.data.at, promise: event.data.promise, reason: event.data.reason, ...(event.data.previous ? { previous: event.data.previous } : {}) });
      break;
    case 'OrderShipmentShipped': {
      const d = event.data;
      next.shipments = [...doc.shipments, { shipmentId: d.shipmentId, node: d.node, carrier: d.carrier, trackingNumber: d.trackingNumber, shippedAt: d.shippedAt, deliveredAt: null, lines: d.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })) }];
      push({ type: 'shipped', at: d.shippedAt, shipmentId: d.shipmentId, carrier: d.carrier, trackingNumber: d.trackingNumber, lines: d.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })) });
      break;
    }
    case 'OrderShipmentDelivered': {
      const d = event.data;
      next.shipments = doc.shipments.map((s) => (s.shipmentId === d.shipmentId ? { ...s, deliveredAt: d.deliveredAt } : s));
      const shipment = doc.shipments.find((s) => s.shipmentId === d.shipmentId);
      push({ type: 'delivered', at: d.deliveredAt, shipmentId: d.shipmentId, ...(shipment ? { carrier: shipment.carrier, trackingNumber: shipment.trackingNumber } : {}) });
      break;
    }
    case 'OrderMadeReadyForPickup':
      next.pickup = { node: event.data.node, deadline: event.data.deadline };
      push({ type: 'ready_for_pickup', at, node: event.data.node, deadline: event.data.deadline });
      break;
    case 'OrderPickedUp':
      push({ type: 'picked_up', at: event.data.pickedUpAt, node: event.data.node });
      break;
    case 'OrderCompleted':
      push({ type: 'completed', at: event.data.at });
      break;
    default: {
      const type = CHANGE_ENTRY[event.type];
      if (!type) return next;
      const change = event.data as OrderChange;
      next.total = change.totals.total.amount;
      next.lines = withCancelled(doc.lines, change);
      const entry = changeEntry(type, change, at);
      if (event.type === 'OrderShippingAddressChanged') next.destination = event.data.destination;
      if (event.type === 'OrderDeliveryMethodChanged') {
        next.deliveryMethod = event.data.deliveryMethod;
        next.destination = event.data.destination ?? doc.destination;
        next.pickupNode = event.data.pickupNode ?? doc.pickupNode;
        push({ ...entry, deliveryMethod: event.data.deliveryMethod });
        break;
      }
      if (event.type === 'OrderSwitchedToPickup') {
        next.deliveryMethod = 'pickup';
        next.pickupNode = event.data.pickupNode;
        push({ ...entry, node: event.data.pickupNode, deliveryMethod: 'pickup' });
        break;
      }
      if (event.type === 'OrderPickupExpired') {
        next.pickup = null;
        push({ ...entry, node: event.data.node, deadline: event.data.deadline });
        break;
      }
      push(entry);
    }
  }
  return next;
};
