import type { FulfilmentNode, NodeCapability } from '../network/node.js';
import { BadRequestError, ValidationError } from '../shared/errors.js';
import { buildGeoGrid, geoGridOf, nearestAccepted, type Near } from '../geo/geoGrid.js';
import type { LatLng } from '../geo/haversine.js';
import { stockReadyAt, type NodeStock } from './availability.js';
import { DAY_MS, parseInstant } from './calendarDays.js';
import { prepareService, type PreparedService } from './carrierService.js';
import type { CartLine, PromiseInput, UnavailableReason } from './types.js';

/** Everything derived once per quote and shared by the delivery, pickup and ship-to-store builders. */
export type QuoteContext = Readonly<{
  input: PromiseInput;
  nowMs: number;
  /** Last local day number the engine looks at (horizon). */
  lastDay: number;
  receivingMs: number;
  quantile: number;
  maxCandidates: number;
  maxDistanceKm: number;
  /** Cart lines aggregated per SKU, so two lines of one SKU compete for the same stock. */
  cart: readonly CartLine[];
  nodeById: ReadonlyMap<string, FulfilmentNode>;
  services: readonly PreparedService[];
  excluded: ReadonlySet<string>;
}>;

const nodeIndexes = new WeakMap<readonly FulfilmentNode[], ReadonlyMap<string, FulfilmentNode>>();

/** id → node, remembered per nodes array so a caller that reuses its network array pays once. */
export const indexNodes = (nodes: readonly FulfilmentNode[]): ReadonlyMap<string, FulfilmentNode> => {
  let index = nodeIndexes.get(nodes);
  if (!index) {
    index = new Map(nodes.map((n) => [n.id, n]));
    nodeIndexes.set(nodes, index);
  }
  return index;
};

export const aggregateCart = (lines: readonly CartLine[]): CartLine[] => {
  const bySku = new Map<string, number>();
  for (const line of lines) {
    if (!line.sku) throw new BadRequestError('INVALID_CART', 'every cart line needs a sku');
    if (!Number.isInteger(line.quantity) || line.quantity <= 0) {
      throw new ValidationError('INVALID_QUANTITY', `quantity must be a positive integer (sku ${line.sku})`, { sku: line.sku });
    }
    bySku.set(line.sku, (bySku.get(line.sku) ?? 0) + line.quantity);
  }
  return [...bySku].map(([sku, quantity]) => ({ sku, quantity }));
};

export const buildQuoteContext = (input: PromiseInput): QuoteContext => {
  const nowMs = parseInstant(input.now);
  const o = input.options ?? {};
  const quantile = o.quantile ?? 0.9;
  if (!(quantile > 0 && quantile <= 1)) throw new ValidationError('INVALID_QUANTILE', `quantile must be in (0, 1]: ${quantile}`);
  return {
    input,
    nowMs,
    // +1: local days east of UTC start up to a day "later" than the UTC day of now.
    lastDay: Math.floor(nowMs / DAY_MS) + (o.horizonDays ?? 60) + 1,
    receivingMs: (o.receivingHours ?? 2) * 3_600_000,
    quantile,
    maxCandidates: o.maxCandidates ?? 12,
    maxDistanceKm: o.maxDistanceKm ?? Number.POSITIVE_INFINITY,
    cart: aggregateCart(input.lines),
    nodeById: indexNodes(input.nodes),
    services: input.carrierServices.map(prepareService),
    excluded: new Set(input.excludedNodeIds ?? []),
  };
};

/** Why a node cannot take part in a method at all (before stock is looked at), or null. */
export const ineligibility = (node: FulfilmentNode, channel: string, capability: NodeCapability): UnavailableReason | null => {
  if (node.status !== 'open') return 'CLOSED';
  if (!node.capabilities.includes(capability)) return 'NO_CAPABILITY';
  if (node.blockedChannels.includes(channel)) return 'CHANNEL_BLOCKED';
  return null;
};

/** When all of `lines` are in hand at a node (now, or after expected supply + receiving), or null. */
export const linesReadyAt = (ctx: QuoteContext, nodeId: string, lines: readonly CartLine[] = ctx.cart): number | null => {
  let ready = ctx.nowMs;
  for (const line of lines) {
    const at = stockReadyAt(ctx.input.availability.get(line.sku)?.get(nodeId), line.quantity, ctx.nowMs, ctx.receivingMs);
    if (at === null) return null;
    if (at > ready) ready = at;
  }
  return ready;
};

/** Explanation of the supply a node waits for: one step per line not covered by stock on hand. */
export const supplySteps = (ctx: QuoteContext, nodeId: string, lines: readonly CartLine[], steps: string[]): void => {
  for (const line of lines) {
    const stock = ctx.input.availability.get(line.sku)?.get(nodeId);
    const onHand = stock?.available ?? 0;
    if (onHand >= line.quantity) continue;
    const at = stockReadyAt(stock, line.quantity, ctx.nowMs, ctx.receivingMs);
    const eta = at === null ? 'never' : new Date(at - ctx.receivingMs).toISOString();
    steps.push(
      `${nodeId}: ${line.sku} ${onHand}/${line.quantity} on hand; supply expected ${eta} + ${ctx.receivingMs / 3_600_000} h receiving → release ${at === null ? 'never' : new Date(at).toISOString()}`,
    );
  }
};

export type Candidate = Readonly<{ node: FulfilmentNode; readyMs: number; distanceKm: number }>;

/** Below this many holders of the rarest SKU, scanning the holders beats a spatial search. */
const HOLDER_SCAN_LIMIT = 256;

/**
 * Nodes able to serve `lines` in full (now or from expected supply), eligible for `capability`,
 * within the distance bound of `origin`, nearest first, at most `ctx.maxCandidates`. A rare SKU is
 * searched from its few holders; otherwise a nearest-first grid search touches only the
 * neighbourhood of `origin`, so a 3,000-node network costs a few hundred cheap checks.
 */
export const stockedCandidates = (
  ctx: QuoteContext,
  origin: LatLng,
  capability: NodeCapability,
  lines: readonly CartLine[] = ctx.cart,
  excludeId?: string,
): Candidate[] => {
  // Rarest SKU first: most nodes fail on the first lookup.
  const bySku: { holders: ReadonlyMap<string, NodeStock>; quantity: number }[] = [];
  for (const line of lines) {
    const h = ctx.input.availability.get(line.sku);
    if (!h) return [];
    bySku.push({ holders: h, quantity: line.quantity });
  }
  bySku.sort((a, b) => a.holders.size - b.holders.size);
  const holders = bySku[0]?.holders;
  if (!holders) return [];
  const { nowMs, receivingMs } = ctx;
  const ready = new Map<string, number>();
  const accept = (node: FulfilmentNode): boolean => {
    let at = nowMs;
    for (const s of bySku) {
      const t = stockReadyAt(s.holders.get(node.id), s.quantity, nowMs, receivingMs);
      if (t === null) return false;
      if (t > at) at = t;
    }
    if (node.id === excludeId || ctx.excluded.has(node.id)) return false;
    if (ineligibility(node, ctx.input.channel, capability) !== null) return false;
    ready.set(node.id, at);
    return true;
  };
  let near: Near<FulfilmentNode>[];
  if (holders.size <= HOLDER_SCAN_LIMIT) {
    const held: FulfilmentNode[] = [];
    for (const id of holders.keys()) {
      const node = ctx.nodeById.get(id);
      if (node) held.push(node);
    }
    near = nearestAccepted(buildGeoGrid(held), origin, ctx.maxCandidates, ctx.maxDistanceKm, accept, nodeKey);
  } else {
    near = nearestAccepted(geoGridOf(ctx.input.nodes), origin, ctx.maxCandidates, ctx.maxDistanceKm, accept, nodeKey);
  }
  return near.map(({ item, distanceKm }) => ({ node: item, distanceKm, readyMs: ready.get(item.id)! }));
};

const nodeKey = (n: FulfilmentNode): string => n.id;
