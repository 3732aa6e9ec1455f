import type { LineQuantity } from '../commands.js';
import type { UnitMove } from '../events.js';
import type { Order } from '../state.js';
import { planned, refuse, type Planned } from './result.js';
import { planAtNode } from './sourcing.js';
import { workingLines } from './workingLines.js';

/** Picking and packing are optional scans: a node may ship straight from "released". */
export const planPick = (order: Order, node: string, lines: readonly LineQuantity[]): Planned<UnitMove[]> =>
  nonEmpty(planAtNode(order, node, lines, ['released'], (n) => ({ stage: 'picked', node: n })), node, 'pick');

export const planPack = (order: Order, node: string, lines: readonly LineQuantity[]): Planned<UnitMove[]> =>
  nonEmpty(planAtNode(order, node, lines, ['picked', 'released'], (n) => ({ stage: 'packed', node: n })), node, 'pack');

const nonEmpty = (p: Planned<UnitMove[]>, node: string, what: string): Planned<UnitMove[]> =>
  p.ok && p.value.length === 0 ? refuse('QUANTITY_NOT_AVAILABLE', `nothing to ${what} at ${node}`, { node }) : p;

export const planShip = (order: Order, data: { shipmentId: string; node: string; lines: readonly LineQuantity[] }): Planned<UnitMove[]> => {
  if (order.deliveryMethod === 'pickup') {
    return refuse('NOT_A_SHIPPING_ORDER', 'a pickup order is handed over at the store, not shipped', { deliveryMethod: order.deliveryMethod });
  }
  if (order.shipments.some((s) => s.shipmentId === data.shipmentId)) {
    return refuse('DUPLICATE_SHIPMENT', `shipment ${data.shipmentId} is already recorded`, { shipmentId: data.shipmentId });
  }
  return nonEmpty(planAtNode(order, data.node, data.lines, ['packed', 'picked', 'released'], (n) => ({ stage: 'shipped', node: n })), data.node, 'ship');
};

/** A home delivery: ship-to-store shipments arrive at the store and become ready for pickup instead. */
export const planDeliver = (order: Order, shipmentId: string): Planned<UnitMove[]> => {
  const shipment = order.shipments.find((s) => s.shipmentId === shipmentId);
  if (shipment === undefined) return refuse('UNKNOWN_SHIPMENT', `shipment ${shipmentId} is not on this order`, { shipmentId });
  if (order.deliveryMethod === 'ship_to_store') {
    return refuse('NOT_A_HOME_DELIVERY', 'ship-to-store shipments are made ready for pickup, not delivered', { shipmentId });
  }
  if (shipment.deliveredAt !== undefined) return refuse('SHIPMENT_ALREADY_DELIVERED', `shipment ${shipmentId} was delivered at ${shipment.deliveredAt}`, { shipmentId });
  const w = workingLines(order);
  for (const l of shipment.lines) w.take(l.lineId, ['shipped'], l.quantity, () => ({ stage: 'delivered', node: shipment.node }), shipment.node);
  return planned(w.moves);
};

const pickupOrder = (order: Order, node: string): Planned<null> => {
  if (order.deliveryMethod !== 'pickup' && order.deliveryMethod !== 'ship_to_store') {
    return refuse('NOT_A_PICKUP_ORDER', `a ${order.deliveryMethod} order is not collected in store`, { deliveryMethod: order.deliveryMethod });
  }
  if (node !== order.pickupNode) return refuse('WRONG_PICKUP_NODE', `the customer collects at ${order.pickupNode}, not ${node}`, { node, pickupNode: order.pickupNode });
  return planned(null);
};

/** Pickup: units prepared at the store; ship-to-store: units that arrived (shipped) from anywhere. */
export const planReady = (order: Order, node: string, lines?: readonly LineQuantity[]): Planned<UnitMove[]> => {
  const check = pickupOrder(order, node);
  if (!check.ok) return check;
  const w = workingLines(order);
  const fromStages = order.deliveryMethod === 'pickup' ? (['packed', 'picked', 'released'] as const) : (['shipped'] as const);
  const at = order.deliveryMethod === 'pickup' ? node : undefined;
  const requests = lines ?? order.lines.map((l) => ({ lineId: l.lineId, quantity: w.available(l.lineId, fromStages, at) }));
  for (const r of requests) {
    const available = w.available(r.lineId, fromStages, at);
    if (w.take(r.lineId, fromStages, r.quantity, () => ({ stage: 'ready_for_pickup', node }), at) < r.quantity) {
      return refuse('QUANTITY_NOT_AVAILABLE', `line ${r.lineId}: ${r.quantity} requested, ${available} can be made ready`, { lineId: r.lineId, requested: r.quantity, available });
    }
  }
  return w.moves.length === 0 ? refuse('NOTHING_TO_MAKE_READY', `nothing can be made ready at ${node}`, { node }) : planned(w.moves);
};

export const planPickup = (order: Order, node: string, lines?: readonly LineQuantity[]): Planned<UnitMove[]> => {
  const check = pickupOrder(order, node);
  if (!check.ok) return check;
  const p = planAtNode(order, node, lines, ['ready_for_pickup'], (n) => ({ stage: 'picked_up', node: n }));
  return p.ok && p.value.length === 0 ? refuse('NOTHING_READY_FOR_PICKUP', `nothing is waiting at ${node}`, { node }) : p;
};

/** Uncollected units are cancelled once the pickup deadline has passed (judged at the command's time). */
export const planExpiry = (order: Order, now: string): Planned<UnitMove[]> => {
  if (order.pickup === undefined) return refuse('NOTHING_READY_FOR_PICKUP', 'nothing was made ready for pickup');
  if (Date.parse(now) < Date.parse(order.pickup.deadline)) {
    return refuse('PICKUP_NOT_EXPIRED', `the pickup deadline ${order.pickup.deadline} has not passed`, { deadline: order.pickup.deadline, now });
  }
  const p = planAtNode(order, order.pickup.node, undefined, ['ready_for_pickup'], () => ({ stage: 'cancelled' }));
  return p.ok && p.value.length === 0 ? refuse('NOTHING_READY_FOR_PICKUP', `nothing is waiting at ${order.pickup.node}`) : p;
};
