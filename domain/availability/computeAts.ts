import type { FulfilmentNode } from '../network/node.js';
import type { SupplyKind } from '../inventory/events.js';
import { DAY_MS, parseInstant } from '../inventory/instant.js';
import type { InventoryPosition } from '../inventory/position.js';
import type { ChannelProtection } from './events.js';
import { matchesSelector } from './selector.js';
import type { AtsView } from './state.js';

export type AtsExclusion = 'closed' | 'blocked';

export type AtsNodeRow = Readonly<{
  node: string;
  /** Physical on-hand (shown even when the view does not count on-hand). */
  onHand: number;
  reserved: number;
  /** Effective safety stock: node safety stock (if used) + the view's extra. */
  safetyStock: number;
  /** Counted transfer units (0 when the view does not count transit or none is due within the horizon). */
  inTransit: number;
  /** Counted purchase-order units, likewise. */
  onOrder: number;
  /** Units kept for channels this view does not serve. */
  protected: number;
  available: number;
  excluded?: AtsExclusion;
}>;

export type AtsResult = Readonly<{
  sku: string;
  view: string;
  /** Version of the view's rules used: stamp it on anything decided from this number. */
  viewVersion: number;
  asOf: string;
  /** What the channel is shown: `rawAvailable` after the view's threshold and cap. */
  available: number;
  /** Σ byNode.available, before threshold and cap. */
  rawAvailable: number;
  byNode: readonly AtsNodeRow[];
}>;

export type ComputeAtsOptions = Readonly<{
  /** Required when `positions` is empty; otherwise taken from the positions (which must share it). */
  sku?: string;
  /**
   * The protection rules in force across the network (e.g. `protectionsOf(allViews)`). Defaults to
   * the view's own rules. Rules for channels the view serves are never subtracted.
   */
  protections?: readonly ChannelProtection[];
}>;

/** Every view's protection rules: the network-wide list `computeAts` should normally receive. */
export const protectionsOf = (views: readonly AtsView[]): ChannelProtection[] => views.flatMap((v) => v.channelProtection);

/**
 * The share one rule keeps at a node: `units`, or `ceil(percent × onHand / 100)` (rounded up so a
 * protected channel is never short-changed by rounding). Percent has at most two decimals, so it is
 * computed in integer basis points and is exact.
 */
export const protectedShare = (rule: ChannelProtection, onHand: number): number => {
  if (rule.units !== undefined) return rule.units;
  const basisPoints = Math.round((rule.percent ?? 0) * 100);
  return Math.floor((basisPoints * onHand + 9_999) / 10_000);
};

/**
 * Units protected from `view` at `node`: for each channel the view does NOT serve, the largest
 * share any applicable rule keeps for that channel (rules for the same channel overlap, they do not
 * stack); summed over those channels and capped at the node's on-hand.
 */
export const protectedFromView = (view: AtsView, node: FulfilmentNode, onHand: number, rules: readonly ChannelProtection[]): number => {
  const byChannel = new Map<string, number>();
  for (const rule of rules) {
    if (view.channels.includes(rule.channel)) continue;
    if (rule.nodes !== undefined && !matchesSelector(node, rule.nodes)) continue;
    byChannel.set(rule.channel, Math.max(byChannel.get(rule.channel) ?? 0, protectedShare(rule, onHand)));
  }
  let total = 0;
  for (const share of byChannel.values()) total += share;
  return Math.min(onHand, total);
};

const dueSupply = (position: InventoryPosition, kind: SupplyKind, withinDays: number | null, nowMs: number): number => {
  if (withinDays === null) return 0;
  const horizon = nowMs + withinDays * DAY_MS;
  let total = 0;
  for (const s of position.supplies) {
    const eta = parseInstant(s.eta);
    if (s.kind === kind && eta !== undefined && eta <= horizon) total += s.quantity;
  }
  return total;
};

const exclusion = (view: AtsView, node: FulfilmentNode): AtsExclusion | undefined => {
  if (view.respectNodeStatus && node.status !== 'open') return 'closed';
  if (view.respectBlockedChannels && node.blockedChannels.some((c) => view.channels.includes(c))) return 'blocked';
  return undefined;
};

const emptyPosition = (nodeId: string, sku: string): InventoryPosition =>
  ({ nodeId, sku, onHand: 0, reserved: 0, safetyStock: 0, supplies: [], version: 0 });

/**
 * Available-to-sell of one SKU through one view, at `now`.
 *
 * For every node the view selects (`matchesSelector`), in node-id order:
 *   supply      = (onHand if supply.onHand) + inTransit + onOrder
 *                 inTransit / onOrder = units of open transfers / purchase orders with
 *                 eta ≤ now + N days (N = the view's horizon; null → 0). Overdue supply counts.
 *   safetyStock = (node safety stock if useNodeSafetyStock) + extraPerNode
 *   protected   = protectedFromView(…) — shares kept for channels the view does not serve
 *   available   = 0 if the node is excluded (closed, or blocked for a channel the view serves,
 *                 when the view respects those), else
 *                 max(0, supply − reserved − safetyStock − protected)
 * Then
 *   rawAvailable = Σ node available            (clamped per node, so totals = Σ rows)
 *   available    = 0 if rawAvailable < threshold.minimum, else min(rawAvailable, threshold.cap ?? ∞)
 *
 * Reservations net against every unit the view counts (a view that counts on-order stock is
 * effectively a pre-order view). Positions of nodes absent from `nodes` are ignored: without the
 * node's configuration no rule can be applied to them.
 */
export const computeAts = (
  view: AtsView,
  nodes: readonly FulfilmentNode[],
  positions: readonly InventoryPosition[],
  now: string,
  options: ComputeAtsOptions = {},
): AtsResult => {
  const nowMs = parseInstant(now);
  if (nowMs === undefined) throw new RangeError(`computeAts: now is not an ISO-8601 instant: ${now}`);
  const sku = options.sku ?? positions[0]?.sku;
  if (sku === undefined) throw new RangeError('computeAts: give options.sku when there are no positions');
  if (options.sku === undefined && positions.some((p) => p.sku !== sku)) {
    throw new RangeError('computeAts: positions of several SKUs; use computeAtsBySku or pass options.sku');
  }
  const rules = options.protections ?? view.channelProtection;
  const positionOf = new Map<string, InventoryPosition>();
  for (const p of positions) {
    const seen = positionOf.get(p.nodeId);
    if (p.sku === sku && (seen === undefined || p.version >= seen.version)) positionOf.set(p.nodeId, p);
  }
  const selected = nodes.filter((n) => matchesSelector(n, view.nodes)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const byNode = selected.map((node): AtsNodeRow => {
    const p = positionOf.get(node.id) ?? emptyPosition(node.id, sku);
    const inTransit = dueSupply(p, 'transfer', view.supply.inTransitWithinDays, nowMs);
    const onOrder = dueSupply(p, 'purchase_order', view.supply.onOrderWithinDays, nowMs);
    const safetyStock = (view.safetyStock.useNodeSafetyStock ? p.safetyStock : 0) + view.safetyStock.extraPerNode;
    const kept = protectedFromView(view, node, p.onHand, rules);
    const excluded = exclusion(view, node);
    const supply = (view.supply.onHand ? p.onHand : 0) + inTransit + onOrder;
    const available = excluded ? 0 : Math.max(0, supply - p.reserved - safetyStock - kept);
    return {
      node: node.id, onHand: p.onHand, reserved: p.reserved, safetyStock, inTransit, onOrder, protected: kept, available,
      ...(excluded ? { excluded } : {}),
    };
  });
  const rawAvailable = byNode.reduce((t, r) => t + r.available, 0);
  const { minimum, cap } = view.threshold;
  const available = rawAvailable < minimum ? 0 : Math.min(rawAvailable, cap ?? Infinity);
  return { sku, view: view.name, viewVersion: view.version, asOf: now, available, rawAvailable, byNode };
};

/** `computeAts` for every SKU present in `positions`, sorted by SKU. */
export const computeAtsBySku = (
  view: AtsView,
  nodes: readonly FulfilmentNode[],
  positions: readonly InventoryPosition[],
  now: string,
  options: Omit<ComputeAtsOptions, 'sku'> = {},
): AtsResult[] =>
  [...new Set(positions.map((p) => p.sku))].sort().map((sku) => computeAts(view, nodes, positions, now, { ...options, sku }));
