import { LayeredMap } from '../shared/layeredMap.js';
import type { InventoryEvent } from './events.js';
import type { ClosedReservation, InventoryCounters, InventoryState, Reservation } from './state.js';

// A position keeps every reservation it ever held: copying a Map per event made its fold quadratic.
const withEntry = <K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> => LayeredMap.of(map).with(key, value);
const withoutEntry = <K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> => LayeredMap.of(map).without(key);

const close = (r: Reservation, outcome: ClosedReservation['outcome'], extra: Partial<ClosedReservation> = {}): ClosedReservation => ({
  reservationId: r.reservationId, orderId: r.orderId, lineId: r.lineId, reservedQuantity: r.reservedQuantity,
  outcome, shipments: r.shipments, ...extra,
});

const count = (state: InventoryState, changes: Partial<InventoryCounters>): InventoryCounters => {
  const next = { ...state.counters };
  for (const [k, v] of Object.entries(changes) as [keyof InventoryCounters, number][]) next[k] += v;
  return next;
};

/**
 * Applies one event. Evolve never validates: events are facts already decided. It only
 * recomputes from the event's inputs (deltas, quantities), never trusts derived totals carried for
 * readers (`onHand` in events), so a replay always rebuilds the same numbers.
 */
export const evolveInventory = (state: InventoryState, event: InventoryEvent): InventoryState => {
  const base: InventoryState = {
    ...state,
    nodeId: state.nodeId ?? event.data.nodeId,
    sku: state.sku ?? event.data.sku,
    version: state.version + 1,
  };
  switch (event.type) {
    case 'StockReceived':
      return { ...base, onHand: state.onHand + event.data.quantity, counters: count(state, { received: event.data.quantity }) };
    case 'StockAdjusted':
      return { ...base, onHand: state.onHand + event.data.delta, counters: count(state, { adjusted: event.data.delta }) };
    case 'StockCounted':
      return { ...base, onHand: event.data.counted, counters: count(state, { counted: event.data.counted - state.onHand }) };
    case 'SafetyStockSet':
      return { ...base, safetyStock: event.data.quantity };
    case 'SupplyExpected': {
      const { supplyId, kind, quantity, eta } = event.data;
      return { ...base, supplies: withEntry(state.supplies, supplyId, { supplyId, kind, quantity, eta, arrived: 0, status: 'expected' }) };
    }
    case 'SupplyArrived': {
      const supply = state.supplies.get(event.data.supplyId);
      if (!supply) return base;
      const arrived = supply.arrived + event.data.quantity;
      // Over-delivery is accepted at the dock (reality wins), so "arrived" means at least what was announced.
      const status = arrived >= supply.quantity ? 'arrived' : 'expected';
      return {
        ...base,
        onHand: state.onHand + event.data.quantity,
        supplies: withEntry(state.supplies, supply.supplyId, { ...supply, arrived, status }),
        counters: count(state, { received: event.data.quantity }),
      };
    }
    case 'SupplyCancelled': {
      const supply = state.supplies.get(event.data.supplyId);
      if (!supply) return base;
      return { ...base, supplies: withEntry(state.supplies, supply.supplyId, { ...supply, status: 'cancelled' }) };
    }
    case 'SupplyRescheduled': {
      const supply = state.supplies.get(event.data.supplyId);
      if (!supply) return base;
      return { ...base, supplies: withEntry(state.supplies, supply.supplyId, { ...supply, eta: event.data.eta }) };
    }
    case 'StockReserved': {
      const { reservationId, orderId, lineId, quantity, expiresAt } = event.data;
      const reservation: Reservation = {
        reservationId, orderId, lineId, quantity, reservedQuantity: quantity, expiresAt, status: 'held', seq: base.version, shipments: [],
      };
      return {
        ...base,
        reserved: state.reserved + quantity,
        reservations: withEntry(state.reservations, reservationId, reservation),
        counters: count(state, { reservedTotal: quantity }),
      };
    }
    case 'ReservationConfirmed': {
      const r = state.reservations.get(event.data.reservationId);
      if (!r) return base;
      return { ...base, reservations: withEntry(state.reservations, r.reservationId, { ...r, status: 'confirmed', expiresAt: null }) };
    }
    case 'ReservationReleased': {
      const r = state.reservations.get(event.data.reservationId);
      if (!r) return base;
      return {
        ...base,
        reserved: state.reserved - r.quantity,
        reservations: withoutEntry(state.reservations, r.reservationId),
        closedReservations: withEntry(state.closedReservations, r.reservationId, close(r, 'released', { reason: event.data.reason })),
        counters: count(state, { releasedTotal: r.quantity, expiredTotal: event.data.reason === 'expired' ? r.quantity : 0 }),
      };
    }
    case 'ReservationConsumed': {
      const r = state.reservations.get(event.data.reservationId);
      if (!r) return base;
      const q = event.data.quantity;
      const updated: Reservation = { ...r, quantity: r.quantity - q, shipments: [...r.shipments, { shipmentId: event.data.shipmentId, quantity: q }] };
      const finished = updated.quantity === 0;
      return {
        ...base,
        onHand: state.onHand - q,
        reserved: state.reserved - q,
        reservations: finished ? withoutEntry(state.reservations, r.reservationId) : withEntry(state.reservations, r.reservationId, updated),
        closedReservations: finished
          ? withEntry(state.closedReservations, r.reservationId, close(updated, 'consumed'))
          : state.closedReservations,
        counters: count(state, { consumed: q }),
      };
    }
    default: {
      const unknown: never = event;
      void unknown;
      return base;
    }
  }
};
