import { ValidationError } from '../shared/errors.js';
import { parseInstant } from './calendarDays.js';

/**
 * Availability as the engines read it: SKU first, then node. SKU-first lets both engines start
 * from "who holds this SKU at all" instead of scanning every node of a 3,000-node network.
 * The index is built once by whoever owns the availability projection and passed in.
 */
export type ExpectedSupply = Readonly<{ quantity: number; eta: string }>;

export type AvailabilityRow = Readonly<{
  nodeId: string;
  sku: string;
  /** Available to promise now at this node (on hand minus reserved/safety stock). */
  available: number;
  /** Inbound supply (POs, transfers) not yet on hand. */
  expected?: readonly ExpectedSupply[];
}>;

export type NodeStock = Readonly<{
  available: number;
  /** Sorted by ETA; `etaMs` pre-parsed so the inner loop never parses dates. */
  expected: readonly Readonly<{ quantity: number; eta: string; etaMs: number }>[];
}>;

export type AvailabilityIndex = ReadonlyMap<string, ReadonlyMap<string, NodeStock>>;

const checkQuantity = (q: number, what: string, row: AvailabilityRow): void => {
  if (!Number.isFinite(q) || q < 0) {
    throw new ValidationError('INVALID_AVAILABILITY', `${what} must be a non-negative number`, { nodeId: row.nodeId, sku: row.sku });
  }
};

/** Builds the SKU → node index; repeated rows for the same node × SKU add up. */
export const buildAvailabilityIndex = (rows: Iterable<AvailabilityRow>): AvailabilityIndex => {
  const index = new Map<string, Map<string, { available: number; expected: { quantity: number; eta: string; etaMs: number }[] }>>();
  for (const row of rows) {
    checkQuantity(row.available, 'available', row);
    let bySku = index.get(row.sku);
    if (!bySku) index.set(row.sku, (bySku = new Map()));
    let stock = bySku.get(row.nodeId);
    if (!stock) bySku.set(row.nodeId, (stock = { available: 0, expected: [] }));
    stock.available += row.available;
    for (const e of row.expected ?? []) {
      checkQuantity(e.quantity, 'expected quantity', row);
      stock.expected.push({ quantity: e.quantity, eta: e.eta, etaMs: parseInstant(e.eta, 'expected.eta') });
    }
  }
  for (const bySku of index.values()) {
    for (const stock of bySku.values()) stock.expected.sort((a, b) => a.etaMs - b.etaMs || a.quantity - b.quantity);
  }
  return index;
};

export const availableNow = (index: AvailabilityIndex, nodeId: string, sku: string): number =>
  index.get(sku)?.get(nodeId)?.available ?? 0;

/**
 * When `quantity` of a SKU is in hand at a node: `nowMs` if available now, otherwise the ETA of
 * the supply that completes the quantity plus receiving time; null when even all expected supply
 * falls short.
 */
export const stockReadyAt = (
  stock: NodeStock | undefined,
  quantity: number,
  nowMs: number,
  receivingMs: number,
): number | null => {
  if (!stock) return quantity <= 0 ? nowMs : null;
  let have = stock.available;
  if (have >= quantity) return nowMs;
  for (const supply of stock.expected) {
    have += supply.quantity;
    if (have >= quantity) return Math.max(nowMs, supply.etaMs + receivingMs);
  }
  return null;
};
