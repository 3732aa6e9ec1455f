import { availableToSell, type InventoryState, type ReleaseReason, type Reservation } from '../../domain/inventory/index.js';
import type { Order, OrderLine } from '../../domain/order/index.js';
import { unitsIn } from '../../domain/order/units.js';
import { DomainError } from '../../domain/shared/errors.js';
import { deriveCommandId } from '../eventIds.js';
import { unlessRefused, type FulfilmentContext, type Trigger } from './fulfilmentContext.js';

/**
 * Stock holds of an order, reconciled against the order's own facts. The inventory position is
 * the source of truth for what is held (reservations carry orderId and lineId); the order says
 * what should be: at a node, a line needs a hold for its units waiting there (open units at the
 * checkout node, allocated, released, picked, packed, and ready-for-pickup units of a pickup
 * order) plus units handed over from there whose consumption has not been recorded yet.
 * Reconciling instead of replaying event quantities makes every step idempotent: run twice, the
 * second run finds nothing to do.
 */
const AT_NODE_HOLDING = ['allocated', 'released', 'picked', 'packed'] as const;

export const activeHolds = (state: InventoryState, orderId: string, lineId: string): Reservation[] =>
  [...state.reservations.values()].filter((r) => r.orderId === orderId && r.lineId === lineId).sort((a, b) => a.seq - b.seq);

/** Units of a line consumed at this position (by any shipment or pickup), closed reservations included. */
export const consumedUnits = (state: InventoryState, orderId: string, lineId: string, shipmentId?: string): number => {
  let total = 0;
  for (const r of [...state.reservations.values(), ...state.closedReservations.values()]) {
    if (r.orderId !== orderId || r.lineId !== lineId) continue;
    for (const s of r.shipments) if (shipmentId === undefined || s.shipmentId === shipmentId) total += s.quantity;
  }
  return total;
};

/** Units of the line handed to a carrier or the customer from this node (whose stock must be consumed). */
export const handedOverFrom = (order: Order, line: OrderLine, node: string): number => {
  const shipped = order.shipments
    .filter((s) => s.node === node)
    .reduce((n, s) => n + s.lines.filter((l) => l.lineId === line.lineId).reduce((m, l) => m + l.quantity, 0), 0);
  return shipped + (order.deliveryMethod === 'pickup' ? unitsIn(line, 'picked_up', node) : 0);
};

/** Units waiting at the node (not yet handed over) that need stock held. */
export const waitingAt = (order: Order, line: OrderLine, node: string, withOpen = true): number =>
  unitsIn(line, [...AT_NODE_HOLDING], node) +
  (order.deliveryMethod === 'pickup' ? unitsIn(line, 'ready_for_pickup', node) : 0) +
  (withOpen && node === line.proposedNode ? unitsIn(line, 'open') : 0);

export const desiredHold = (order: Order, line: OrderLine, node: string, state: InventoryState): number =>
  waitingAt(order, line, node) + Math.max(0, handedOverFrom(order, line, node) - consumedUnits(state, order.orderId, line.lineId));

/** Every node a line's stock may sit at: checkout node, nodes of its units, shipments, rejecting nodes. */
export const knownNodes = (order: Order, line: OrderLine, extra: readonly string[] = []): string[] => {
  const nodes = new Set<string>(extra);
  if (line.proposedNode) nodes.add(line.proposedNode);
  for (const u of line.units) if (u.node) nodes.add(u.node);
  for (const n of line.rejectedBy) nodes.add(n);
  for (const s of order.shipments) if (s.lines.some((l) => l.lineId === line.lineId)) nodes.add(s.node);
  if (order.pickupNode) nodes.add(order.pickupNode);
  return [...nodes].sort();
};

/**
 * Brings the holds of one line at one node down to what the order needs there. Inventory releases
 * whole reservations only, so a hold larger than needed is released and the part still needed is
 * reserved again at once under an id derived from the old one (a gap a concurrent buyer could
 * only hit in the same instant; if they do, the shortfall is reported, not hidden).
 */
export const reconcileHold = async (ctx: FulfilmentContext, trigger: Trigger, order: Order, line: OrderLine, node: string, reason: ReleaseReason): Promise<void> => {
  const state = await ctx.loadPosition(node, line.sku);
  const holds = activeHolds(state, order.orderId, line.lineId);
  const held = holds.reduce((n, r) => n + r.quantity, 0);
  let excess = held - desiredHold(order, line, node, state);
  // Newest first: the checkout hold (oldest) is the one most likely to be consumed next.
  for (const r of [...holds].reverse()) {
    if (excess <= 0) {
      // A hold the order needs stops expiring (e.g. taken at the store by a switch to pickup).
      if (r.status === 'held') await unlessRefused(['RESERVATION_EXPIRED'], () => confirm(ctx, trigger, node, line.sku, r.reservationId));
      continue;
    }
    await ctx.inventory(trigger, `release:${node}:${r.reservationId}`, {
      type: 'ReleaseReservation', data: { nodeId: node, sku: line.sku, reservationId: r.reservationId, reason },
    });
    const keep = r.quantity - excess;
    excess -= r.quantity;
    if (keep > 0) {
      const kept = await reserveAt(ctx, trigger, `keep:${r.reservationId}`, order, line, node, keep);
      if (kept.quantity < keep) {
        throw new DomainError('HOLD_SHORTFALL', `re-reserving ${keep} of ${line.sku} at ${node} for ${order.orderId}/${line.lineId} got ${kept.quantity}`, 409, { node, sku: line.sku });
      }
      if (kept.reservationId) await confirm(ctx, trigger, node, line.sku, kept.reservationId);
    }
  }
};

export const reconcileLine = async (ctx: FulfilmentContext, trigger: Trigger, order: Order, line: OrderLine, reason: ReleaseReason, extraNodes: readonly string[] = []) => {
  for (const node of knownNodes(order, line, extraNodes)) await reconcileHold(ctx, trigger, order, line, node, reason);
};

export type Reserved = Readonly<{ reservationId: string | undefined; quantity: number }>;

/** Reservation ids the process creates: derived like command ids, so a replay finds its own hold. */
export const reservationIdFor = (trigger: Trigger, purpose: string): string => `rsv-${deriveCommandId(trigger.id, `reservation:${purpose}`)}`;

/**
 * Holds up to `quantity` units for the line at the node (what the position can give). The hold
 * expires unless confirmed: if the process dies before the order records the allocation, the
 * reaper gives the stock back. A replayed reserve reports the reservation as it is now.
 */
export const reserveAt = async (
  ctx: FulfilmentContext, trigger: Trigger, purpose: string, order: Order, line: OrderLine, node: string, quantity: number,
): Promise<Reserved> => {
  const state = await ctx.loadPosition(node, line.sku);
  const reservationId = reservationIdFor(trigger, purpose);
  const existing = state.reservations.get(reservationId);
  if (existing) return { reservationId, quantity: existing.quantity };
  if (state.closedReservations.has(reservationId)) return { reservationId: undefined, quantity: 0 };
  const q = Math.min(quantity, availableToSell(state));
  if (q <= 0) return { reservationId: undefined, quantity: 0 };
  const expiresAt = new Date(ctx.clock().getTime() + ctx.settings.holdTtlMs).toISOString();
  try {
    await ctx.inventory(trigger, `reserve:${purpose}`, {
      type: 'ReserveStock', data: { nodeId: node, sku: line.sku, reservationId, orderId: order.orderId, lineId: line.lineId, quantity: q, expiresAt },
    });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'OUT_OF_STOCK') return { reservationId: undefined, quantity: 0 };
    throw error;
  }
  return { reservationId, quantity: q };
};

export const confirm = async (ctx: FulfilmentContext, trigger: Trigger, node: string, sku: string, reservationId: string): Promise<void> => {
  await ctx.inventory(trigger, `confirm:${node}:${reservationId}`, { type: 'ConfirmReservation', data: { nodeId: node, sku, reservationId } });
};

/** Confirms the line's held (unconfirmed) reservations at the node so they stop expiring. */
export const confirmHolds = async (ctx: FulfilmentContext, trigger: Trigger, orderId: string, line: OrderLine, node: string): Promise<number> => {
  const state = await ctx.loadPosition(node, line.sku);
  let confirmed = 0;
  for (const r of activeHolds(state, orderId, line.lineId)) {
    if (r.status === 'held') {
      await confirm(ctx, trigger, node, line.sku, r.reservationId);
      confirmed += r.quantity;
    }
  }
  return confirmed;
};

/**
 * Takes the shipped (or collected) units of a line out of the node's holds, oldest hold first.
 * Idempotent per shipment: what this shipment already consumed is not consumed again.
 */
export const consumeFor = async (
  ctx: FulfilmentContext, trigger: Trigger, order: Order, line: OrderLine, node: string, shipmentId: string, quantity: number,
): Promise<number> => {
  const state = await ctx.loadPosition(node, line.sku);
  let left = quantity - consumedUnits(state, order.orderId, line.lineId, shipmentId);
  for (const r of activeHolds(state, order.orderId, line.lineId)) {
    if (left <= 0) break;
    if (r.shipments.some((s) => s.shipmentId === shipmentId)) continue;
    const q = Math.min(left, r.quantity);
    await ctx.inventory(trigger, `consume:${node}:${r.reservationId}`, {
      type: 'ConsumeReservation', data: { nodeId: node, sku: line.sku, reservationId: r.reservationId, shipmentId, quantity: q },
    });
    left -= q;
  }
  if (left > 0) {
    throw new DomainError('NO_HOLD_TO_CONSUME', `${left} units of ${line.sku} left ${node} for ${order.orderId}/${line.lineId} without a reservation`, 409, {
      node, sku: line.sku, shipmentId, missing: left,
    });
  }
  return quantity;
};
