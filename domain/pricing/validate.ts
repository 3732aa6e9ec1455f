import { Decimal } from 'decimal.js';
import { ValidationError } from '../shared/errors.js';
import { CURRENCY_PATTERN, minorUnits, money, type Money, type MoneyJson } from '../shared/money.js';

const AMOUNT_PATTERN = /^-?\d+(\.\d+)?$/;

/**
 * Reads a `MoneyJson` coming from outside (command, rule table): a plain decimal string in the
 * expected currency, never more precise than the currency's minor unit (a JPY price of "1.5" is a
 * data error, not something to round silently).
 */
export const readMoney = (
  value: MoneyJson | undefined,
  currency: string,
  field: string,
  opts: { allowNegative?: boolean } = {},
): Money => {
  if (value === undefined || value === null || typeof value.amount !== 'string' || !AMOUNT_PATTERN.test(value.amount)) {
    throw new ValidationError('INVALID_MONEY', `${field} must be { amount: "<decimal>", currency }`, { field, value });
  }
  if (value.currency !== currency) {
    throw new ValidationError('CURRENCY_MISMATCH', `${field} is in ${value.currency}, expected ${currency}`, { field, expected: currency, actual: value.currency });
  }
  const amount = new Decimal(value.amount);
  if (amount.decimalPlaces() > minorUnits(currency)) {
    throw new ValidationError('INVALID_MONEY', `${field} has more decimals than ${currency} allows`, { field, value });
  }
  if (!opts.allowNegative && amount.isNegative() && !amount.isZero()) {
    throw new ValidationError('INVALID_MONEY', `${field} must not be negative`, { field, value });
  }
  return money(amount, currency);
};

/** A percentage as a decimal string within [0, max]. */
export const readPercent = (value: string | undefined, field: string, max = 100): Decimal => {
  if (typeof value !== 'string' || !AMOUNT_PATTERN.test(value)) {
    throw new ValidationError('INVALID_RATE', `${field} must be a percentage as a decimal string`, { field, value });
  }
  const pct = new Decimal(value);
  if (pct.isNegative() || pct.greaterThan(max)) {
    throw new ValidationError('INVALID_RATE', `${field} must be between 0 and ${max}`, { field, value });
  }
  return pct;
};

export const assertCurrency = (currency: unknown, field = 'currency'): string => {
  if (typeof currency !== 'string' || !CURRENCY_PATTERN.test(currency)) {
    throw new ValidationError('INVALID_CURRENCY', `${field} must be an ISO 4217 code`, { field, value: currency });
  }
  return currency;
};

export const assertPositiveInteger = (value: unknown, field: string): number => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new ValidationError('INVALID_QUANTITY', `${field} must be a positive integer`, { field, value });
  }
  return value;
};
