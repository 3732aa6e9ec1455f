import { Decimal } from 'decimal.js';
import type { OrderChange, OrderEvent } from '../../domain/order/index.js';

/**
 * `kpi_orders`: the facts of one order that the KPIs are computed from (one document per order).
 * Everything the cube needs to attribute and measure the order — and nothing the cube could not
 * recompute from this document alone, so a change to any fact moves exactly the order's own
 * contribution (see kpiCells.ts).
 */
export type KpiFact = {
  _id: string;
  orderId: string;
  /** UTC day of placement (`YYYY-MM-DD`): the day the order counts on, whatever happens later. */
  day: string;
  placedAt: string;
  channel: string;
  currency: string;
  deliveryMethod: string;
  status: string;
  units: number;
  /** Current order total after post-purchase changes (decimal string, order currency). */
  total: string;
  promiseLatest: string | null;
  /** Units proposed per node at checkout, and allocated per node by sourcing: the primary node when nothing shipped yet. */
  proposed: Record<string, number>;
  allocated: Record<string, number>;
  /** Releases to and rejections by each node (store rejection rate). */
  releases: Record<string, number>;
  rejections: Record<string, number>;
  shipments: { shipmentId: string; node: string; carrier: string; units: number; shippedAt: string; deliveredAt: string | null }[];
  pickedUpUnits: number;
  handedOverAt: string | null;
  cancelledUnits: number;
  backorderedUnits: number;
  returnRequests: number;
  returnedUnits: number;
  /** Refunds of returns, by currency (decimal strings). */
  refunds: Record<string, string>;
  /** What sourcing estimated fulfilment would cost, by currency (sum of the checkout rounds' totalCost). */
  costToServe: Record<string, string>;
};

const addMoney = (map: Record<string, string>, currency: string, amount: string): Record<string, string> =>
  ({ ...map, [currency]: new Decimal(map[currency] ?? '0').plus(amount).toFixed() });

const bump = (map: Record<string, number>, key: string, by: number): Record<string, number> => ({ ...map, [key]: (map[key] ?? 0) + by });

type Moves = readonly Readonly<{ lineId: string; quantity: number; from: { stage: string; node?: string }; to: { stage: string; node?: string } }>[];

/** Allocation and backorder bookkeeping shared by every event that moves units. */
const applyMoves = (fact: KpiFact, moves: Moves): KpiFact => {
  let allocated = fact.allocated;
  let backordered = fact.backorderedUnits;
  let cancelled = fact.cancelledUnits;
  for (const m of moves) {
    if (m.to.stage === 'allocated' && m.to.node) allocated = bump(allocated, m.to.node, m.quantity);
    if (m.to.stage === 'backordered') backordered += m.quantity;
    if (m.to.stage === 'cancelled') cancelled += m.quantity;
  }
  return { ...fact, allocated, backorderedUnits: backordered, cancelledUnits: cancelled };
};

const placedFact = (event: Extract<OrderEvent, { type: 'OrderPlaced' }>): KpiFact => {
  const d = event.data;
  let proposed: Record<string, number> = {};
  for (const l of d.lines) if (l.proposedNode) proposed = bump(proposed, l.proposedNode, l.quantity);
  let cost: Record<string, string> = {};
  for (const round of d.checkout?.sourcing ?? []) {
    const c = round.decision.totalCost;
    if (c) cost = addMoney(cost, c.currency, c.amount);
  }
  return {
    _id: d.orderId,
    orderId: d.orderId,
    day: d.placedAt.slice(0, 10),
    placedAt: d.placedAt,
    channel: d.channel,
    currency: d.currency,
    deliveryMethod: d.deliveryMethod,
    status: 'placed',
    units: d.lines.reduce((n, l) => n + l.quantity, 0),
    total: d.totals.total.amount,
    promiseLatest: d.promise?.latest ?? null,
    proposed,
    allocated: {},
    releases: {},
    rejections: {},
    shipments: [],
    pickedUpUnits: 0,
    handedOverAt: null,
    cancelledUnits: 0,
    backorderedUnits: 0,
    returnRequests: 0,
    returnedUnits: 0,
    refunds: {},
    costToServe: cost,
  };
};

const later = (a: string | null, b: string): string => (a === null || b > a ? b : a);

/** Order events (stream `order-`). */
export const evolveKpiFactByOrderEvent = (fact: KpiFact | null, event: OrderEvent): KpiFact | null => {
  if (event.type === 'OrderPlaced') return placedFact(event);
  if (!fact) return null;
  const data = event.data as { moves?: Moves };
  let next = data.moves ? applyMoves(fact, data.moves) : fact;
  switch (event.type) {
    case 'OrderStatusChanged': return { ...next, status: event.data.to };
    case 'OrderDeliveryMethodChanged': return { ...next, deliveryMethod: event.data.deliveryMethod, total: event.data.totals.total.amount };
    case 'OrderSwitchedToPickup': return { ...next, deliveryMethod: 'pickup', total: event.data.totals.total.amount };
    case 'OrderPromiseRevised': return { ...next, promiseLatest: event.data.promise.latest };
    case 'OrderLinesReleased': return { ...next, releases: bump(next.releases, event.data.node, 1) };
    case 'OrderReleaseRejected': return { ...next, rejections: bump(next.rejections, event.data.node, 1) };
    case 'OrderShipmentShipped': {
      const d = event.data;
      const units = d.lines.reduce((n, l) => n + l.quantity, 0);
      return { ...next, shipments: [...next.shipments, { shipmentId: d.shipmentId, node: d.node, carrier: d.carrier, units, shippedAt: d.shippedAt, deliveredAt: null }] };
    }
    case 'OrderShipmentDelivered': {
      const d = event.data;
      return { ...next, handedOverAt: later(next.handedOverAt, d.deliveredAt), shipments: next.shipments.map((s) => (s.shipmentId === d.shipmentId ? { ...s, deliveredAt: d.deliveredAt } : s)) };
    }
    case 'OrderPickedUp': {
      const units = event.data.moves.reduce((n, m) => n + (m.to.stage === 'picked_up' ? m.quantity : 0), 0);
      return { ...next, pickedUpUnits: next.pickedUpUnits + units, handedOverAt: later(next.handedOverAt, event.data.pickedUpAt) };
    }
    default:
      if ('totals' in (event.data as object) && 'moneyDifference' in (event.data as object)) next = { ...next, total: (event.data as OrderChange).totals.total.amount };
      return next;
  }
};

type ReturnData = Readonly<{ orderId?: string; lines?: readonly Readonly<{ quantity?: number }>[]; total?: { amount: string; currency: string } }>;

/** Return events (stream `return-`) that carry the order id: requests count as returns, refunds as money back. */
export const evolveKpiFactByReturnEvent = (fact: KpiFact | null, type: string, raw: unknown): KpiFact | null => {
  if (!fact) return null;
  const data = (raw ?? {}) as ReturnData;
  if (type === 'ReturnRequested' || type === 'ExchangeRequested' || type === 'ClaimOpened') {
    const units = (data.lines ?? []).reduce((n, l) => n + (typeof l.quantity === 'number' ? l.quantity : 0), 0);
    return { ...fact, returnRequests: fact.returnRequests + 1, returnedUnits: fact.returnedUnits + units };
  }
  if (type === 'RefundIssued' && data.total) return { ...fact, refunds: addMoney(fact.refunds, data.total.currency, data.total.amount) };
  return fact;
};

/** The order a return event is about, when the event says (requests, rejections, receipts, refunds do). */
export const orderIdOfReturnEvent = (raw: unknown): string | undefined => {
  const id = (raw as ReturnData | null)?.orderId;
  return typeof id === 'string' ? id : undefined;
};
