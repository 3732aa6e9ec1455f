import { BadRequestError, ValidationError } from '../shared/errors.js';

/**
 * ISO-8601 instants with an explicit offset ("2025-03-01T10:00:00Z", "…+01:00"). Local date-times
 * without an offset are rejected: they would be read in the server's zone and decide differently
 * on another machine.
 */
const ISO_INSTANT =
  /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,3})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

export const DAY_MS = 86_400_000;

/** Epoch milliseconds of an ISO instant, or undefined when it is not one. Pure: parses its argument only. */
export const parseInstant = (value: unknown): number | undefined => {
  if (typeof value !== 'string') return undefined;
  const match = ISO_INSTANT.exec(value);
  if (match === null) return undefined;
  // Date.parse rolls 2025-02-30 over to March 2nd: check the calendar date really exists.
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
};

/** The command's business time (`metadata.now`); a malformed one is the caller's bug (400). */
export const requireNow = (now: unknown): number => {
  const ms = parseInstant(now);
  if (ms === undefined) throw new BadRequestError('INVALID_METADATA', 'metadata.now must be an ISO-8601 instant with offset', { field: 'metadata.now', value: now });
  return ms;
};

export const requireInstant = (value: unknown, field: string, code: string): number => {
  const ms = parseInstant(value);
  if (ms === undefined) throw new ValidationError(code, `${field} must be an ISO-8601 instant with offset`, { field, reason: 'not an ISO-8601 instant', value });
  return ms;
};
