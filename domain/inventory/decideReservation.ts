import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { ConfirmReservation, ConsumeReservation, ExpireReservations, ReleaseReservation, ReserveStock } from './commands.js';
import { RELEASE_REASONS, type InventoryEvent } from './events.js';
import { parseInstant, requireInstant } from './instant.js';
import { requireQuantity } from './quantity.js';
import { expiredReservations } from './reaper.js';
import { availableOf, shortfallOfState, type ClosedReservation, type InventoryState, type PositionKey, type Reservation } from './state.js';
import { requireOneOf, requireReference } from './validateInput.js';

const CODE = 'INVALID_RESERVATION';

const notFound = (reservationId: string, key: PositionKey) =>
  new NotFoundError('RESERVATION_NOT_FOUND', `no reservation ${reservationId} at this position`, { ...key, reservationId });

const closed = (c: ClosedReservation, key: PositionKey) =>
  new ConflictError('RESERVATION_CLOSED', `reservation ${c.reservationId} was already ${c.outcome}`, {
    ...key, reservationId: c.reservationId, outcome: c.outcome, ...(c.reason ? { reason: c.reason } : {}),
  });

const ref = (r: Reservation) => ({ reservationId: r.reservationId, orderId: r.orderId, lineId: r.lineId });

/**
 * Holds `quantity` units for an order line until `expiresAt`.
 *
 * - Accepted only when `quantity ≤ available` (= onHand − reserved − safetyStock), so Σ reserved
 *   can never exceed on-hand; otherwise `OUT_OF_STOCK` (409). Two buyers of the last unit decide
 *   against the same revision; the event store's expected revision lets only one append, and the
 *   loser re-decides against the new state and gets `OUT_OF_STOCK`.
 * - Idempotent: the same reservation id with the same order, line and quantity is a no-op, so a
 *   retried checkout never reserves twice. Reusing an id for something else is a conflict; a
 *   released or consumed reservation is never revived under its old id.
 */
export const reserveStock = ({ data }: ReserveStock, state: InventoryState, key: PositionKey, now: number): InventoryEvent[] => {
  const reservationId = requireReference(data.reservationId, 'reservationId', CODE);
  const orderId = requireReference(data.orderId, 'orderId', CODE);
  const lineId = requireReference(data.lineId, 'lineId', CODE);
  const quantity = requireQuantity(data.quantity);
  const expiresAt = requireInstant(data.expiresAt, 'expiresAt', CODE);
  const active = state.reservations.get(reservationId);
  if (active) {
    if (active.orderId === orderId && active.lineId === lineId && active.reservedQuantity === quantity) return [];
    throw new ConflictError('RESERVATION_CONFLICT', `reservation ${reservationId} already exists for other details`, {
      ...key, reservationId, orderId: active.orderId, lineId: active.lineId, quantity: active.reservedQuantity,
    });
  }
  const done = state.closedReservations.get(reservationId);
  if (done) throw closed(done, key);
  if (expiresAt <= now) {
    throw new ValidationError(CODE, 'expiresAt must be after the command time', { field: 'expiresAt', reason: 'not in the future', value: data.expiresAt });
  }
  const available = availableOf(state);
  if (quantity > available) {
    throw new ConflictError('OUT_OF_STOCK', `only ${available} of ${quantity} units available`, {
      ...key, requested: quantity, available, onHand: state.onHand, reserved: state.reserved,
      safetyStock: state.safetyStock, shortfall: shortfallOfState(state),
    });
  }
  return [{ type: 'StockReserved', data: { ...key, reservationId, orderId, lineId, quantity, expiresAt: data.expiresAt } }];
};

/**
 * Turns a hold into an allocation: it stops expiring. A hold that has already run out (even if the
 * reaper has not released it yet) cannot be confirmed: the caller must reserve again.
 */
export const confirmReservation = ({ data }: ConfirmReservation, state: InventoryState, key: PositionKey, now: number): InventoryEvent[] => {
  const reservationId = requireReference(data.reservationId, 'reservationId', CODE);
  const r = state.reservations.get(reservationId);
  if (!r) {
    const done = state.closedReservations.get(reservationId);
    throw done ? closed(done, key) : notFound(reservationId, key);
  }
  if (r.status === 'confirmed') return [];
  const expiry = r.expiresAt === null ? Infinity : parseInstant(r.expiresAt) ?? Infinity;
  if (expiry <= now) {
    throw new ConflictError('RESERVATION_EXPIRED', `reservation ${reservationId} expired at ${r.expiresAt}`, { ...key, reservationId, expiresAt: r.expiresAt });
  }
  return [{ type: 'ReservationConfirmed', data: { ...key, ...ref(r), quantity: r.quantity } }];
};

/**
 * Gives the units back. Releasing an unknown or already finished reservation is a no-op, so
 * process managers (cancellation, compensation) can retry blindly without leaking or double-freeing.
 */
export const releaseReservation = ({ data }: ReleaseReservation, state: InventoryState, key: PositionKey): InventoryEvent[] => {
  const reservationId = requireReference(data.reservationId, 'reservationId', CODE);
  const reason = requireOneOf(RELEASE_REASONS, data.reason, 'reason', CODE);
  const r = state.reservations.get(reservationId);
  if (!r) return [];
  return [{ type: 'ReservationReleased', data: { ...key, ...ref(r), quantity: r.quantity, reason } }];
};

/**
 * A shipment takes `quantity` units out of a reservation and off the shelf (partial allowed; the
 * reservation closes at 0). Held or confirmed reservations may be consumed — even an overdue hold,
 * since the goods physically left. Idempotent per `shipmentId`.
 */
export const consumeReservation = ({ data }: ConsumeReservation, state: InventoryState, key: PositionKey): InventoryEvent[] => {
  const reservationId = requireReference(data.reservationId, 'reservationId', CODE);
  const shipmentId = requireReference(data.shipmentId, 'shipmentId', CODE);
  const quantity = requireQuantity(data.quantity);
  const r = state.reservations.get(reservationId);
  const done = state.closedReservations.get(reservationId);
  const earlier = (r ?? done)?.shipments.find((s) => s.shipmentId === shipmentId);
  if (earlier) {
    if (earlier.quantity === quantity) return [];
    throw new ConflictError('SHIPMENT_CONFLICT', `shipment ${shipmentId} already consumed ${earlier.quantity} units`, {
      ...key, reservationId, shipmentId, consumed: earlier.quantity, requested: quantity,
    });
  }
  if (!r) throw done ? closed(done, key) : notFound(reservationId, key);
  if (quantity > r.quantity) {
    throw new ConflictError('RESERVATION_QUANTITY_EXCEEDED', `reservation ${reservationId} holds ${r.quantity}, not ${quantity}`, {
      ...key, reservationId, reserved: r.quantity, requested: quantity,
    });
  }
  // Only possible during a count shortfall: the reservation exists but the units do not.
  if (quantity > state.onHand) {
    throw new ConflictError('INSUFFICIENT_STOCK', `only ${state.onHand} units on hand`, { ...key, onHand: state.onHand, requested: quantity });
  }
  return [{
    type: 'ReservationConsumed',
    data: { ...key, ...ref(r), shipmentId, quantity, remaining: r.quantity - quantity, onHand: state.onHand - quantity },
  }];
};

/** Releases every hold whose `expiresAt` ≤ now (reason `expired`); running it again finds nothing. */
export const expireReservations = (_command: ExpireReservations, state: InventoryState, key: PositionKey, now: number): InventoryEvent[] =>
  expiredReservations(state, now).map((r) => ({
    type: 'ReservationReleased',
    data: { ...key, ...ref(r), quantity: r.quantity, reason: 'expired' },
  }));
