import { Decimal } from 'decimal.js';
import { minorUnits } from '../shared/money.js';

/**
 * Amount strings as they travel in commands and events. Computations use decimal.js; results are
 * written with exactly the currency's minor units so events compare byte for byte on replay.
 */
const AMOUNT_PATTERN = /^\d{1,15}(\.\d{1,6})?$/;

/** A non-negative decimal string (up to 6 decimals: unit prices after discount allocation may carry more than cents). */
export const isAmount = (value: unknown): value is string => typeof value === 'string' && AMOUNT_PATTERN.test(value);

export const dec = (amount: string | Decimal): Decimal => new Decimal(amount);

export const ZERO = new Decimal(0);

/** Rounds half-even to the currency's minor units (as `roundMoney`) and formats. */
export const fmt = (amount: Decimal, currency: string): string =>
  amount.toDecimalPlaces(minorUnits(currency), Decimal.ROUND_HALF_EVEN).toFixed(minorUnits(currency));

export const round = (amount: Decimal, currency: string): Decimal =>
  amount.toDecimalPlaces(minorUnits(currency), Decimal.ROUND_HALF_EVEN);

export const sumOf = (values: readonly (string | Decimal)[]): Decimal =>
  values.reduce<Decimal>((acc, v) => acc.plus(v), new Decimal(0));

export const maxDec = (a: Decimal, b: Decimal): Decimal => (a.greaterThan(b) ? a : b);
export const minDec = (a: Decimal, b: Decimal): Decimal => (a.lessThan(b) ? a : b);
