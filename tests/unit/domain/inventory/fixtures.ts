import type { InventoryCommand, InventoryEvent } from '../../../../domain/inventory/index.js';
import { inventoryDecider } from '../../../../domain/inventory/index.js';
import { commandOf, specFor } from '../support/givenWhenThen.js';

/** Shared vocabulary for the inventory specs: one position, `dc-paris` × `SKU-1`, at 10:00 UTC. */
export const key = { nodeId: 'dc-paris', sku: 'SKU-1' } as const;
export const NOW = '2025-03-01T10:00:00.000Z';
export const IN_15_MIN = '2025-03-01T10:15:00.000Z';
export const IN_1_HOUR = '2025-03-01T11:00:00.000Z';
export const AGO_1_MIN = '2025-03-01T09:59:00.000Z';

export const given = specFor(inventoryDecider);

type CommandOf<T extends InventoryCommand['type']> = Extract<InventoryCommand, { type: T }>;
type DataOf<T extends InventoryCommand['type']> = Omit<CommandOf<T>['data'], 'nodeId' | 'sku'>;

/** A command for the fixture position (`at` overrides metadata.now). */
export const cmd = <T extends InventoryCommand['type']>(type: T, data: DataOf<T>, at = NOW): CommandOf<T> =>
  commandOf<CommandOf<T>>(type, { ...key, ...data }, { now: at });

// Event builders for histories (`given`) — plain data, as the store would hand them back.
export const received = (quantity: number, onHand = quantity, reference = 'GRN-1'): InventoryEvent =>
  ({ type: 'StockReceived', data: { ...key, quantity, reference, onHand } });

export const reserved = (reservationId: string, quantity: number, expiresAt = IN_15_MIN, orderId = `o-${reservationId}`, lineId = 'l1'): InventoryEvent =>
  ({ type: 'StockReserved', data: { ...key, reservationId, orderId, lineId, quantity, expiresAt } });

export const confirmed = (reservationId: string, quantity: number, orderId = `o-${reservationId}`, lineId = 'l1'): InventoryEvent =>
  ({ type: 'ReservationConfirmed', data: { ...key, reservationId, orderId, lineId, quantity } });

export const released = (reservationId: string, quantity: number, reason: 'cancelled' | 'expired' | 'rejected' | 'compensation' = 'cancelled', orderId = `o-${reservationId}`, lineId = 'l1'): InventoryEvent =>
  ({ type: 'ReservationReleased', data: { ...key, reservationId, orderId, lineId, quantity, reason } });

export const consumed = (reservationId: string, shipmentId: string, quantity: number, remaining: number, onHand: number, orderId = `o-${reservationId}`, lineId = 'l1'): InventoryEvent =>
  ({ type: 'ReservationConsumed', data: { ...key, reservationId, orderId, lineId, shipmentId, quantity, remaining, onHand } });

export const safety = (quantity: number, previous = 0): InventoryEvent => ({ type: 'SafetyStockSet', data: { ...key, quantity, previous } });

export const counted = (count: number, previousOnHand: number, reservedUnits = 0, atRisk: string[] = []): InventoryEvent => ({
  type: 'StockCounted',
  data: { ...key, counted: count, previousOnHand, delta: count - previousOnHand, reserved: reservedUnits, shortfall: Math.max(0, reservedUnits - count), atRisk, reason: 'cycle_count', onHand: count },
});

export const expected = (supplyId: string, kind: 'purchase_order' | 'transfer', quantity: number, eta: string): InventoryEvent =>
  ({ type: 'SupplyExpected', data: { ...key, supplyId, kind, quantity, eta } });

export const arrived = (supplyId: string, kind: 'purchase_order' | 'transfer', quantity: number, remaining: number, onHand: number): InventoryEvent =>
  ({ type: 'SupplyArrived', data: { ...key, supplyId, kind, quantity, remaining, onHand } });
