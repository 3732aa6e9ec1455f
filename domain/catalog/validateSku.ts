import { Decimal } from 'decimal.js';
import { ValidationError } from '../shared/errors.js';
import { CURRENCY_PATTERN, minorUnits, money, toJson, type MoneyJson } from '../shared/money.js';
import { isKey, isLabel, isNonNegativeInteger } from '../network/identifier.js';
import { SKU_STATUSES, type SkuDefinition, type SkuStatus } from './events.js';

/** 1 t: heavier items are freight, not parcels, and need another flow. */
export const MAX_WEIGHT_GRAMS = 1_000_000;
/** 10 m per side. */
export const MAX_DIMENSION_MM = 10_000;
/** Plain decimal notation only: no exponent, no sign, no thousands separators. */
const AMOUNT_PATTERN = /^\d{1,15}(?:\.\d{1,10})?$/;
const TAX_CLASS_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

const invalid = (field: string, reason: string, value?: unknown): ValidationError =>
  new ValidationError('INVALID_SKU', `sku ${field} ${reason}`, value === undefined ? { field, reason } : { field, reason, value });

const check = (ok: boolean, field: string, reason: string, value?: unknown): void => {
  if (!ok) throw invalid(field, reason, value);
};

/**
 * A price must be a non-negative plain decimal with at most the currency's minor units
 * (2 for EUR, 0 for JPY, 3 for KWD). It is stored with exactly that many decimals ("19.9" → "19.90")
 * so equal prices are equal strings.
 */
export const validatePrice = (price: MoneyJson, field: string): MoneyJson => {
  check(typeof price === 'object' && price !== null, field, 'must be { amount, currency }');
  check(typeof price.currency === 'string' && CURRENCY_PATTERN.test(price.currency), `${field}.currency`,
    'must be an ISO 4217 code such as EUR', price.currency);
  check(typeof price.amount === 'string' && AMOUNT_PATTERN.test(price.amount), `${field}.amount`,
    'must be a non-negative decimal string such as "19.99"', price.amount);
  const amount = new Decimal(price.amount);
  const units = minorUnits(price.currency);
  check(amount.decimalPlaces() <= units, `${field}.amount`, `has more than ${units} decimals for ${price.currency}`, price.amount);
  return toJson(money(amount, price.currency));
};

const validatePrices = (prices: readonly MoneyJson[]): MoneyJson[] => {
  check(Array.isArray(prices), 'prices', 'must be a list of { amount, currency }');
  const normalised = prices.map((p, i) => validatePrice(p, `prices[${i}]`));
  const currencies = normalised.map((p) => p.currency);
  const duplicate = currencies.find((c, i) => currencies.indexOf(c) !== i);
  check(duplicate === undefined, 'prices', 'must hold at most one price per currency', duplicate);
  return normalised.sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
};

/** Validates and normalises a complete definition; throws `INVALID_SKU` naming the field. */
export const validateSkuDefinition = (d: SkuDefinition): SkuDefinition => {
  check(isKey(d.sku), 'sku', 'must be 1–64 characters of [A-Za-z0-9._:@-] starting with a letter or digit', d.sku);
  check(isLabel(d.name), 'name', 'must be a trimmed non-empty string of at most 200 characters', d.name);
  check(isNonNegativeInteger(d.weightGrams, MAX_WEIGHT_GRAMS), 'weightGrams', `must be an integer between 0 and ${MAX_WEIGHT_GRAMS}`, d.weightGrams);
  check(typeof d.dimensions === 'object' && d.dimensions !== null, 'dimensions', 'is required');
  for (const side of ['lengthMm', 'widthMm', 'heightMm'] as const) {
    const v = d.dimensions[side];
    check(isNonNegativeInteger(v, MAX_DIMENSION_MM) && v > 0, `dimensions.${side}`, `must be an integer between 1 and ${MAX_DIMENSION_MM}`, v);
  }
  check(typeof d.taxClass === 'string' && TAX_CLASS_PATTERN.test(d.taxClass), 'taxClass', 'must be a lower-case slug such as standard', d.taxClass);
  const prices = validatePrices(d.prices);
  check((SKU_STATUSES as readonly string[]).includes(d.status), 'status', `must be one of ${SKU_STATUSES.join(', ')}`, d.status);
  return {
    sku: d.sku,
    name: d.name,
    weightGrams: d.weightGrams,
    dimensions: { lengthMm: d.dimensions.lengthMm, widthMm: d.dimensions.widthMm, heightMm: d.dimensions.heightMm },
    taxClass: d.taxClass,
    prices,
    status: d.status as SkuStatus,
  };
};
