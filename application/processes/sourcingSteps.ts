import { balanceDue, orderTotals, type LineQuantity, type NodeAllocation, type Order, type OrderLine } from '../../domain/order/index.js';
import { unitsIn } from '../../domain/order/units.js';
import { fromJson } from '../../domain/shared/money.js';
import { DomainError } from '../../domain/shared/errors.js';
import type { FulfilmentContext, Trigger } from './fulfilmentContext.js';
import { unlessRefused } from './fulfilmentContext.js';
import { activeHolds, confirm, desiredHold, reserveAt } from './reservationSteps.js';

/**
 * Sourcing after payment: allocate open units (backed by the checkout hold, or reserved anew),
 * re-source units a node rejected (never back to a node that rejected the line), and release
 * allocated work to the nodes. Every allocation is reserved on the inventory position first and
 * confirmed only once the order has recorded it: a hold the order never took expires by itself.
 */
type Need = Readonly<{ line: OrderLine; quantity: number; preferred: readonly string[]; excluded: readonly string[] }>;
type Allocation = NodeAllocation & Readonly<{ reservationId: string; sku: string }>;
type Allocated = Readonly<{ allocations: Allocation[]; short: LineQuantity[] }>;

const SOURCER_ROUNDS = 3;

/** Reserves each need at its preferred nodes, then where the sourcer proposes; what is left is short. */
const allocate = async (ctx: FulfilmentContext, trigger: Trigger, order: Order, needs: readonly Need[]): Promise<Allocated> => {
  const allocations: Allocation[] = [];
  const left = new Map(needs.map((n) => [n.line.lineId, n.quantity]));
  const tried = new Map(needs.map((n) => [n.line.lineId, new Set<string>(n.excluded)]));
  const take = async (need: Need, node: string, quantity: number, purpose: string) => {
    const r = await reserveAt(ctx, trigger, purpose, order, need.line, node, quantity);
    tried.get(need.line.lineId)!.add(node);
    if (r.quantity > 0 && r.reservationId) {
      allocations.push({ lineId: need.line.lineId, node, quantity: r.quantity, reservationId: r.reservationId, sku: need.line.sku });
      left.set(need.line.lineId, left.get(need.line.lineId)! - r.quantity);
    }
  };
  for (const need of needs) {
    for (const node of need.preferred) {
      if (left.get(need.line.lineId)! > 0 && !need.excluded.includes(node)) await take(need, node, left.get(need.line.lineId)!, `${need.line.lineId}:${node}`);
    }
  }
  // Pickup orders are fulfilled by the pickup store only: no sourcing elsewhere.
  for (let round = 0; round < SOURCER_ROUNDS && order.deliveryMethod !== 'pickup'; round++) {
    const open = needs.filter((n) => left.get(n.line.lineId)! > 0);
    if (open.length === 0) break;
    const excludedNodes = [...new Set(open.flatMap((n) => [...tried.get(n.line.lineId)!]))].sort();
    const proposals = await ctx.sourcer({
      order,
      needs: open.map((n) => ({ lineId: n.line.lineId, sku: n.line.sku, quantity: left.get(n.line.lineId)!, weightGrams: n.line.weightGrams ?? 0 })),
      excludedNodes,
      now: ctx.now(),
    });
    if (proposals.length === 0) break;
    for (const p of proposals) {
      const need = open.find((n) => n.line.lineId === p.lineId);
      const want = Math.min(p.quantity, left.get(p.lineId) ?? 0);
      if (!need || want <= 0 || tried.get(p.lineId)!.has(p.node)) continue;
      await take(need, p.node, want, `${p.lineId}:${p.node}:${round}`);
    }
  }
  const short = needs.map((n) => ({ lineId: n.line.lineId, quantity: left.get(n.line.lineId)! })).filter((s) => s.quantity > 0);
  return { allocations, short };
};

const merge = (allocations: readonly NodeAllocation[]): NodeAllocation[] => {
  const byKey = new Map<string, NodeAllocation>();
  for (const a of allocations) {
    const key = `${a.lineId}|${a.node}`;
    const prev = byKey.get(key);
    byKey.set(key, { lineId: a.lineId, node: a.node, quantity: (prev?.quantity ?? 0) + a.quantity });
  }
  return [...byKey.values()];
};

/**
 * Records the result on the order, then confirms the new holds. A refusal (the order moved on
 * meanwhile) gives the new holds back at once instead of waiting for them to expire.
 */
const record = async (
  ctx: FulfilmentContext, trigger: Trigger, order: Order, kind: 'RecordSourcing' | 'Resourced', existing: readonly NodeAllocation[], result: Allocated,
): Promise<void> => {
  const backorder = ctx.settings.noStockPolicy === 'backorder' ? result.short : [];
  const allocations = merge([...existing, ...result.allocations]);
  if (allocations.length > 0 || backorder.length > 0) {
    try {
      await ctx.order(trigger, kind === 'RecordSourcing' ? 'source' : 'resource', order.orderId, {
        type: kind, data: { allocations, ...(backorder.length > 0 ? { backordered: backorder } : {}) },
      });
    } catch (error) {
      for (const a of result.allocations) {
        await ctx.inventory(trigger, `compensate:${a.reservationId}`, { type: 'ReleaseReservation', data: { nodeId: a.node, sku: a.sku, reservationId: a.reservationId, reason: 'compensation' } });
      }
      if (error instanceof DomainError && error.status === 409) return;
      throw error;
    }
    for (const a of result.allocations) await confirm(ctx, trigger, a.node, a.sku, a.reservationId);
  }
  if (ctx.settings.noStockPolicy === 'cancel' && result.short.length > 0) {
    await unlessRefused(['ILLEGAL_TRANSITION', 'NOTHING_TO_CANCEL', 'QUANTITY_EXCEEDS_LINE'], () =>
      ctx.order(trigger, 'cancel-unsourceable', order.orderId, { type: 'CancelLines', data: { lines: result.short, reason: 'no stock anywhere in the network' } }),
    );
  }
};

/** Open units: the checkout hold backs them where it still holds; the rest is reserved anew. */
export const sourceOpen = async (ctx: FulfilmentContext, trigger: Trigger, order: Order): Promise<void> => {
  const existing: NodeAllocation[] = [];
  const needs: Need[] = [];
  for (const line of order.lines) {
    const open = unitsIn(line, 'open');
    if (open === 0) continue;
    const node = order.deliveryMethod === 'pickup' ? order.pickupNode : line.proposedNode;
    let backed = 0;
    if (node !== undefined && node === line.proposedNode) {
      const state = await ctx.loadPosition(node, line.sku);
      const others = desiredHold(order, line, node, state) - open;
      let held = 0;
      for (const r of activeHolds(state, order.orderId, line.lineId)) {
        const ok = r.status === 'confirmed' || (await unlessRefused(['RESERVATION_EXPIRED'], () => confirm(ctx, trigger, node, line.sku, r.reservationId).then(() => true)));
        if (ok) held += r.quantity;
        // An overdue hold the reaper has not reached yet: give it back now so it is not counted twice.
        else await ctx.inventory(trigger, `expired:${r.reservationId}`, { type: 'ReleaseReservation', data: { nodeId: node, sku: line.sku, reservationId: r.reservationId, reason: 'expired' } });
      }
      backed = Math.max(0, Math.min(open, held - others));
      if (backed > 0) existing.push({ lineId: line.lineId, node, quantity: backed });
    }
    if (open > backed) needs.push({ line, quantity: open - backed, preferred: node ? [node] : [], excluded: line.rejectedBy });
  }
  if (existing.length === 0 && needs.length === 0) return;
  await record(ctx, trigger, order, 'RecordSourcing', existing, await allocate(ctx, trigger, order, needs));
};

/** Units a node rejected (or left unaccepted): sourced again, excluding every node that rejected the line. */
export const resourceRejected = async (ctx: FulfilmentContext, trigger: Trigger, order: Order): Promise<void> => {
  const needs: Need[] = order.lines
    .map((line) => ({ line, quantity: unitsIn(line, 'needs_resourcing'), preferred: order.deliveryMethod === 'pickup' && order.pickupNode ? [order.pickupNode] : [], excluded: line.rejectedBy }))
    .filter((n) => n.quantity > 0);
  if (needs.length === 0) return;
  await record(ctx, trigger, order, 'Resourced', [], await allocate(ctx, trigger, order, needs));
};

/** Allocated work goes to its node; a balance due (an edit raised the total) or a hold waits. */
export const releaseAllocated = async (ctx: FulfilmentContext, trigger: Trigger, order: Order): Promise<void> => {
  const nodes = [...new Set(order.lines.flatMap((l) => l.units.filter((u) => u.stage === 'allocated' && u.node).map((u) => u.node!)))].sort();
  for (const node of nodes) {
    await unlessRefused(['BALANCE_DUE', 'NOTHING_TO_RELEASE', 'ILLEGAL_TRANSITION'], () =>
      ctx.order(trigger, `release:${node}`, order.orderId, { type: 'ReleaseToNode', data: { node } }),
    );
  }
};

export const readyForFulfilment = (order: Order): boolean =>
  order.paymentCleared &&
  !order.fraud.onHold &&
  !order.completed &&
  order.status !== 'cancelled' &&
  balanceDue(order.tenders, fromJson(orderTotals(order).total)).amount.isZero();
