import type { LineQuantity, NodeAllocation } from '../commands.js';
import type { StockRelease, UnitMove } from '../events.js';
import type { Order } from '../state.js';
import type { LineStage } from '../status.js';
import { planned, refuse, type Planned } from './result.js';
import { workingLines, type WorkingLines } from './workingLines.js';

const short = (lineId: string, requested: number, available: number, from: readonly LineStage[], node?: string) =>
  refuse('QUANTITY_NOT_AVAILABLE', `line ${lineId}: ${requested} requested, ${available} in ${from.join('/')}${node ? ` at ${node}` : ''}`, {
    lineId,
    requested,
    available,
    ...(node ? { node } : {}),
  });

/** Pickup orders are fulfilled by the pickup store itself; ship-to-store may source anywhere. */
const pickupNodeCheck = (order: Order, allocations: readonly NodeAllocation[]) => {
  if (order.deliveryMethod !== 'pickup') return null;
  const wrong = allocations.find((a) => a.node !== order.pickupNode);
  return wrong === undefined
    ? null
    : refuse('PICKUP_NODE_MISMATCH', `pickup order must be sourced from ${order.pickupNode}, not ${wrong.node}`, { node: wrong.node, pickupNode: order.pickupNode });
};

const takeAll = (w: WorkingLines, requests: readonly { lineId: string; quantity: number; node?: string }[], from: readonly LineStage[], to: (node?: string) => LineStage, atNode: boolean) => {
  for (const r of requests) {
    const available = w.available(r.lineId, from);
    const got = w.take(r.lineId, from, r.quantity, () => (atNode && r.node !== undefined ? { stage: to(r.node), node: r.node } : { stage: to(r.node) }));
    if (got < r.quantity) return short(r.lineId, r.quantity, available, from);
  }
  return null;
};

export type SourcingPlan = Readonly<{ moves: UnitMove[]; preorders: { lineId: string; expectedAt: string }[] }>;

/**
 * Initial sourcing and later allocation of backordered/preordered units: allocations take open
 * units first, then backordered, then preordered ones; backorders and preorders take open units.
 */
export const planSourcing = (
  order: Order,
  data: { allocations: readonly NodeAllocation[]; backordered?: readonly LineQuantity[]; preordered?: readonly { lineId: string; quantity: number; expectedAt: string }[] },
): Planned<SourcingPlan> => {
  const wrongNode = pickupNodeCheck(order, data.allocations);
  if (wrongNode) return wrongNode;
  const w = workingLines(order);
  const failed =
    takeAll(w, data.allocations, ['open', 'backordered', 'preordered'], () => 'allocated', true) ??
    takeAll(w, data.backordered ?? [], ['open'], () => 'backordered', false) ??
    takeAll(w, data.preordered ?? [], ['open', 'backordered'], () => 'preordered', false);
  if (failed) return failed;
  if (w.moves.length === 0) return refuse('NOTHING_TO_SOURCE', 'the sourcing result moves no units');
  return planned({ moves: w.moves, preorders: (data.preordered ?? []).map((p) => ({ lineId: p.lineId, expectedAt: p.expectedAt })) });
};

/** Re-sourcing after a node rejection: never back to a node that already rejected the line. */
export const planResourcing = (
  order: Order,
  data: { allocations: readonly NodeAllocation[]; backordered?: readonly LineQuantity[] },
): Planned<UnitMove[]> => {
  const wrongNode = pickupNodeCheck(order, data.allocations);
  if (wrongNode) return wrongNode;
  const w = workingLines(order);
  for (const a of data.allocations) {
    if (w.line(a.lineId).rejectedBy.includes(a.node)) {
      return refuse('NODE_ALREADY_REJECTED', `node ${a.node} already rejected line ${a.lineId}`, { lineId: a.lineId, node: a.node });
    }
  }
  const failed =
    takeAll(w, data.allocations, ['needs_resourcing'], () => 'allocated', true) ?? takeAll(w, data.backordered ?? [], ['needs_resourcing'], () => 'backordered', false);
  if (failed) return failed;
  if (w.moves.length === 0) return refuse('NOTHING_TO_RESOURCE', 'no units need re-sourcing');
  return planned(w.moves);
};

/** Units at a node in `from`: the requested ones, or all of them when no lines are given. */
const takeAtNode = (order: Order, node: string, lines: readonly LineQuantity[] | undefined, from: readonly LineStage[], to: (node: string) => { stage: LineStage; node?: string }) => {
  const w = workingLines(order);
  const requests = lines ?? order.lines.map((l) => ({ lineId: l.lineId, quantity: w.available(l.lineId, from, node) })).filter((r) => r.quantity > 0);
  for (const r of requests) {
    const available = w.available(r.lineId, from, node);
    if (w.take(r.lineId, from, r.quantity, () => to(node), node) < r.quantity) return short(r.lineId, r.quantity, available, from, node);
  }
  return planned(w.moves);
};

export const planRelease = (order: Order, node: string, lines?: readonly LineQuantity[]): Planned<UnitMove[]> => {
  const p = takeAtNode(order, node, lines, ['allocated'], (n) => ({ stage: 'released', node: n }));
  if (p.ok && p.value.length === 0) return refuse('NOTHING_TO_RELEASE', `nothing is allocated at ${node}`, { node });
  return p;
};

export type RejectionPlan = Readonly<{ moves: UnitMove[]; stockToRelease: StockRelease[] }>;

/** A node refusing released work: the units go back to "needs re-sourcing" and its stock is freed. */
export const planRejection = (order: Order, node: string, lines?: readonly LineQuantity[]): Planned<RejectionPlan> => {
  const p = takeAtNode(order, node, lines, ['released'], () => ({ stage: 'needs_resourcing' }));
  if (!p.ok) return p;
  if (p.value.length === 0) return refuse('NOTHING_RELEASED_TO_NODE', `nothing released to ${node} is waiting to be picked`, { node });
  const skuOf = (lineId: string) => order.lines.find((l) => l.lineId === lineId)!.sku;
  return planned({
    moves: p.value,
    stockToRelease: p.value.map((m) => ({ lineId: m.lineId, sku: skuOf(m.lineId), node, stage: 'released', quantity: m.quantity })),
  });
};

export const planAtNode = takeAtNode;
