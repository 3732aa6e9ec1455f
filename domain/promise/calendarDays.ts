import { ValidationError } from '../shared/errors.js';

/**
 * Calendar arithmetic on "day numbers" (days since 1970-01-01 of a wall calendar). The promise
 * engine iterates days in its inner loop; integers keep that loop free of luxon and of
 * allocation, and a day number means the same local date in every time zone.
 */
export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HH_MM = /^([01]\d|2[0-4]):([0-5]\d)$/;

export const dayFromIsoDate = (date: string): number => {
  const m = ISO_DATE.exec(date);
  if (!m) throw new ValidationError('INVALID_DATE', `not a YYYY-MM-DD date: ${date}`, { date });
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const day = ms / DAY_MS;
  if (isoDateFromDay(day) !== date) throw new ValidationError('INVALID_DATE', `no such date: ${date}`, { date });
  return day;
};

/** Day number → "YYYY-MM-DD" (Hinnant's civil_from_days; no Date allocation in the hot path). */
export const isoDateFromDay = (day: number): string => {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y < 1000 ? String(y).padStart(4, '0') : y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
};

/** ISO weekday 1 (Mon) … 7 (Sun); day 0 (1970-01-01) was a Thursday. */
export const isoWeekday = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;

const WEEKDAY_NAMES = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
export const weekdayName = (day: number): string => WEEKDAY_NAMES[isoWeekday(day)]!;

/** "HH:MM" → minutes after local midnight; "24:00" is allowed as an end of day. */
export const parseHhMm = (value: string): number => {
  const m = HH_MM.exec(value);
  if (!m) throw new ValidationError('INVALID_TIME', `not an HH:MM time: ${value}`, { value });
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (minutes > 1440) throw new ValidationError('INVALID_TIME', `not an HH:MM time: ${value}`, { value });
  return minutes;
};

export const formatHhMm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Weekday flags indexed 1…7, for O(1) membership tests in loops. */
export const weekdayFlags = (days: readonly number[]): readonly boolean[] => {
  const flags = new Array<boolean>(8).fill(false);
  for (const d of days) {
    if (!Number.isInteger(d) || d < 1 || d > 7) throw new ValidationError('INVALID_WEEKDAY', `ISO weekday must be 1..7: ${d}`);
    flags[d] = true;
  }
  return flags;
};

export const daySet = (dates: readonly string[]): ReadonlySet<number> => new Set(dates.map(dayFromIsoDate));

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an ISO-8601 instant that carries an explicit offset; a bare local time would be ambiguous. */
export const parseInstant = (value: string, field = 'now'): number => {
  const ms = ISO_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new ValidationError('INVALID_INSTANT', `${field} must be an ISO-8601 instant with offset: ${value}`, { field, value });
  return ms;
};
