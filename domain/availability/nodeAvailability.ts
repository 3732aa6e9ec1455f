import { availableToSell, shortfallOf } from '../inventory/available.js';
import type { InventoryPosition } from '../inventory/position.js';
import type { SupplyKind } from '../inventory/events.js';

/** Per (node, SKU) availability with no view rules applied: what the location itself can promise. */
export type NodeAvailability = Readonly<{
  nodeId: string;
  sku: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
  /** max(0, onHand − reserved − safetyStock): the same formula the inventory decider reserves against. */
  available: number;
  /** max(0, reserved − onHand): units promised that a count did not find. */
  shortfall: number;
  /** Units still expected on open transfers / purchase orders, whatever their ETA. */
  inTransit: number;
  onOrder: number;
}>;

export const openSupplyOf = (position: InventoryPosition, kind: SupplyKind): number =>
  position.supplies.reduce((total, s) => (s.kind === kind ? total + s.quantity : total), 0);

export const nodeAvailability = (position: InventoryPosition): NodeAvailability => ({
  nodeId: position.nodeId,
  sku: position.sku,
  onHand: position.onHand,
  reserved: position.reserved,
  safetyStock: position.safetyStock,
  available: availableToSell(position),
  shortfall: shortfallOf(position),
  inTransit: openSupplyOf(position, 'transfer'),
  onOrder: openSupplyOf(position, 'purchase_order'),
});

export type NetworkAvailability = Readonly<{
  sku: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
  available: number;
  shortfall: number;
  inTransit: number;
  onOrder: number;
  byNode: readonly NodeAvailability[];
}>;

const TOTALS = ['onHand', 'reserved', 'safetyStock', 'available', 'shortfall', 'inTransit', 'onOrder'] as const;

/**
 * Network-wide visibility per SKU: every total is the plain sum of the per-node figures listed in
 * `byNode` (so a total can never disagree with the locations it summarises). In particular
 * `available = Σ max(0, …) per node`, not `max(0, Σ onHand − Σ reserved − …)`: a node in
 * shortfall cannot hide stock that another node really has. SKUs and nodes come back sorted.
 */
export const networkAvailability = (positions: readonly InventoryPosition[]): NetworkAvailability[] => {
  const bySku = new Map<string, NodeAvailability[]>();
  for (const p of positions) {
    const rows = bySku.get(p.sku) ?? [];
    rows.push(nodeAvailability(p));
    bySku.set(p.sku, rows);
  }
  return [...bySku.keys()].sort().map((sku) => {
    const byNode = bySku.get(sku)!.sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
    const totals = Object.fromEntries(TOTALS.map((k) => [k, byNode.reduce((t, r) => t + r[k], 0)])) as Record<(typeof TOTALS)[number], number>;
    return { sku, ...totals, byNode };
  });
};
