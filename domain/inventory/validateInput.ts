import { isLabel, isReference } from '../network/identifier.js';
import { ValidationError } from '../shared/errors.js';

/** Ids and references carried in inventory commands (order, line, reservation, shipment, supply, receipt). */
export const requireReference = (value: unknown, field: string, code: string): string => {
  if (!isReference(value)) {
    throw new ValidationError(code, `${field} must be 1–128 printable characters without spaces`, { field, reason: 'not a reference', value });
  }
  return value;
};

export const optionalReference = (value: unknown, field: string, code: string): string | undefined =>
  value === undefined ? undefined : requireReference(value, field, code);

export const optionalText = (value: unknown, field: string, code: string): string | undefined => {
  if (value === undefined) return undefined;
  if (!isLabel(value, 500)) throw new ValidationError(code, `${field} must be trimmed text of at most 500 characters`, { field, reason: 'not text', value });
  return value;
};

export const requireOneOf = <T extends string>(allowed: readonly T[], value: unknown, field: string, code: string): T => {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ValidationError(code, `${field} must be one of ${allowed.join(', ')}`, { field, reason: 'unknown value', value });
  }
  return value as T;
};

/** Spreads `{ [key]: value }` only when the value is present, so events never hold `undefined`. */
export const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
