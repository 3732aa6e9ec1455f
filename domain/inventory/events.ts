import type { DomainEvent } from '../shared/decider.js';

/**
 * Events of one inventory position (stream `inventory-<nodeId>~<sku>`). Every event names its
 * node and SKU so category projections over `$all` need no stream-name parsing, and every event
 * that changes on-hand carries the resulting `onHand` so read models and audits can check the
 * ledger without refolding.
 */
type Key = { nodeId: string; sku: string };
type E<T extends string, D> = DomainEvent<T, Readonly<Key & D>>;

export const ADJUSTMENT_REASONS = [
  'damage', 'shrink', 'found', 'correction', 'returned', 'transfer_in', 'transfer_out', 'other',
] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

/** Why stock was counted; a count without one is a routine `cycle_count`. */
export const COUNT_REASONS = ['cycle_count', 'full_inventory', 'spot_check', 'recount', 'discrepancy'] as const;
export type CountReason = (typeof COUNT_REASONS)[number];

export const SUPPLY_KINDS = ['purchase_order', 'transfer'] as const;
export type SupplyKind = (typeof SUPPLY_KINDS)[number];

export const RELEASE_REASONS = ['cancelled', 'expired', 'rejected', 'compensation'] as const;
export type ReleaseReason = (typeof RELEASE_REASONS)[number];

export type StockReceived = E<'StockReceived', { quantity: number; reference: string; onHand: number }>;
export type StockAdjusted = E<'StockAdjusted', { delta: number; reason: AdjustmentReason; reference?: string; note?: string; onHand: number }>;
/**
 * A physical count replaces on-hand ("reality wins"). `shortfall` > 0 means active reservations
 * now exceed what is on the shelf; `atRisk` names the reservations a process should re-source
 * first (see `decideStock.ts` for the order). `reason` is always written now; counts recorded
 * before it existed lack it and read as `cycle_count` (the field is additive, nothing folds it).
 */
export type StockCounted = E<
  'StockCounted',
  {
    counted: number; previousOnHand: number; delta: number; reserved: number; shortfall: number; atRisk: readonly string[];
    reason?: CountReason; reference?: string; onHand: number;
  }
>;
export type SafetyStockSet = E<'SafetyStockSet', { quantity: number; previous: number }>;

export type SupplyExpected = E<'SupplyExpected', { supplyId: string; kind: SupplyKind; quantity: number; eta: string; reference?: string }>;
/** `quantity` units moved to on-hand; `remaining` is what is still expected (0 closes the supply). */
export type SupplyArrived = E<'SupplyArrived', { supplyId: string; kind: SupplyKind; quantity: number; remaining: number; reference?: string; onHand: number }>;
/** `quantity` is the part that was still expected and will not come. */
export type SupplyCancelled = E<'SupplyCancelled', { supplyId: string; kind: SupplyKind; quantity: number; reason?: string }>;
/** The ETA of what is still expected (`quantity`) moved from `previousEta` to `eta` (later or earlier). */
export type SupplyRescheduled = E<'SupplyRescheduled', { supplyId: string; kind: SupplyKind; quantity: number; previousEta: string; eta: string; reason?: string }>;

export type StockReserved = E<'StockReserved', { reservationId: string; orderId: string; lineId: string; quantity: number; expiresAt: string }>;
export type ReservationConfirmed = E<'ReservationConfirmed', { reservationId: string; orderId: string; lineId: string; quantity: number }>;
/** `quantity` is what was still reserved (after any partial consumption) and is available again. */
export type ReservationReleased = E<'ReservationReleased', { reservationId: string; orderId: string; lineId: string; quantity: number; reason: ReleaseReason }>;
/** Units shipped out of a reservation: on-hand and the reservation both shrink by `quantity`. */
export type ReservationConsumed = E<
  'ReservationConsumed',
  { reservationId: string; orderId: string; lineId: string; shipmentId: string; quantity: number; remaining: number; onHand: number }
>;

export type InventoryEvent =
  | StockReceived | StockAdjusted | StockCounted | SafetyStockSet
  | SupplyExpected | SupplyArrived | SupplyCancelled | SupplyRescheduled
  | StockReserved | ReservationConfirmed | ReservationReleased | ReservationConsumed;

export const INVENTORY_EVENT_TYPES = [
  'StockReceived', 'StockAdjusted', 'StockCounted', 'SafetyStockSet',
  'SupplyExpected', 'SupplyArrived', 'SupplyCancelled', 'SupplyRescheduled',
  'StockReserved', 'ReservationConfirmed', 'ReservationReleased', 'ReservationConsumed',
] as const satisfies readonly InventoryEvent['type'][];
