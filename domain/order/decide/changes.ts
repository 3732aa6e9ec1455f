import type { Actor } from '../../shared/decider.js';
import { fromJson } from '../../shared/money.js';
import type { PricingJson } from '../../pricing/pricingJson.js';
import { orderTotals, zeroAmounts } from '../amounts.js';
import { cancellationAmounts, finishChange } from '../change.js';
import type {
  CancelLines, CancelOrder, ChangeDeliveryMethod, ChangeShippingAddress, Complete, ExpirePickup, RecordPromiseRevised, ReduceLineQuantity, SwitchToPickup,
} from '../commands.js';
import type { LineAmountsUpdate, OrderCancelled, OrderChange, OrderEvent, StockRelease, UnitMove } from '../events.js';
import { settle } from '../payments.js';
import { planCancellation, planOrderCancellation, stockReleases, type CancellationPlan } from '../plan/cancellation.js';
import { planExpiry } from '../plan/fulfilment.js';
import { unwrap } from '../plan/result.js';
import { acceptPricing, type ExpectedLine } from '../reprice.js';
import type { Order } from '../state.js';
import { activeQuantity, applyMoves } from '../units.js';
import { actorOf, SYSTEM_ACTOR } from './common.js';

const cancellationChange = (order: Order, actor: Actor, reason: string, plan: CancellationPlan): OrderChange =>
  finishChange(order, { actor, reason, moves: plan.moves, stockToRelease: plan.stockToRelease, ...cancellationAmounts(order, plan.moves) });

export const cancelEverything = (order: Order, actor: Actor, reason: string): OrderCancelled => ({
  type: 'OrderCancelled',
  data: cancellationChange(order, actor, reason, unwrap(planOrderCancellation(order), order.status, 'CancelOrder')),
});

export const cancelOrder = (c: CancelOrder, order: Order): OrderEvent[] => [cancelEverything(order, actorOf(c.metadata), c.data.reason)];

export const cancelLines = (c: CancelLines, order: Order): OrderEvent[] => [
  { type: 'OrderLinesCancelled', data: cancellationChange(order, actorOf(c.metadata), c.data.reason, unwrap(planCancellation(order, c.data.lines), order.status, c.type)) },
];

export const expirePickup = (c: ExpirePickup, order: Order): OrderEvent[] => {
  const moves = unwrap(planExpiry(order, c.metadata.now), order.status, c.type);
  const change = cancellationChange(order, actorOf(c.metadata, SYSTEM_ACTOR), c.data.reason ?? 'not collected by the pickup deadline', {
    moves,
    stockToRelease: stockReleases(order, moves),
  });
  return [{ type: 'OrderPickupExpired', data: { ...change, node: order.pickup!.node, deadline: order.pickup!.deadline, at: c.metadata.now } }];
};

/**
 * An edit re-priced outside the aggregate: the pricing must cover exactly the lines still active
 * after the edit's unit moves; lines left without units keep zero amounts.
 */
const repricedChange = (
  order: Order,
  args: { actor: Actor; reason: string; pricing: PricingJson; moves?: UnitMove[]; stockToRelease?: StockRelease[] },
): OrderChange => {
  const moves = args.moves ?? [];
  const after = order.lines.map((l) => ({ ...l, units: applyMoves(l.units, moves.filter((m) => m.lineId === l.lineId)) }));
  const expected: ExpectedLine[] = after.filter((l) => activeQuantity(l) > 0).map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: activeQuantity(l) }));
  const accepted = acceptPricing(order.currency, expected, args.pricing);
  const lineAmounts: LineAmountsUpdate[] = order.lines.map((l) => {
    const priced = accepted.lines.get(l.lineId);
    return priced === undefined ? { lineId: l.lineId, amounts: zeroAmounts(order.currency) } : { lineId: l.lineId, amounts: priced.amounts, taxRate: priced.taxRate };
  });
  return finishChange(order, {
    actor: args.actor,
    reason: args.reason,
    moves,
    stockToRelease: args.stockToRelease ?? [],
    lineAmounts,
    shipping: accepted.shipping,
    taxInclusive: accepted.taxInclusive,
  });
};

export const changeShippingAddress = (c: ChangeShippingAddress, order: Order): OrderEvent[] => [
  {
    type: 'OrderShippingAddressChanged',
    data: {
      ...repricedChange(order, { actor: actorOf(c.metadata), reason: c.data.reason, pricing: c.data.pricing }),
      destination: c.data.destination,
      ...(order.destination ? { previousDestination: order.destination } : {}),
    },
  },
];

export const changeDeliveryMethod = (c: ChangeDeliveryMethod, order: Order): OrderEvent[] => {
  const toStore = c.data.deliveryMethod === 'ship_to_store';
  const destination = toStore ? undefined : c.data.destination ?? order.destination;
  return [
    {
      type: 'OrderDeliveryMethodChanged',
      data: {
        ...repricedChange(order, { actor: actorOf(c.metadata), reason: c.data.reason, pricing: c.data.pricing }),
        deliveryMethod: c.data.deliveryMethod,
        previousDeliveryMethod: order.deliveryMethod,
        ...(destination ? { destination } : {}),
        ...(toStore ? { pickupNode: c.data.pickupNode! } : {}),
      },
    },
  ];
};

export const reduceLineQuantity = (c: ReduceLineQuantity, order: Order): OrderEvent[] => {
  const line = order.lines.find((l) => l.lineId === c.data.lineId)!;
  const previousQuantity = activeQuantity(line);
  const plan = unwrap(planCancellation(order, [{ lineId: line.lineId, quantity: previousQuantity - c.data.quantity }]), order.status, c.type);
  return [
    {
      type: 'OrderLineQuantityReduced',
      data: {
        ...repricedChange(order, { actor: actorOf(c.metadata), reason: c.data.reason, pricing: c.data.pricing, ...plan }),
        lineId: line.lineId,
        quantity: c.data.quantity,
        previousQuantity,
      },
    },
  ];
};

/**
 * Switching to pickup moves every allocation to the pickup store and re-points checkout
 * reservations there; the stock held elsewhere is listed for release (the application reserves
 * at the store before sending the command).
 */
export const switchToPickup = (c: SwitchToPickup, order: Order): OrderEvent[] => {
  const node = c.data.node;
  const moves: UnitMove[] = order.lines.flatMap((l) =>
    l.units
      .filter((u) => u.stage === 'allocated' && u.node !== node)
      .map((u) => ({ lineId: l.lineId, quantity: u.quantity, from: { stage: u.stage, node: u.node! }, to: { stage: 'allocated' as const, node } })),
  );
  const openElsewhere: UnitMove[] = order.lines.flatMap((l) => {
    const open = l.units.find((u) => u.stage === 'open');
    return open && l.proposedNode !== node ? [{ lineId: l.lineId, quantity: open.quantity, from: { stage: 'open' as const }, to: { stage: 'open' as const } }] : [];
  });
  const stockToRelease = [...stockReleases(order, moves), ...stockReleases(order, openElsewhere)];
  return [
    {
      type: 'OrderSwitchedToPickup',
      data: {
        ...repricedChange(order, { actor: actorOf(c.metadata), reason: c.data.reason, pricing: c.data.pricing, moves, stockToRelease }),
        pickupNode: node,
        previousDeliveryMethod: order.deliveryMethod,
      },
    },
  ];
};

export const recordPromiseRevised = (c: RecordPromiseRevised, order: Order): OrderEvent[] => [
  { type: 'OrderPromiseRevised', data: { promise: c.data.promise, ...(order.promise ? { previous: order.promise } : {}), reason: c.data.reason, at: c.metadata.now } },
];

/** Completion releases whatever authorization is left beyond what was captured. */
export const complete = (c: Complete, order: Order): OrderEvent[] => [
  { type: 'OrderCompleted', data: { at: c.metadata.now, settlement: settle(order.tenders, fromJson(orderTotals(order).total)) } },
];
