import type { DeliveryMethod } from '../../domain/pricing/index.js';
import type { FailedReservation } from '../../domain/order/index.js';
import { buildAvailabilityIndex, type Destination } from '../../domain/promise/index.js';
import type { Actor } from '../../domain/shared/decider.js';
import { ConflictError } from '../../domain/shared/errors.js';
import { sourceOrder, type SourcingDecision } from '../../domain/sourcing/index.js';
import { deriveCommandId } from '../eventIds.js';
import type { CatalogLine } from './cartLines.js';
import { releaseHolds, takeHolds, type Hold } from './checkoutHolds.js';
import type { OrderRuntime, PositionRow } from './orderRuntime.js';
import { sourcingInputFor, sourcingMethodOf, type SourcingContext } from './sourcingContext.js';

/** One order line of the final order: a cart line's units at one node (held), or backordered. */
export type PlannedPart = Readonly<{ lineId: string; index: number; sku: string; quantity: number; node?: string; reservationId?: string }>;

export type CheckoutRound = Readonly<{ decision: SourcingDecision; failed: readonly FailedReservation[]; excludedTotal?: number }>;

/** Exclusions recorded per round on OrderPlaced: all of them for a regional network, a sample (with the count) beyond. */
const RECORDED_EXCLUSIONS = 100;

const recorded = (decision: SourcingDecision, failed: readonly FailedReservation[]): CheckoutRound =>
  decision.excluded.length <= RECORDED_EXCLUSIONS
    ? { decision, failed }
    : { decision: { ...decision, excluded: decision.excluded.slice(0, RECORDED_EXCLUSIONS) }, failed, excludedTotal: decision.excluded.length };

export type CheckoutPlan = Readonly<{ parts: readonly PlannedPart[]; holds: readonly Hold[]; rounds: readonly CheckoutRound[] }>;

export type CheckoutCart = Readonly<{
  orderId: string;
  idempotencyKey: string;
  channel: string;
  method: DeliveryMethod;
  destination?: Destination;
  pickupNode?: string;
  lines: readonly CatalogLine[];
  allowBackorder: boolean;
  now: string;
  actor: Actor;
  expiresAt: string;
}>;

const positionKey = (node: string, sku: string) => `${node}~${sku}`;

/** 409 OUT_OF_STOCK naming every SKU the network cannot cover, with what was asked and what there is. */
export const outOfStock = (cart: CheckoutCart, ctx: SourcingContext, short: ReadonlyMap<string, number>): ConflictError => {
  const skus = [...short.keys()].sort().map((sku) => ({
    sku,
    requested: cart.lines.filter((l) => l.sku === sku).reduce((n, l) => n + l.quantity, 0),
    available: ctx.rows.filter((r) => r.sku === sku).reduce((n, r) => n + r.available, 0),
    short: short.get(sku)!,
  }));
  const where = cart.method === 'pickup' ? ` at ${cart.pickupNode}` : '';
  return new ConflictError(
    'OUT_OF_STOCK',
    `not enough stock${where} for ${skus.map((s) => `${s.sku} (${s.requested} requested, ${s.available} available)`).join(', ')}`,
    { skus },
  );
};

type Open = { index: number; lineId: string; sku: string; quantity: number; weightGrams: number };

/**
 * Sourcing rounds with reservation, the heart of checkout:
 *
 * 1. source the open units over the availability snapshot (every unit on round 0);
 * 2. a shortfall is 409 OUT_OF_STOCK unless the channel takes backorders — on round 0 before
 *    anything is written (`beforeHolds` also runs then, so pricing errors write nothing either);
 * 3. take the holds; a lost race corrects the snapshot with the position's true availability and
 *    its units are re-sourced in the next round (bounded by `maxSourcingAttempts`).
 *
 * Units keep their line id when they move to another node; a split gives the extra part a new id
 * (`2.2`). Any failure after holds were taken releases them (reason `compensation`) before it
 * propagates, so a refused checkout leaves no stock held.
 */
export const planCheckout = async (
  rt: OrderRuntime,
  ctx: SourcingContext,
  cart: CheckoutCart,
  beforeHolds: (parts: readonly PlannedPart[]) => void,
): Promise<CheckoutPlan> => {
  const rows = new Map<string, PositionRow>(ctx.rows.map((r) => [positionKey(r.nodeId, r.sku), r]));
  const adjust = (node: string, sku: string, f: (available: number) => number) => {
    const row = rows.get(positionKey(node, sku));
    if (row) rows.set(positionKey(node, sku), { ...row, available: Math.max(0, f(row.available)) });
  };
  const partsPerLine = new Map<number, number>();
  const freshLineId = (index: number) => {
    const k = (partsPerLine.get(index) ?? 1) + 1;
    partsPerLine.set(index, k);
    return `${index + 1}.${k}`;
  };
  let open: Open[] = cart.lines.map((l) => ({ index: l.index, lineId: String(l.index + 1), sku: l.sku, quantity: l.quantity, weightGrams: l.weightGrams }));
  const weightOf = (index: number) => cart.lines.find((l) => l.index === index)?.weightGrams ?? 0;
  const parts: PlannedPart[] = [];
  const holds: Hold[] = [];
  const rounds: CheckoutRound[] = [];
  const method = sourcingMethodOf(cart.method);
  const meta = { orderId: cart.orderId, now: cart.now, actor: cart.actor };
  try {
    for (let round = 0; open.length > 0; round++) {
      if (round >= rt.settings.maxSourcingAttempts) throw outOfStock(cart, ctx, new Map(open.map((o) => [o.sku, o.quantity])));
      const decision = sourceOrder(
        sourcingInputFor(rt, { ...ctx, availability: buildAvailabilityIndex(rows.values()) }, {
          orderId: cart.orderId,
          lines: open.map((o) => ({ lineId: o.lineId, sku: o.sku, quantity: o.quantity, weightGrams: o.weightGrams })),
          channel: cart.channel,
          ...method,
          ...(cart.destination ? { destination: cart.destination } : {}),
          ...(cart.pickupNode ? { pickupNodeId: cart.pickupNode } : {}),
        }),
      );
      const short = [...decision.backordered, ...decision.queued];
      if (short.length > 0 && !cart.allowBackorder) {
        rounds.push(recorded(decision, []));
        const bySku = new Map<string, number>();
        for (const s of short) bySku.set(s.sku, (bySku.get(s.sku) ?? 0) + s.qty);
        throw outOfStock(cart, ctx, bySku);
      }
      const byLine = new Map(open.map((o) => [o.lineId, o]));
      const used = new Set<string>();
      const lineIdFor = (o: Open) => (used.has(o.lineId) ? freshLineId(o.index) : (used.add(o.lineId), o.lineId));
      const roundHolds: Hold[] = decision.assignments.map((a) => {
        const o = byLine.get(a.lineId)!;
        const lineId = lineIdFor(o);
        return { lineId, sku: a.sku, node: a.node, quantity: a.quantity, reservationId: deriveCommandId(cart.idempotencyKey, `reserve:${round}:${lineId}:${a.node}:${a.quantity}`) };
      });
      const backordered: PlannedPart[] = short.map((s) => {
        const o = byLine.get(s.lineId)!;
        return { lineId: lineIdFor(o), index: o.index, sku: s.sku, quantity: s.qty };
      });
      const indexOf = (lineId: string) => Number(lineId.split('.')[0]) - 1;
      if (round === 0) beforeHolds([...roundHolds.map((h) => ({ ...h, index: indexOf(h.lineId) })), ...backordered]);
      const { taken, lost, faults } = await takeHolds(rt, roundHolds, { ...meta, expiresAt: cart.expiresAt });
      holds.push(...taken);
      if (faults.length > 0) throw faults[0];
      parts.push(...backordered, ...taken.map((h) => ({ ...h, index: indexOf(h.lineId) })));
      rounds.push(recorded(decision, lost.map((l) => ({ lineId: l.lineId, sku: l.sku, node: l.node, quantity: l.quantity, ...(l.available === undefined ? {} : { available: l.available }) }))));
      for (const h of taken) adjust(h.node, h.sku, (a) => a - h.quantity);
      for (const l of lost) if (l.available !== undefined) adjust(l.node, l.sku, () => l.available!);
      open = lost.map((l) => ({ index: indexOf(l.lineId), lineId: l.lineId, sku: l.sku, quantity: l.quantity, weightGrams: weightOf(indexOf(l.lineId)) }));
    }
  } catch (error) {
    await releaseHolds(rt, holds, meta);
    throw error;
  }
  parts.sort((a, b) => a.index - b.index || a.lineId.localeCompare(b.lineId, 'en', { numeric: true }));
  return { parts, holds, rounds };
};
