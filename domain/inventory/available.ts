/**
 * The one definition of a location's available-to-sell quantity, used by the inventory decider
 * (to accept or refuse a reservation) and by every availability read (`nodeAvailability`,
 * `computeAts`), so the number a shopper sees and the number a reservation is checked against
 * cannot disagree.
 *
 *   reserved  = Σ quantity of active reservations (held + confirmed)
 *   available = max(0, onHand − reserved − safetyStock)
 *   shortfall = max(0, reserved − onHand)       (only after a count found less than was promised)
 *
 * `available` is clamped at 0 per location *before* anything sums it, so one location in shortfall
 * never subtracts from another location's stock (a network total is Σ of per-location values).
 */
export type StockLevels = Readonly<{ onHand: number; reserved: number; safetyStock: number }>;

export const availableToSell = ({ onHand, reserved, safetyStock }: StockLevels): number =>
  Math.max(0, onHand - reserved - safetyStock);

export const shortfallOf = ({ onHand, reserved }: Pick<StockLevels, 'onHand' | 'reserved'>): number =>
  Math.max(0, reserved - onHand);
