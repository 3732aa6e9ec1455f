import { ValidationError } from '../shared/errors.js';
import { minorUnits } from '../shared/money.js';

/**
 * Exact decimal arithmetic on integers of nano-units (1e-9), for the optimiser's inner loop and
 * the per-candidate cost breakdowns: decimal.js costs ~8 µs per breakdown, which is 4 ms over 500
 * candidates. Rates have at most 6 decimals, weights are whole grams and distances whole metres,
 * so every product below is an exact integer; anything that would leave the safe-integer range
 * is refused instead of rounded. The decision's shipments and totals are still computed with
 * decimal.js (see `shipmentCost.ts`) and a test checks the two agree.
 */
export const NANO = 1_000_000_000;
const MICRO = 1_000_000;
const RATE = /^(\d{1,9})(?:\.(\d{1,6}))?$/;

/** "4.90" → 4_900_000 micro-units; non-negative, ≤ 6 decimals. */
export const parseMicro = (value: string, field: string): number => {
  const m = RATE.exec(value);
  if (!m) throw new ValidationError('INVALID_RATE', `${field} must be a non-negative decimal with ≤ 6 decimals: ${value}`, { field, value });
  return Number(m[1]) * MICRO + Number((m[2] ?? '').padEnd(6, '0'));
};

export const safe = (n: number, what: string): number => {
  if (!Number.isSafeInteger(n)) throw new ValidationError('COST_OUT_OF_RANGE', `${what} is out of the exact range`, { what });
  return n;
};

/** micro-rate × integer quantity where the rate is per 1000 of the quantity (per kg × grams, per km × metres) → nano. */
export const perThousandNano = (rateMicro: number, quantity: number): number => safe(rateMicro * quantity, 'cost');

export const microToNano = (micro: number): number => micro * 1000;

/** Nano → amount string with the currency's minor units, rounded half-even like `roundMoney`. */
export const formatNano = (nano: number, currency: string): string => {
  const digits = minorUnits(currency);
  const div = 10 ** (9 - digits);
  let q = Math.floor(nano / div);
  const r = nano - q * div;
  if (2 * r > div || (2 * r === div && q % 2 === 1)) q += 1;
  if (digits === 0) return String(q);
  const s = String(q).padStart(digits + 1, '0');
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
};

/** Nano rounded half-even to the currency's minor unit, still in nano (so rounded parts add up). */
export const roundNano = (nano: number, currency: string): number => {
  const div = 10 ** (9 - minorUnits(currency));
  let q = Math.floor(nano / div);
  const r = nano - q * div;
  if (2 * r > div || (2 * r === div && q % 2 === 1)) q += 1;
  return q * div;
};
