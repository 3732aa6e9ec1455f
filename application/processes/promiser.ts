import type { Order, OrderPromise } from '../../domain/order/index.js';
import type { PendingHandover } from '../../domain/order/promiseRevision.js';
import { buildAvailabilityIndex } from '../../domain/promise/index.js';
import { chosenOption, orderPromiseOf, promiseMethodOf, quoteWith } from '../orders/promiseQuote.js';
import { loadSourcingContext, type SourcingContext } from '../orders/sourcingContext.js';
import { orderRuntime, type OrderDeps, type PositionRow } from '../orders/orderRuntime.js';

/**
 * The promise port of the fulfilment process: what can be promised now for the order's current
 * plan (the units still to hand over, at the nodes that hold them)? Undefined when the engine has
 * nothing for that plan (the process then records no revision).
 */
export type PromiseRequest = Readonly<{ order: Order; plan: readonly PendingHandover[]; now: string; promiseId: string }>;
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

/**
 * The production promiser: the same engine, carrier services, transit model (learned dates
 * included) and availability checkout quotes with (`promiseQuote.ts`), restricted to the plan's
 * nodes — every other node is excluded, as checkout does for the nodes sourcing chose.
 */
export const createEnginePromiser = (deps: OrderDeps): Promiser => async ({ order, plan, now, promiseId }) => {
  if (plan.length === 0) return undefined;
  const rt = orderRuntime(deps);
  const loaded = await loadSourcingContext(rt, plan.map((p) => p.sku));
  const rows = withOwnHolds(loaded.rows, plan);
  const ctx: SourcingContext = { ...loaded, rows, availability: buildAvailabilityIndex(rows) };
  const planNodes = new Set(plan.map((p) => p.nodeId));
  const bySku = new Map<string, number>();
  for (const p of plan) bySku.set(p.sku, (bySku.get(p.sku) ?? 0) + p.quantity);
  const destination = destinationOf(order);
  const quote = quoteWith(rt, ctx, {
    now,
    channel: order.channel,
    lines: [...bySku].sort(([a], [b]) => a.localeCompare(b)).map(([sku, quantity]) => ({ sku, quantity })),
    ...(destination ? { destination } : {}),
    ...(order.pickupNode ? { pickupNode: order.pickupNode } : {}),
    methods: [promiseMethodOf(order.deliveryMethod).method],
    // The pickup store stays: a ship-to-store promise is dated to it.
    excludedNodeIds: ctx.nodes.map((n) => n.id).filter((id) => !planNodes.has(id) && id !== order.pickupNode),
  });
  return orderPromiseOf(chosenOption(quote, order.deliveryMethod, order.pickupNode), promiseId);
};
