import { IANAZone } from 'luxon';
import { ValidationError } from '../shared/errors.js';
import { DAY_MS, MINUTE_MS } from './calendarDays.js';

/**
 * Time-zone conversions for the promise engine. luxon answers "what is the UTC offset of zone Z at
 * instant T" correctly (DST, historic rules) but each answer costs ~10 µs (Intl formatToParts).
 * We ask it at most twice per zone per UTC day and remember the answer (plus the transition
 * minute on DST days), so the inner loop is plain arithmetic. The memo is a cache of a pure
 * function of the tz database: it never changes a result, only its cost.
 *
 * "Wall ms" = local wall-clock time expressed as if it were UTC ms; `Math.floor(wall / DAY_MS)` is
 * the local day number.
 */
export type ZoneClock = Readonly<{
  timezone: string;
  /** UTC offset in minutes at an instant. */
  offsetMinutes: (epochMs: number) => number;
  toWall: (epochMs: number) => number;
  /** Wall time → instant; a wall time inside a DST gap moves forward, one in an overlap takes the earlier instant. */
  fromWall: (wallMs: number) => number;
  localDay: (epochMs: number) => number;
  /** Instant at local `minuteOfDay` on local day `day`. */
  at: (day: number, minuteOfDay: number) => number;
  /** ISO-8601 with the zone's offset, e.g. 2026-11-28T09:00:00+01:00. */
  formatIso: (epochMs: number) => string;
  /** "2026-11-28 09:00" local, for explanations. */
  formatLocal: (epochMs: number) => string;
}>;

type DayOffsets = { start: number; end: number; transitionMs: number };

const MAX_CACHED_DAYS = 20_000;

const makeClock = (timezone: string): ZoneClock => {
  const zone = IANAZone.create(timezone);
  if (!zone.isValid) throw new ValidationError('INVALID_TIMEZONE', `unknown IANA time zone: ${timezone}`, { timezone });
  const days = new Map<number, DayOffsets>();

  const dayOffsets = (utcDay: number): DayOffsets => {
    let entry = days.get(utcDay);
    if (entry) return entry;
    const startMs = utcDay * DAY_MS;
    const start = zone.offset(startMs);
    const end = zone.offset(startMs + DAY_MS);
    let transitionMs = startMs + DAY_MS;
    if (start !== end) {
      // Binary search the first minute of the day that has the new offset.
      let lo = 0;
      let hi = 1440;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (zone.offset(startMs + mid * MINUTE_MS) === start) lo = mid;
        else hi = mid;
      }
      transitionMs = startMs + hi * MINUTE_MS;
    }
    if (days.size >= MAX_CACHED_DAYS) days.clear();
    entry = { start, end, transitionMs };
    days.set(utcDay, entry);
    return entry;
  };

  const offsetMinutes = (epochMs: number): number => {
    const d = dayOffsets(Math.floor(epochMs / DAY_MS));
    return epochMs < d.transitionMs ? d.start : d.end;
  };
  const toWall = (epochMs: number): number => epochMs + offsetMinutes(epochMs) * MINUTE_MS;
  // Same fix-point as luxon's objToTS/fixOffset.
  const fromWall = (wallMs: number): number => {
    const o = offsetMinutes(wallMs);
    let guess = wallMs - o * MINUTE_MS;
    const o2 = offsetMinutes(guess);
    if (o === o2) return guess;
    guess -= (o2 - o) * MINUTE_MS;
    const o3 = offsetMinutes(guess);
    if (o2 === o3) return guess;
    return wallMs - Math.min(o2, o3) * MINUTE_MS;
  };
  const formatOffset = (minutes: number): string => {
    if (minutes === 0) return 'Z';
    const abs = Math.abs(minutes);
    return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  };
  return {
    timezone,
    offsetMinutes,
    toWall,
    fromWall,
    localDay: (epochMs) => Math.floor(toWall(epochMs) / DAY_MS),
    at: (day, minuteOfDay) => fromWall(day * DAY_MS + minuteOfDay * MINUTE_MS),
    formatIso: (epochMs) => {
      const offset = offsetMinutes(epochMs);
      const wall = new Date(Math.floor((epochMs + offset * MINUTE_MS) / 1000) * 1000).toISOString();
      return wall.slice(0, 19) + formatOffset(offset);
    },
    formatLocal: (epochMs) => new Date(toWall(epochMs)).toISOString().slice(0, 16).replace('T', ' '),
  };
};

const clocks = new Map<string, ZoneClock>();

export const zoneClock = (timezone: string): ZoneClock => {
  let clock = clocks.get(timezone);
  if (!clock) {
    clock = makeClock(timezone);
    clocks.set(timezone, clock);
  }
  return clock;
};
