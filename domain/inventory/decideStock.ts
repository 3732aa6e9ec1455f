import { ConflictError, ValidationError } from '../shared/errors.js';
import type { AdjustStock, CountStock, ReceiveStock, SetSafetyStock } from './commands.js';
import { ADJUSTMENT_REASONS, COUNT_REASONS, type AdjustmentReason, type InventoryEvent } from './events.js';
import { requireDelta, requireLevel, requireQuantity } from './quantity.js';
import type { InventoryState, PositionKey, Reservation } from './state.js';
import { optional, optionalReference, optionalText, requireOneOf, requireReference } from './validateInput.js';

export const receiveStock = ({ data }: ReceiveStock, state: InventoryState, key: PositionKey): InventoryEvent[] => {
  const quantity = requireQuantity(data.quantity);
  const reference = requireReference(data.reference, 'reference', 'INVALID_INVENTORY_COMMAND');
  return [{ type: 'StockReceived', data: { ...key, quantity, reference, onHand: state.onHand + quantity } }];
};

/** Reasons that only ever remove stock, and those that only ever add it; the rest may go either way. */
const DECREASING: readonly AdjustmentReason[] = ['damage', 'shrink', 'transfer_out'];
const INCREASING: readonly AdjustmentReason[] = ['found', 'returned', 'transfer_in'];

/**
 * A signed correction. It may never take on-hand below what active reservations hold: those units
 * are promised to orders, so a damaged unit must be handled by releasing or re-sourcing a
 * reservation first. (A count, unlike an adjustment, records reality even then.)
 */
export const adjustStock = ({ data }: AdjustStock, state: InventoryState, key: PositionKey): InventoryEvent[] => {
  const delta = requireDelta(data.delta);
  const reason = requireOneOf(ADJUSTMENT_REASONS, data.reason, 'reason', 'INVALID_ADJUSTMENT');
  if (DECREASING.includes(reason) && delta > 0) {
    throw new ValidationError('INVALID_ADJUSTMENT', `a ${reason} adjustment must decrease stock`, { field: 'delta', reason: 'wrong sign', value: delta });
  }
  if (INCREASING.includes(reason) && delta < 0) {
    throw new ValidationError('INVALID_ADJUSTMENT', `a ${reason} adjustment must increase stock`, { field: 'delta', reason: 'wrong sign', value: delta });
  }
  const reference = optionalReference(data.reference, 'reference', 'INVALID_INVENTORY_COMMAND');
  const note = optionalText(data.note, 'note', 'INVALID_INVENTORY_COMMAND');
  const onHand = state.onHand + delta;
  if (onHand < state.reserved) {
    throw new ConflictError('INSUFFICIENT_STOCK', `cannot remove ${-delta} units: ${state.reserved} of ${state.onHand} on hand are reserved`, {
      ...key, delta, onHand: state.onHand, reserved: state.reserved, maxDecrease: Math.max(0, state.onHand - state.reserved),
    });
  }
  return [{ type: 'StockAdjusted', data: { ...key, delta, reason, ...optional('reference', reference), ...optional('note', note), onHand } }];
};

/**
 * Which reservations a shortfall puts at risk, in the order a re-sourcing process should move
 * them: held before confirmed (a hold is an unpaid cart/checkout, a confirmed reservation is an
 * allocated order), newest first within each (last promised, first re-promised), until their
 * quantities cover the shortfall.
 */
export const reservationsAtRisk = (state: InventoryState, shortfall: number): string[] => {
  if (shortfall <= 0) return [];
  const rank = (r: Reservation) => (r.status === 'held' ? 0 : 1);
  const ordered = [...state.reservations.values()].sort((a, b) => rank(a) - rank(b) || b.seq - a.seq);
  const picked: string[] = [];
  let covered = 0;
  for (const r of ordered) {
    if (covered >= shortfall) break;
    picked.push(r.reservationId);
    covered += r.quantity;
  }
  return picked;
};

/**
 * A physical count sets on-hand to what was counted — reality wins, even below what is reserved.
 * The absolute count is recorded as the delta it makes (`counted − previousOnHand`) with its
 * reason (`cycle_count` unless the counter says otherwise), so the ledger explains every change.
 *
 * Reservations are deliberately NOT released by the count: which order loses its units is a
 * sourcing decision (another node may cover it), not an inventory fact. Instead the event flags
 * `shortfall = reserved − counted` and lists `atRisk`; a process re-sources or releases those, and
 * until receipts, found stock or releases heal the gap, `available` is 0 so no new reservation
 * is accepted and adjustments cannot remove stock.
 */
export const countStock = ({ data }: CountStock, state: InventoryState, key: PositionKey): InventoryEvent[] => {
  const counted = requireLevel(data.counted, 'counted');
  const reason = data.reason === undefined ? 'cycle_count' : requireOneOf(COUNT_REASONS, data.reason, 'reason', 'INVALID_INVENTORY_COMMAND');
  const reference = optionalReference(data.reference, 'reference', 'INVALID_INVENTORY_COMMAND');
  const shortfall = Math.max(0, state.reserved - counted);
  return [{
    type: 'StockCounted',
    data: {
      ...key,
      counted,
      previousOnHand: state.onHand,
      delta: counted - state.onHand,
      reserved: state.reserved,
      shortfall,
      atRisk: reservationsAtRisk(state, shortfall),
      reason,
      ...optional('reference', reference),
      onHand: counted,
    },
  }];
};

/** Safety stock is a selling buffer, not physical stock: it may exceed on-hand (available is then 0). */
export const setSafetyStock = ({ data }: SetSafetyStock, state: InventoryState, key: PositionKey): InventoryEvent[] => {
  const quantity = requireLevel(data.quantity, 'quantity');
  if (quantity === state.safetyStock) return [];
  return [{ type: 'SafetyStockSet', data: { ...key, quantity, previous: state.safetyStock } }];
};
