import type { InventoryEvent, InventoryPosition, OpenSupply } from '../../domain/inventory/index.js';

/**
 * Folds inventory events into the `InventoryPosition` snapshot that availability reads, without
 * the reservation and supply bookkeeping the aggregate keeps. It must agree with
 * `positionFromState(fold(inventoryDecider, events))` for every history — the property test
 * `tests/property/inventory` and `oms verify inventory` both check that it does.
 */
export const emptyPosition = (nodeId: string, sku: string): InventoryPosition =>
  ({ nodeId, sku, onHand: 0, reserved: 0, safetyStock: 0, supplies: [], version: 0 });

const bySupplyId = (a: OpenSupply, b: OpenSupply) => (a.supplyId < b.supplyId ? -1 : a.supplyId > b.supplyId ? 1 : 0);

/** Takes `quantity` units off one open supply; a supply with nothing left is no longer open. */
const arrive = (supplies: readonly OpenSupply[], supplyId: string, quantity: number): OpenSupply[] =>
  supplies.flatMap((s) => (s.supplyId !== supplyId ? [s] : s.quantity - quantity > 0 ? [{ ...s, quantity: s.quantity - quantity }] : []));

/** `revision` is the event's stream revision: the snapshot's version is revision + 1. */
export const evolvePosition = (position: InventoryPosition, event: InventoryEvent, revision: number): InventoryPosition => {
  const p = { ...position, version: revision + 1 };
  switch (event.type) {
    case 'StockReceived':
      return { ...p, onHand: position.onHand + event.data.quantity };
    case 'StockAdjusted':
      return { ...p, onHand: position.onHand + event.data.delta };
    case 'StockCounted':
      return { ...p, onHand: event.data.counted };
    case 'SafetyStockSet':
      return { ...p, safetyStock: event.data.quantity };
    case 'SupplyExpected': {
      const { supplyId, kind, quantity, eta } = event.data;
      const others = position.supplies.filter((s) => s.supplyId !== supplyId);
      return { ...p, supplies: [...others, { supplyId, kind, quantity, eta }].sort(bySupplyId) };
    }
    case 'SupplyArrived':
      return { ...p, onHand: position.onHand + event.data.quantity, supplies: arrive(position.supplies, event.data.supplyId, event.data.quantity) };
    case 'SupplyCancelled':
      return { ...p, supplies: position.supplies.filter((s) => s.supplyId !== event.data.supplyId) };
    case 'SupplyRescheduled':
      return { ...p, supplies: position.supplies.map((s) => (s.supplyId === event.data.supplyId ? { ...s, eta: event.data.eta } : s)) };
    case 'StockReserved':
      return { ...p, reserved: position.reserved + event.data.quantity };
    case 'ReservationConfirmed':
      return p;
    case 'ReservationReleased':
      return { ...p, reserved: position.reserved - event.data.quantity };
    case 'ReservationConsumed':
      return { ...p, onHand: position.onHand - event.data.quantity, reserved: position.reserved - event.data.quantity };
    default:
      return p;
  }
};
