import { fromJson, toJson } from '../shared/money.js';
import { orderTotals } from './amounts.js';
import type { CommandOf, OrderCommandType } from './commands.js';
import { balanceDue } from './payments.js';
import { planCancellation, planOrderCancellation } from './plan/cancellation.js';
import { planDeliver, planExpiry, planPack, planPick, planPickup, planReady, planShip } from './plan/fulfilment.js';
import { allowed, refuse, type GuardResult, type Planned } from './plan/result.js';
import { planRejection, planRelease, planResourcing, planSourcing } from './plan/sourcing.js';
import type { Order } from './state.js';
import { activeQuantity } from './units.js';

/**
 * Guards: pure functions (order, command) → allowed | refusal with a stable code. They run after
 * the transition table accepted the (status, command) pair and before any event is decided.
 */
export type Guard<T extends OrderCommandType> = (order: Order, command: CommandOf<T>) => GuardResult;

const ok = <T>(p: Planned<T>): GuardResult => (p.ok ? allowed : p);

export const canSource: Guard<'RecordSourcing'> = (o, c) => ok(planSourcing(o, c.data));
export const canResource: Guard<'Resourced'> = (o, c) => ok(planResourcing(o, c.data));
export const canReject: Guard<'NodeRejected'> = (o, c) => ok(planRejection(o, c.data.node, c.data.lines));
export const canPick: Guard<'RecordPicked'> = (o, c) => ok(planPick(o, c.data.node, c.data.lines));
export const canPack: Guard<'RecordPacked'> = (o, c) => ok(planPack(o, c.data.node, c.data.lines));
export const canShip: Guard<'RecordShipped'> = (o, c) => ok(planShip(o, c.data));
export const canDeliver: Guard<'RecordDelivered'> = (o, c) => ok(planDeliver(o, c.data.shipmentId));
export const canMakeReady: Guard<'MarkReadyForPickup'> = (o, c) => ok(planReady(o, c.data.node, c.data.lines));
export const canHandOver: Guard<'RecordPickedUp'> = (o, c) => ok(planPickup(o, c.data.node, c.data.lines));
export const pickupExpired: Guard<'ExpirePickup'> = (o, c) => ok(planExpiry(o, c.metadata.now));
export const nothingHandedOver: Guard<'CancelOrder'> = (o) => ok(planOrderCancellation(o));
export const linesCancellable: Guard<'CancelLines'> = (o, c) => ok(planCancellation(o, c.data.lines));

/** No release while the customer owes money (an edit raised the total beyond the authorizations). */
export const canRelease: Guard<'ReleaseToNode'> = (o, c) => {
  const due = balanceDue(o.tenders, fromJson(orderTotals(o).total));
  if (!due.amount.isZero()) return refuse('BALANCE_DUE', `${toJson(due).amount} ${o.currency} must be authorized before release`, { balanceDue: toJson(due) });
  return ok(planRelease(o, c.data.node, c.data.lines));
};

/** Sale-type tenders (captured at once) may not take more than is owed; a card may over-authorize (voided later). */
export const saleWithinBalance: Guard<'RecordPaymentAuthorized'> = (o, c) => {
  if (c.data.captured !== true) return allowed;
  const due = balanceDue(o.tenders, fromJson(orderTotals(o).total));
  return fromJson(c.data.amount).amount.greaterThan(due.amount)
    ? refuse('AMOUNT_EXCEEDS_BALANCE', `a captured payment of ${c.data.amount.amount} exceeds the ${toJson(due).amount} still owed`, { balanceDue: toJson(due) })
    : allowed;
};

export const isHomeDelivery: Guard<'ChangeShippingAddress'> = (o) =>
  o.deliveryMethod === 'standard' || o.deliveryMethod === 'express'
    ? allowed
    : refuse('NOT_A_DELIVERY_ORDER', `a ${o.deliveryMethod} order has no shipping address; change the delivery method instead`, { deliveryMethod: o.deliveryMethod });

export const isNewPickupNode: Guard<'SwitchToPickup'> = (o, c) =>
  o.deliveryMethod === 'pickup' && o.pickupNode === c.data.node
    ? refuse('ALREADY_PICKUP_AT_NODE', `the order is already collected at ${c.data.node}`, { node: c.data.node })
    : allowed;

export const reducesQuantity: Guard<'ReduceLineQuantity'> = (o, c) => {
  const line = o.lines.find((l) => l.lineId === c.data.lineId)!;
  const active = activeQuantity(line);
  return c.data.quantity < active
    ? allowed
    : refuse('QUANTITY_NOT_REDUCED', `line ${line.lineId} has ${active} units; the new quantity must be lower (use CancelLines to remove it)`, {
        lineId: line.lineId,
        active,
        requested: c.data.quantity,
      });
};

/** A node can only acknowledge work it was given. */
export const hasReleasedTo: Guard<'NodeAccepted'> = (o, c) =>
  o.lines.some((l) => l.units.some((u) => u.node === c.data.node && u.stage !== 'allocated'))
    ? allowed
    : refuse('NOTHING_RELEASED_TO_NODE', `nothing was released to ${c.data.node}`, { node: c.data.node });
