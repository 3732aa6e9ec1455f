import { fromJson, toJson, money } from '../../../../../domain/shared/money.js';
import {
  activeQuantity, balanceDue, cancellableQuantity, orderTotals, type LineStage, type Order, type OrderCommand, type OrderCommandType, type OrderState,
} from '../../../../../domain/order/index.js';
import { BERLIN, command, later, placeOrder, reprice, T0 } from './fixtures.js';

/**
 * Builds plausible commands of a given type for an order's current facts, in a few variants
 * (all / partial, one node or another). Used by the table tests (every row allowed at least once)
 * and by the property test (random walks of allowed commands). May return [] when nothing fits.
 */

const NODES = ['dc-paris', 'dc-lyon', 'dc-lille'];

const nodesWith = (o: Order, stages: readonly LineStage[]): string[] =>
  [...new Set(o.lines.flatMap((l) => l.units.filter((u) => stages.includes(u.stage) && u.node).map((u) => u.node!)))].sort();

const at = (o: Order, lineId: string, stages: readonly LineStage[], node?: string): number =>
  o.lines.find((l) => l.lineId === lineId)!.units.filter((u) => stages.includes(u.stage) && (node === undefined || u.node === node)).reduce((n, u) => n + u.quantity, 0);

const linesAt = (o: Order, stages: readonly LineStage[], node?: string) =>
  o.lines.map((l) => ({ lineId: l.lineId, quantity: at(o, l.lineId, stages, node) })).filter((l) => l.quantity > 0);

const total = (o: Order) => fromJson(orderTotals(o).total);
const tenderId = (o: Order) => `tender-${o.tenders.length + 1}`;

export const commandsFor = (state: OrderState, type: OrderCommandType, now: string): OrderCommand[] => {
  if (state.status === 'none') {
    return type === 'PlaceOrder' ? [placeOrder(), placeOrder({ deliveryMethod: 'pickup' }), placeOrder({ deliveryMethod: 'ship_to_store' })] : [];
  }
  const o = state as Order;
  const c = <C extends OrderCommand>(t: C['type'], data: C['data'], when = now) => command<C>(t, data, when);
  switch (type) {
    case 'PlaceOrder':
      return [placeOrder({ orderId: o.orderId })];
    case 'PlaceOnFraudHold':
      return [c('PlaceOnFraudHold', { reasons: ['velocity: 3 cards in 10 minutes'] })];
    case 'ApproveReview':
      return [c('ApproveReview', { note: 'customer verified by phone' })];
    case 'RejectReview':
      return [c('RejectReview', { reasons: ['card reported stolen'] })];
    case 'RecordPaymentAuthorized': {
      const due = balanceDue(o.tenders, total(o));
      if (due.amount.isZero()) return [c('RecordPaymentAuthorized', { tenderId: tenderId(o), method: 'card', amount: { amount: '5.00', currency: o.currency } })];
      const half = money(due.amount.dividedBy(2).toDecimalPlaces(2), o.currency);
      return [
        c('RecordPaymentAuthorized', { tenderId: tenderId(o), method: 'card', amount: toJson(due) }),
        c('RecordPaymentAuthorized', { tenderId: tenderId(o), method: 'gift_card', amount: toJson(due), captured: true }),
        c('RecordPaymentAuthorized', { tenderId: tenderId(o), method: 'card', amount: toJson(half) }),
      ];
    }
    case 'RecordPaymentPending':
      return [c('RecordPaymentPending', { tenderId: tenderId(o), method: 'bank_transfer', amount: orderTotals(o).total })];
    case 'RecordPaymentDeclined':
      return [c('RecordPaymentDeclined', { tenderId: tenderId(o), method: 'card', amount: orderTotals(o).total, reason: 'insufficient funds' })];
    case 'RecordSourcing': {
      const source = linesAt(o, ['open', 'backordered', 'preordered']);
      const open = linesAt(o, ['open']);
      if (source.length === 0) return [];
      const nodeFor = (lineId: string) => (o.deliveryMethod === 'pickup' ? o.pickupNode! : o.lines.find((l) => l.lineId === lineId)!.proposedNode ?? 'dc-paris');
      const [first, ...rest] = source;
      const restOpen = open.filter((l) => l.lineId !== first!.lineId);
      return [
        c('RecordSourcing', { allocations: source.map((l) => ({ ...l, node: nodeFor(l.lineId) })) }),
        c('RecordSourcing', { allocations: [{ ...first!, node: nodeFor(first!.lineId) }], backordered: restOpen }),
        c('RecordSourcing', { allocations: [{ ...first!, node: nodeFor(first!.lineId) }], preordered: restOpen.map((l) => ({ ...l, expectedAt: later(24 * 30) })) }),
        ...(rest.length > 0 ? [c('RecordSourcing', { allocations: [{ ...first!, node: nodeFor(first!.lineId) }] })] : []),
        ...(open.length > 0 ? [c('RecordSourcing', { allocations: [], backordered: open })] : []),
      ];
    }
    case 'Resourced': {
      const waiting = linesAt(o, ['needs_resourcing']);
      if (waiting.length === 0) return [];
      const candidates = o.deliveryMethod === 'pickup' ? [o.pickupNode!] : NODES;
      const allocations = waiting.flatMap((l) => {
        const node = candidates.find((n) => !o.lines.find((x) => x.lineId === l.lineId)!.rejectedBy.includes(n));
        return node ? [{ ...l, node }] : [];
      });
      return [
        ...(allocations.length > 0 ? [c('Resourced', { allocations })] : []),
        c('Resourced', { allocations: [], backordered: waiting }),
      ];
    }
    case 'ReleaseToNode':
      return nodesWith(o, ['allocated']).flatMap((node) => {
        const lines = linesAt(o, ['allocated'], node);
        return [c('ReleaseToNode', { node }), c('ReleaseToNode', { node, lines: [{ lineId: lines[0]!.lineId, quantity: 1 }] })];
      });
    case 'NodeAccepted':
      return nodesWith(o, ['released', 'picked', 'packed', 'shipped']).map((node) => c('NodeAccepted', { node }));
    case 'NodeRejected':
      return nodesWith(o, ['released']).map((node) => c('NodeRejected', { node, reason: 'stock not found on shelf' }));
    case 'RecordPicked':
      return nodesWith(o, ['released']).map((node) => c('RecordPicked', { node, lines: linesAt(o, ['released'], node) }));
    case 'RecordPacked':
      return nodesWith(o, ['picked', 'released']).map((node) => c('RecordPacked', { node, lines: linesAt(o, ['picked', 'released'], node) }));
    case 'RecordShipped': {
      const id = `shp-${o.shipments.length + 1}`;
      return nodesWith(o, ['packed', 'picked', 'released']).flatMap((node) => {
        const lines = linesAt(o, ['packed', 'picked', 'released'], node);
        const ship = (ls: typeof lines) => c('RecordShipped', { shipmentId: id, node, lines: ls, carrier: 'colissimo', trackingNumber: `6A${o.shipments.length + 1}`, shippedAt: now });
        return [ship(lines), ship([{ lineId: lines[0]!.lineId, quantity: 1 }])];
      });
    }
    case 'RecordDelivered':
      return o.shipments.filter((s) => s.deliveredAt === undefined).map((s) => c('RecordDelivered', { shipmentId: s.shipmentId, deliveredAt: now }));
    case 'MarkReadyForPickup':
      return o.pickupNode ? [c('MarkReadyForPickup', { node: o.pickupNode, deadline: later(72, now) })] : [];
    case 'RecordPickedUp': {
      if (!o.pickupNode) return [];
      const ready = linesAt(o, ['ready_for_pickup'], o.pickupNode);
      return [
        c('RecordPickedUp', { node: o.pickupNode, pickedUpAt: now }),
        ...(ready.length > 0 ? [c('RecordPickedUp', { node: o.pickupNode, pickedUpAt: now, lines: [{ lineId: ready[0]!.lineId, quantity: 1 }] })] : []),
      ];
    }
    case 'ExpirePickup':
      return o.pickup ? [c('ExpirePickup', {}, later(1, o.pickup.deadline))] : [];
    case 'CancelOrder':
      return [c('CancelOrder', { reason: 'customer changed their mind' })];
    case 'CancelLines':
      return o.lines
        .filter((l) => cancellableQuantity(l) > 0)
        .flatMap((l) => [
          c('CancelLines', { lines: [{ lineId: l.lineId, quantity: 1 }], reason: 'customer request' }),
          c('CancelLines', { lines: [{ lineId: l.lineId, quantity: cancellableQuantity(l) }], reason: 'out of stock everywhere' }),
        ]);
    case 'ChangeShippingAddress':
      return [c('ChangeShippingAddress', { destination: BERLIN, pricing: reprice(o, o.deliveryMethod, 'DE'), reason: 'moved' })];
    case 'ChangeDeliveryMethod': {
      const target = o.deliveryMethod === 'express' ? 'standard' : 'express';
      return [
        c('ChangeDeliveryMethod', { deliveryMethod: target, ...(o.destination ? {} : { destination: BERLIN }), pricing: reprice(o, target, o.destination?.country ?? 'DE'), reason: 'needs it sooner' }),
        c('ChangeDeliveryMethod', { deliveryMethod: 'ship_to_store', pickupNode: 'store-lyon', pricing: reprice(o, 'ship_to_store'), reason: 'collect at work' }),
      ];
    }
    case 'ReduceLineQuantity':
      return o.lines
        .filter((l) => activeQuantity(l) >= 2)
        .map((l) => c('ReduceLineQuantity', { lineId: l.lineId, quantity: activeQuantity(l) - 1, pricing: reprice(o, o.deliveryMethod, undefined, { [l.lineId]: activeQuantity(l) - 1 }), reason: 'one is enough' }));
    case 'SwitchToPickup': {
      const node = o.pickupNode === 'store-lyon' && o.deliveryMethod === 'pickup' ? 'store-nice' : 'store-lyon';
      return [c('SwitchToPickup', { node, pricing: reprice(o, 'pickup', o.destination?.country ?? 'FR'), reason: 'will collect' })];
    }
    case 'RecordPromiseRevised':
      return [c('RecordPromiseRevised', { promise: { earliest: later(72, now), latest: later(120, now) }, reason: 'carrier delay' })];
    case 'Complete':
      return [c('Complete', {})];
    case 'IssueTrackingToken':
      return [c('IssueTrackingToken', { generation: (o.trackingToken?.generation ?? 0) + 1, tokenHash: `sha256:${'ab'.repeat(32)}`, reason: 'customer lost the link' })];
    case 'RevokeTrackingToken':
      return [c('RevokeTrackingToken', { reason: 'link leaked' })];
  }
};

/** A syntactically plausible command of any type, for refusal tests where the table decides first. */
export const blindCommand = (type: OrderCommandType): OrderCommand => {
  const sample: Partial<Record<OrderCommandType, unknown>> = {
    PlaceOrder: placeOrder().data,
    CancelLines: { lines: [{ lineId: 'L1', quantity: 1 }], reason: 'x' },
    RecordShipped: { shipmentId: 's', node: 'dc-paris', lines: [{ lineId: 'L1', quantity: 1 }], carrier: 'c', trackingNumber: 't', shippedAt: T0 },
  };
  return command(type, (sample[type] ?? {}) as never);
};

