import { availableOf, inventoryStreamName, positionFromState, type InventoryState } from '../../domain/inventory/index.js';
import type { FulfilmentNode } from '../../domain/network/index.js';
import { unitsIn } from '../../domain/order/units.js';
import type { Order } from '../../domain/order/index.js';
import { buildAvailabilityIndex, type AvailabilityIndex, type Destination } from '../../domain/promise/index.js';
import type { SourcingInput, SourcingLine } from '../../domain/sourcing/index.js';
import { POSITIONS, type PositionDocument } from '../../projections/inventory/availabilityModel.js';
import { availabilityProjection } from '../../projections/inventory/availabilityProjection.js';
import { nodesProjection, type NodeDocument } from '../../projections/network/nodesProjection.js';
import { findSku } from '../inventory/references.js';
import { activeRuleSets, withLiveRuleSet } from '../sourcing/ruleSetRegistry.js';
import { cachedValue, orderRuntime, readModel, type OrderDeps, type OrderRuntime, type PositionRow } from './orderRuntime.js';

/**
 * The sourcing context: the network, per node × SKU availability for a cart, the cost model and
 * the rule set. Shared by checkout (`placeOrder`) and by the process managers that re-source
 * after a node rejection (`buildSourcingInput`).
 *
 * Where the numbers come from: the node list and "which nodes hold this SKU" come from the read
 * models (cached briefly); the available quantity of a position this instance has in its
 * aggregate cache comes from that cached state, which is exactly what the next reservation will be
 * decided against. A stale figure only costs a failed reservation, which checkout handles by
 * re-sourcing without that node: the inventory aggregate is the authority, never this snapshot.
 */

const NODES_PROJECTION = nodesProjection();
/** Networks up to this size get a full explanation (a line per candidate and per excluded node). */
export const EXPLAINED_NODES = 100;
const AVAILABILITY_PROJECTION = availabilityProjection();

export type SourcingContext = Readonly<{ nodes: readonly FulfilmentNode[]; availability: AvailabilityIndex; rows: readonly PositionRow[] }>;

const toNode = ({ _id: _ignored, ...node }: NodeDocument): FulfilmentNode => node;

/** Every registered node (read model `network_nodes`, reused for `networkCacheMs`). */
export const loadNodes = (rt: OrderRuntime): Promise<readonly FulfilmentNode[]> =>
  cachedValue(
    () => rt.cache.nodes,
    (c) => (rt.cache.nodes = c),
    rt.settings.networkCacheMs,
    async () => (await (await readModel<NodeDocument>(rt, NODES_PROJECTION)).find({})).map(toNode),
  );

const rowOf = (d: PositionDocument): PositionRow => ({
  nodeId: d.nodeId,
  sku: d.sku,
  available: d.available,
  expected: d.supplies.map((s) => ({ quantity: s.quantity, eta: s.eta })),
});

/** The freshest figures this process has: the position as the command handler last saw it. */
const fromAggregateCache = (rt: OrderRuntime, row: PositionRow): PositionRow => {
  const cached = rt.commands.cache.get(inventoryStreamName(row.nodeId, row.sku));
  if (!cached) return row;
  const state = cached.state as InventoryState;
  const position = positionFromState(state);
  if (!position) return row;
  return { ...row, available: availableOf(state), expected: position.supplies.map((s) => ({ quantity: s.quantity, eta: s.eta })) };
};

/** Availability rows of every node holding one of `skus` (read model `inventory_positions`). */
export const loadPositions = async (rt: OrderRuntime, skus: readonly string[]): Promise<PositionRow[]> => {
  const ttl = rt.settings.availabilityCacheMs;
  const now = Date.now();
  const pending = new Map<string, Promise<readonly PositionRow[]>>();
  for (const sku of skus) {
    const hit = rt.cache.holders.get(sku);
    if (hit && ttl > 0 && now - hit.at < ttl) pending.set(sku, hit.value);
  }
  const missing = skus.filter((sku) => !pending.has(sku));
  if (missing.length > 0) {
    // One query for every SKU not cached; concurrent checkouts share it.
    const query = readModel<PositionDocument>(rt, AVAILABILITY_PROJECTION, POSITIONS).then((c) => c.find({ sku: { $in: missing } }));
    for (const sku of missing) {
      const rows = query.then((docs) => docs.filter((d) => d.sku === sku).map(rowOf));
      pending.set(sku, rows);
      if (ttl > 0) {
        rt.cache.holders.set(sku, { value: rows, at: now });
        rows.catch(() => rt.cache.holders.delete(sku));
      }
    }
  }
  const rows = await Promise.all(skus.map((sku) => pending.get(sku)!));
  return rows.flatMap((list) => list.map((row) => fromAggregateCache(rt, row)));
};

export const loadSourcingContext = async (rt: OrderRuntime, skus: readonly string[]): Promise<SourcingContext> => {
  const [nodes, rows] = await Promise.all([loadNodes(rt), loadPositions(rt, [...new Set(skus)])]);
  return { nodes, rows, availability: buildAvailabilityIndex(rows) };
};

export type ExcludedNode = Readonly<{ nodeId: string; reason?: string }>;

export type SourcingRequest = Readonly<{
  orderId?: string;
  lines: readonly SourcingLine[];
  channel: string;
  deliveryMethod: 'delivery' | 'pickup' | 'shipToStore';
  service?: string;
  destination?: Destination;
  pickupNodeId?: string;
  excludedNodes?: readonly ExcludedNode[];
}>;

/** A complete `sourceOrder` input for a request, over a loaded context and the runtime's cost model. */
export const sourcingInputFor = (rt: OrderRuntime, ctx: SourcingContext, request: SourcingRequest): SourcingInput => ({
  ...(request.orderId ? { orderId: request.orderId } : {}),
  lines: request.lines,
  channel: request.channel,
  deliveryMethod: request.deliveryMethod,
  service: request.service ?? 'standard',
  ...(request.destination ? { destination: request.destination } : {}),
  ...(request.pickupNodeId ? { pickupNodeId: request.pickupNodeId } : {}),
  nodes: ctx.nodes,
  availability: ctx.availability,
  rateCard: rt.settings.rateCard,
  handlingCost: rt.settings.handlingCost,
  splitPenalty: rt.settings.splitPenalty,
  ruleSet: rt.settings.ruleSet,
  excludedNodes: request.excludedNodes ?? [],
  // One explanation line per node is readable for a regional network, not for thousands of stores.
  explain: ctx.nodes.length > EXPLAINED_NODES ? 'summary' : 'full',
});

/** The sourcing method and service of an order's delivery method. */
export const sourcingMethodOf = (deliveryMethod: Order['deliveryMethod']): { deliveryMethod: SourcingRequest['deliveryMethod']; service: string } => {
  switch (deliveryMethod) {
    case 'pickup': return { deliveryMethod: 'pickup', service: 'standard' };
    case 'ship_to_store': return { deliveryMethod: 'shipToStore', service: 'standard' };
    case 'express': return { deliveryMethod: 'delivery', service: 'express' };
    default: return { deliveryMethod: 'delivery', service: 'standard' };
  }
};

export type BuildSourcingOptions = Readonly<{
  /** Lines and quantities to source; default: every unit of the order waiting in `needs_resourcing`. */
  lines?: readonly Readonly<{ lineId: string; quantity: number }>[];
  /** Nodes to leave out, e.g. the node that rejected; each line's own `rejectedBy` nodes are always excluded. */
  excludeNodes?: readonly ExcludedNode[];
}>;

/**
 * The sourcing input to (re-)source part of a placed order — what the re-sourcing process
 * manager calls after a node rejection: `sourceOrder(await buildSourcingInput(oms, order))`.
 * Weights come from the order lines (or the catalog for orders placed without them).
 */
export const buildSourcingInput = async (deps: OrderDeps, order: Order, options: BuildSourcingOptions = {}): Promise<SourcingInput> => {
  const rt = orderRuntime(deps);
  const wanted = options.lines ?? order.lines.map((l) => ({ lineId: l.lineId, quantity: unitsIn(l, 'needs_resourcing') })).filter((l) => l.quantity > 0);
  const lines: SourcingLine[] = [];
  for (const w of wanted) {
    const line = order.lines.find((l) => l.lineId === w.lineId);
    if (!line) continue;
    const weight = line.weightGrams ?? (await findSku(deps, line.sku))?.weightGrams ?? 0;
    lines.push({ lineId: line.lineId, sku: line.sku, quantity: w.quantity, weightGrams: weight });
  }
  const rejected = new Map<string, string | undefined>();
  for (const l of order.lines) if (wanted.some((w) => w.lineId === l.lineId)) for (const n of l.rejectedBy) rejected.set(n, 'rejected this order');
  for (const e of options.excludeNodes ?? []) rejected.set(e.nodeId, e.reason);
  const ctx = await loadSourcingContext(rt, lines.map((l) => l.sku));
  const method = sourcingMethodOf(order.deliveryMethod);
  const d = order.destination;
  // Re-sourcing decides with the promoted rule set, like checkout.
  const { live } = await activeRuleSets(deps, rt.settings.ruleSet);
  return sourcingInputFor(withLiveRuleSet(rt, live), ctx, {
    orderId: order.orderId,
    lines,
    channel: order.channel,
    ...method,
    ...(d && d.lat !== undefined && d.lng !== undefined
      ? { destination: { lat: d.lat, lng: d.lng, country: d.country, ...(d.region ? { region: d.region } : {}), ...(d.postalCode ? { postalCode: d.postalCode } : {}) } }
      : {}),
    ...(order.pickupNode ? { pickupNodeId: order.pickupNode } : {}),
    excludedNodes: [...rejected].map(([nodeId, reason]) => (reason ? { nodeId, reason } : { nodeId })),
  });
};
