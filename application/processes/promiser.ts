import type { Order, OrderPromise } from '../../domain/order/index.js';
import type { WaitingUnits } from '../../domain/order/lateSupply.js';
import type { PendingHandover } from '../../domain/order/promiseRevision.js';
import { buildAvailabilityIndex, withOverdueSupplyAt } from '../../domain/promise/index.js';
import { chosenOption, orderPromiseOf, promiseMethodOf, quoteWith } from '../orders/promiseQuote.js';
import { loadSourcingContext, type SourcingContext } from '../orders/sourcingContext.js';
import { orderRuntime, type OrderDeps, type PositionRow } from '../orders/orderRuntime.js';

/**
 * The promise port of the fulfilment process: what can be promised now for the order's current
 * plan (the units still to hand over, at the nodes that hold them)? Undefined when the engine has
 * nothing for that plan (the process then records no revision).
 */
export type PromiseRequest = Readonly<{
  order: Order;
  plan: readonly PendingHandover[];
  now: string;
  promiseId: string;
  /**
   * Units waiting for supply (a late-supply re-quote): they have no node yet, so the quote covers
   * them with the plan over the whole network — as checkout did — with overdue supply dated from `now`.
   */
  waiting?: readonly WaitingUnits[];
  /** Positions known fresher than the read model (the one whose supply just changed): they replace its rows. */
  positions?: readonly PositionRow[];
}>;
export type Promiser = (request: PromiseRequest) => Promise<OrderPromise | undefined>;

/**
 * The order already holds its units at the plan's nodes, so those reservations are subtracted
 * from the availability the read model reports: given back here, the engine sees the plan as
 * feasible instead of quoting a backorder date for stock the order itself holds.
 */
export const withOwnHolds = (rows: readonly PositionRow[], plan: readonly PendingHandover[]): PositionRow[] =>
  rows.map((r) => {
    const own = plan.filter((p) => p.nodeId === r.nodeId && p.sku === r.sku).reduce((n, p) => n + p.quantity, 0);
    return own > 0 ? { ...r, available: r.available + own } : r;
  });

const destinationOf = (order: Order) => {
  const d = order.destination;
  if (!d || d.lat === undefined || d.lng === undefined) return undefined;
  return { lat: d.lat, lng: d.lng, country: d.country, ...(d.region ? { region: d.region } : {}), ...(d.postalCode ? { postalCode: d.postalCode } : {}) };
};

/** `fresh` rows replace the read model's for the same node × SKU (and are added when it has none yet). */
export const withFreshPositions = (rows: readonly PositionRow[], fresh: readonly PositionRow[]): PositionRow[] => {
  const key = (r: PositionRow) => `${r.nodeId}~${r.sku}`;
  const replaced = new Map(fresh.map((r) => [key(r), r]));
  return [...rows.filter((r) => !replaced.has(key(r))), ...fresh];
};

/** Nodes the quote must not use: for a plan alone, every node but its own; with waiting units, the ones that rejected them. */
const excludedFor = (ctx: SourcingContext, order: Order, plan: readonly PendingHandover[], waiting: readonly WaitingUnits[]): string[] => {
  if (waiting.length > 0) {
    const lines = new Set(waiting.map((w) => w.lineId));
    return [...new Set(order.lines.filter((l) => lines.has(l.lineId)).flatMap((l) => l.rejectedBy))].sort();
  }
  const planNodes = new Set(plan.map((p) => p.nodeId));
  // The pickup store stays: a ship-to-store promise is dated to it.
  return ctx.nodes.map((n) => n.id).filter((id) => !planNodes.has(id) && id !== order.pickupNode);
};

/**
 * The production promiser: the same engine, carrier services, transit model (learned dates
 * included) and availability checkout quotes with (`promiseQuote.ts`), restricted to the plan's
 * nodes — every other node is excluded, as checkout does for the nodes sourcing chose. Units
 * still waiting for supply widen it to the network (see `PromiseRequest.waiting`).
 */
export const createEnginePromiser = (deps: OrderDeps): Promiser => async ({ order, plan, now, promiseId, waiting = [], positions = [] }) => {
  if (plan.length === 0 && waiting.length === 0) return undefined;
  const rt = orderRuntime(deps);
  const loaded = await loadSourcingContext(rt, [...plan.map((p) => p.sku), ...waiting.map((w) => w.sku)]);
  const own = withOwnHolds(withFreshPositions(loaded.rows, positions), plan);
  const rows = waiting.length > 0 ? withOverdueSupplyAt(own, now) : own;
  const ctx: SourcingContext = { ...loaded, rows, availability: buildAvailabilityIndex(rows) };
  const bySku = new Map<string, number>();
  for (const p of [...plan, ...waiting]) bySku.set(p.sku, (bySku.get(p.sku) ?? 0) + p.quantity);
  const destination = destinationOf(order);
  const quote = quoteWith(rt, ctx, {
    now,
    channel: order.channel,
    lines: [...bySku].sort(([a], [b]) => a.localeCompare(b)).map(([sku, quantity]) => ({ sku, quantity })),
    ...(destination ? { destination } : {}),
    ...(order.pickupNode ? { pickupNode: order.pickupNode } : {}),
    methods: [promiseMethodOf(order.deliveryMethod).method],
    excludedNodeIds: excludedFor(ctx, order, plan, waiting),
  });
  return orderPromiseOf(chosenOption(quote, order.deliveryMethod, order.pickupNode), promiseId);
};
