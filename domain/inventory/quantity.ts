import { ValidationError } from '../shared/errors.js';

/** Largest quantity one command may move (a line, a receipt, an adjustment): bigger numbers are typos or unit mix-ups. */
export const MAX_LINE_QUANTITY = 1_000_000;
/** Largest absolute stock level a count or a safety-stock setting may state. */
export const MAX_STOCK_LEVEL = 1_000_000_000;

const invalidQuantity = (field: string, reason: string, value: unknown): ValidationError =>
  new ValidationError('INVALID_QUANTITY', `${field} ${reason}`, { field, reason, value });

const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);

/** Quantities moved by a command: a whole number of units, 1 … 1,000,000. */
export const requireQuantity = (value: unknown, field = 'quantity'): number => {
  if (!isInteger(value) || value < 1 || value > MAX_LINE_QUANTITY) {
    throw invalidQuantity(field, `must be a whole number between 1 and ${MAX_LINE_QUANTITY}`, value);
  }
  return value;
};

/** Absolute levels (counted quantity, safety stock): a whole number 0 … 1,000,000,000. */
export const requireLevel = (value: unknown, field: string): number => {
  if (!isInteger(value) || value < 0 || value > MAX_STOCK_LEVEL) {
    throw invalidQuantity(field, `must be a whole number between 0 and ${MAX_STOCK_LEVEL}`, value);
  }
  return value;
};

/** Signed adjustments: a non-zero whole number of at most 1,000,000 units either way. */
export const requireDelta = (value: unknown, field = 'delta'): number => {
  if (!isInteger(value) || value === 0 || Math.abs(value) > MAX_LINE_QUANTITY) {
    throw invalidQuantity(field, `must be a non-zero whole number between -${MAX_LINE_QUANTITY} and ${MAX_LINE_QUANTITY}`, value);
  }
  return value;
};
