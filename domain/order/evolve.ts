import { toJson, zero } from '../shared/money.js';
import { zeroAmounts } from './amounts.js';
import type { Fulfilment, OrderChange, OrderEvent, UnitMove } from './events.js';
import { applyCaptures, applySettlement } from './payments.js';
import type { Order, OrderLine, OrderState, Tender } from './state.js';
import { applyMoves } from './units.js';

/**
 * Evolve applies recorded facts; it never re-decides. Amounts, captures and settlements are
 * taken from the events as decided, so a replay rebuilds exactly the state that was decided on.
 */

const mapLines = (order: Order, f: (l: OrderLine) => OrderLine): Order => ({ ...order, lines: order.lines.map(f) });

const withMoves = (order: Order, moves: readonly UnitMove[]): Order =>
  mapLines(order, (l) => {
    const mine = moves.filter((m) => m.lineId === l.lineId);
    return mine.length === 0 ? l : { ...l, units: applyMoves(l.units, mine) };
  });

const withFulfilment = (order: Order, f: Fulfilment | null): Order => {
  if (f === null) return order;
  const next = mapLines(order, (l) => {
    const u = f.lines.find((x) => x.lineId === l.lineId);
    return u === undefined ? l : { ...l, fulfilledUnits: u.fulfilledUnits, fulfilledAmounts: u.fulfilledAmounts };
  });
  return { ...next, shippingFulfilled: next.shippingFulfilled || f.shippingFulfilled, tenders: applyCaptures(next.tenders, f.capture.allocations) };
};

const withChange = (order: Order, c: OrderChange): Order => {
  const moved = withMoves(order, c.moves);
  const next = mapLines(moved, (l) => {
    const u = c.lineAmounts.find((x) => x.lineId === l.lineId);
    return u === undefined ? l : { ...l, amounts: u.amounts, ...(u.taxRate === undefined ? {} : { taxRate: u.taxRate }) };
  });
  return {
    ...next,
    shipping: c.shipping,
    taxInclusive: c.taxInclusive,
    tenders: applySettlement(next.tenders, c.settlement),
    paymentCleared: c.paymentCleared,
    version: c.version,
  };
};

const upsertTender = (tenders: readonly Tender[], t: Tender): Tender[] => {
  const i = tenders.findIndex((x) => x.tenderId === t.tenderId);
  return i < 0 ? [...tenders, t] : tenders.map((x, j) => (j === i ? t : x));
};

const newTender = (order: Order, tenderId: string, method: string, status: Tender['status'], requested: Tender['requested']): Tender => {
  const z = toJson(zero(order.currency));
  return { tenderId, method, status, requested, authorized: z, captured: z, refunded: z, voided: z };
};

const placed = (e: Extract<OrderEvent, { type: 'OrderPlaced' }>): Order => {
  const d = e.data;
  return {
    status: 'placed',
    orderId: d.orderId,
    channel: d.channel,
    customerId: d.customerId,
    currency: d.currency,
    locale: d.locale,
    trackingTokenHash: d.trackingTokenHash,
    reservationIds: d.reservationIds,
    placedAt: d.placedAt,
    deliveryMethod: d.deliveryMethod,
    ...(d.destination ? { destination: d.destination } : {}),
    ...(d.pickupNode ? { pickupNode: d.pickupNode } : {}),
    ...(d.promise ? { promise: d.promise } : {}),
    taxInclusive: d.taxInclusive,
    lines: d.lines.map((l) => ({
      ...l,
      units: [{ stage: 'open', quantity: l.quantity }],
      rejectedBy: [],
      fulfilledUnits: 0,
      fulfilledAmounts: zeroAmounts(d.currency),
      returned: 0,
    })),
    shipping: d.shipping,
    shippingFulfilled: false,
    tenders: [],
    paymentCleared: !d.paymentRequired,
    lastPaymentOutcome: 'none',
    fraud: { onHold: false, reasons: [], reviews: 0 },
    shipments: [],
    acceptedNodes: [],
    completed: false,
    history: [],
    version: 0,
  };
};

export const evolveOrder = (state: OrderState, event: OrderEvent): OrderState => {
  if (event.type === 'OrderPlaced') return placed(event);
  if (state.status === 'none') return state;
  const o = state as Order;
  switch (event.type) {
    case 'OrderFraudHoldPlaced':
      return { ...o, fraud: { ...o.fraud, onHold: true, reasons: event.data.reasons } };
    case 'OrderFraudReviewApproved':
    case 'OrderFraudReviewRejected':
      return { ...o, fraud: { ...o.fraud, onHold: false, reviews: o.fraud.reviews + 1 } };
    case 'OrderPaymentAuthorized': {
      const d = event.data;
      const t = { ...newTender(o, d.tenderId, d.method, 'authorized', d.amount), authorized: d.amount, captured: d.capturedAtAuthorization };
      return { ...o, tenders: upsertTender(o.tenders, t), lastPaymentOutcome: 'authorized', paymentCleared: o.paymentCleared || d.coversOrder };
    }
    case 'OrderPaymentMarkedPending':
      return { ...o, tenders: upsertTender(o.tenders, newTender(o, event.data.tenderId, event.data.method, 'pending', event.data.amount)), lastPaymentOutcome: 'pending' };
    case 'OrderPaymentDeclined':
      return { ...o, tenders: upsertTender(o.tenders, newTender(o, event.data.tenderId, event.data.method, 'declined', event.data.amount)), lastPaymentOutcome: 'declined' };
    case 'OrderSourcingRecorded': {
      const next = withMoves(o, event.data.moves);
      return mapLines(next, (l) => {
        const p = event.data.preorders.find((x) => x.lineId === l.lineId);
        return p === undefined ? l : { ...l, preorderExpectedAt: p.expectedAt };
      });
    }
    case 'OrderLinesReleased':
    case 'OrderLinesResourced':
    case 'OrderLinesPicked':
    case 'OrderLinesPacked':
      return withMoves(o, event.data.moves);
    case 'OrderReleaseAccepted':
      return { ...o, acceptedNodes: [...o.acceptedNodes, event.data.node] };
    case 'OrderReleaseRejected': {
      const rejected = new Set(event.data.moves.map((m) => m.lineId));
      return mapLines(withMoves(o, event.data.moves), (l) =>
        rejected.has(l.lineId) && !l.rejectedBy.includes(event.data.node) ? { ...l, rejectedBy: [...l.rejectedBy, event.data.node] } : l,
      );
    }
    case 'OrderShipmentShipped': {
      const d = event.data;
      const next = withFulfilment(withMoves(o, d.moves), d.fulfilment);
      const shipment = {
        shipmentId: d.shipmentId,
        node: d.node,
        lines: d.lines,
        carrier: d.carrier,
        trackingNumber: d.trackingNumber,
        shippedAt: d.shippedAt,
        captured: d.fulfilment?.capture.amount ?? toJson(zero(o.currency)),
      };
      return { ...next, shipments: [...next.shipments, shipment] };
    }
    case 'OrderShipmentDelivered': {
      const next = withMoves(o, event.data.moves);
      return { ...next, shipments: next.shipments.map((s) => (s.shipmentId === event.data.shipmentId ? { ...s, deliveredAt: event.data.deliveredAt } : s)) };
    }
    case 'OrderMadeReadyForPickup':
      return { ...withMoves(o, event.data.moves), pickup: { node: event.data.node, deadline: event.data.deadline } };
    case 'OrderPickedUp':
      return withFulfilment(withMoves(o, event.data.moves), event.data.fulfilment);
    case 'OrderPickupExpired':
    case 'OrderCancelled':
    case 'OrderLinesCancelled':
    case 'OrderLineQuantityReduced':
      return withChange(o, event.data);
    case 'OrderShippingAddressChanged':
      return { ...withChange(o, event.data), destination: event.data.destination };
    case 'OrderDeliveryMethodChanged': {
      const { destination: _d, pickupNode: _p, ...rest } = withChange(o, event.data);
      return {
        ...rest,
        deliveryMethod: event.data.deliveryMethod,
        ...(event.data.destination ? { destination: event.data.destination } : {}),
        ...(event.data.pickupNode ? { pickupNode: event.data.pickupNode } : {}),
      };
    }
    case 'OrderSwitchedToPickup': {
      const { destination: _d, ...rest } = withChange(o, event.data);
      const repointed = new Set(event.data.stockToRelease.filter((s) => s.stage === 'open').map((s) => s.lineId));
      return mapLines({ ...rest, deliveryMethod: 'pickup', pickupNode: event.data.pickupNode }, (l) => {
        if (!repointed.has(l.lineId)) return l;
        const { reservationId: _r, ...line } = l;
        return { ...line, proposedNode: event.data.pickupNode };
      });
    }
    case 'OrderPromiseRevised':
      return { ...o, promise: event.data.promise };
    case 'OrderCompleted':
      return { ...o, completed: true, tenders: applySettlement(o.tenders, event.data.settlement) };
    case 'OrderStatusChanged':
      return { ...o, status: event.data.to, history: [...o.history, event.data] };
    case 'OrderTrackingTokenIssued':
      return { ...o, trackingTokenHash: event.data.tokenHash, trackingToken: { generation: event.data.generation, revoked: false } };
    case 'OrderTrackingTokenRevoked':
      return { ...o, trackingToken: { generation: event.data.generation, revoked: true } };
    default: {
      const unknown: never = event;
      throw new Error(`unknown order event ${(unknown as { type: string }).type}`);
    }
  }
};
