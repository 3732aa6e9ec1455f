import { availableToSell, shortfallOf } from './available.js';
import type { ReleaseReason, SupplyKind } from './events.js';

export type ShipmentConsumption = Readonly<{ shipmentId: string; quantity: number }>;

/** An active reservation. `quantity` is what is still reserved; `reservedQuantity` what was asked for. */
export type Reservation = Readonly<{
  reservationId: string;
  orderId: string;
  lineId: string;
  quantity: number;
  reservedQuantity: number;
  /** Held reservations expire; a confirmed one (allocated to an order) does not: null. */
  expiresAt: string | null;
  status: 'held' | 'confirmed';
  /** Stream version at creation: a stable age order for replay-deterministic choices. */
  seq: number;
  shipments: readonly ShipmentConsumption[];
}>;

/** What remains of a finished reservation: enough to keep retries idempotent and to refuse id reuse. */
export type ClosedReservation = Readonly<{
  reservationId: string;
  orderId: string;
  lineId: string;
  reservedQuantity: number;
  outcome: 'released' | 'consumed';
  reason?: ReleaseReason;
  shipments: readonly ShipmentConsumption[];
}>;

export type Supply = Readonly<{
  supplyId: string;
  kind: SupplyKind;
  /** Units announced. */
  quantity: number;
  /** Units arrived so far; `quantity − arrived` is still expected while `status` is `expected`. */
  arrived: number;
  eta: string;
  status: 'expected' | 'arrived' | 'cancelled';
}>;

/**
 * Running unit totals since the stream began. They make the ledger checkable:
 *   onHand             = received + adjusted + counted − consumed
 *   Σ active reserved  = reservedTotal − releasedTotal − consumed
 */
export type InventoryCounters = Readonly<{
  /** Units received by ReceiveStock and supply arrivals. */
  received: number;
  /** Net signed units of adjustments. */
  adjusted: number;
  /** Net signed units by which counts corrected on-hand. */
  counted: number;
  /** Units shipped out of reservations. */
  consumed: number;
  reservedTotal: number;
  releasedTotal: number;
  expiredTotal: number;
}>;

export type InventoryState = Readonly<{
  /** Set by the first event; null for a position that has never been touched. */
  nodeId: string | null;
  sku: string | null;
  onHand: number;
  /** Σ quantity of active (held + confirmed) reservations, kept incrementally. */
  reserved: number;
  safetyStock: number;
  reservations: ReadonlyMap<string, Reservation>;
  closedReservations: ReadonlyMap<string, ClosedReservation>;
  supplies: ReadonlyMap<string, Supply>;
  counters: InventoryCounters;
  /** Number of events folded (stream revision + 1). */
  version: number;
}>;

export const initialInventoryState = (): InventoryState => ({
  nodeId: null,
  sku: null,
  onHand: 0,
  reserved: 0,
  safetyStock: 0,
  reservations: new Map(),
  closedReservations: new Map(),
  supplies: new Map(),
  counters: { received: 0, adjusted: 0, counted: 0, consumed: 0, reservedTotal: 0, releasedTotal: 0, expiredTotal: 0 },
  version: 0,
});

/** Units a new reservation may take right now (formula in `available.ts`). */
export const availableOf = (state: InventoryState): number => availableToSell(state);

/** Units reserved beyond what is on hand (only a count can cause it). New reservations wait until it is 0. */
export const shortfallOfState = (state: InventoryState): number => shortfallOf(state);

/** Units still expected from open supplies of one kind. */
export const expectedSupply = (state: InventoryState, kind: SupplyKind): number => {
  let total = 0;
  for (const s of state.supplies.values()) if (s.kind === kind && s.status === 'expected') total += s.quantity - s.arrived;
  return total;
};

/** Identity of an inventory position: one SKU at one node (stream `inventory-<nodeId>~<sku>`). */
export type PositionKey = Readonly<{ nodeId: string; sku: string }>;
