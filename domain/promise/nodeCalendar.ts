import type { FulfilmentNode } from '../network/node.js';
import { ValidationError } from '../shared/errors.js';
import { daySet, isoDateFromDay, isoWeekday, parseHhMm, weekdayFlags, weekdayName } from './calendarDays.js';
import { zoneClock, type ZoneClock } from './zoneClock.js';

/**
 * A node's calendar pre-digested for the inner loop: minutes instead of "HH:MM", weekday flags,
 * holiday day numbers. Derived once per node object (nodes are immutable values; a new node
 * version is a new object) and remembered in a WeakMap.
 */
export type NodeCalendarPrep = Readonly<{
  node: FulfilmentNode;
  clock: ZoneClock;
  cutoffMin: number;
  /** Working window per working day; without opening hours the whole day counts (DCs run shifts). */
  openMin: number;
  closeMin: number;
  hasOpeningHours: boolean;
  working: readonly boolean[];
  holidays: ReadonlySet<number>;
}>;

const cache = new WeakMap<FulfilmentNode, NodeCalendarPrep>();

export const prepareNodeCalendar = (node: FulfilmentNode): NodeCalendarPrep => {
  let prep = cache.get(node);
  if (prep) return prep;
  const hours = node.calendar.openingHours;
  const openMin = hours ? parseHhMm(hours.open) : 0;
  const closeMin = hours ? parseHhMm(hours.close) : 1440;
  if (closeMin <= openMin) {
    throw new ValidationError('INVALID_OPENING_HOURS', `node ${node.id}: opening hours must close after they open`, { nodeId: node.id });
  }
  if (!(node.processingHours >= 0)) {
    throw new ValidationError('INVALID_NODE', `node ${node.id}: processingHours must be ≥ 0`, { nodeId: node.id });
  }
  prep = {
    node,
    clock: zoneClock(node.location.timezone),
    cutoffMin: parseHhMm(node.cutoffLocal),
    openMin,
    closeMin,
    hasOpeningHours: hours !== undefined,
    working: weekdayFlags(node.calendar.workingDays),
    holidays: daySet(node.calendar.holidays),
  };
  cache.set(node, prep);
  return prep;
};

export const isWorkingDay = (prep: NodeCalendarPrep, day: number): boolean =>
  prep.working[isoWeekday(day)] === true && !prep.holidays.has(day);

/** Why a day is not worked, for explanations. */
export const nonWorkingReason = (prep: NodeCalendarPrep, day: number): string =>
  prep.holidays.has(day) ? `${isoDateFromDay(day)} is a holiday` : `${weekdayName(day)} ${isoDateFromDay(day)} is not a working day`;

/** First working day strictly after `day`, or null beyond `lastDay`. */
export const nextWorkingDay = (prep: NodeCalendarPrep, day: number, lastDay: number, steps?: string[]): number | null => {
  for (let d = day + 1; d <= lastDay; d++) {
    if (isWorkingDay(prep, d)) return d;
    steps?.push(`${prep.node.id}: ${nonWorkingReason(prep, d)} → skip`);
  }
  return null;
};

export const windowStart = (prep: NodeCalendarPrep, day: number): number => prep.clock.at(day, prep.openMin);
export const windowEnd = (prep: NodeCalendarPrep, day: number): number => prep.clock.at(day, prep.closeMin);
