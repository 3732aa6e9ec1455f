import { DAY_MS, MINUTE_MS, formatHhMm, isoDateFromDay } from './calendarDays.js';
import { isCollectionDay, type PreparedService } from './carrierService.js';
import {
  isWorkingDay,
  nextWorkingDay,
  nonWorkingReason,
  windowEnd,
  windowStart,
  type NodeCalendarPrep,
} from './nodeCalendar.js';

/**
 * The node-side timeline of a promise: intake day (cut-off, calendar, capacity) → processing in
 * working time → hand-over to the carrier or readiness for pickup. All functions take an
 * optional `steps` array: the engine runs them without it for every candidate and again with it
 * only for the options it returns, so explanations cost nothing in the hot path.
 */

/** Orders already taken per node per local date: { nodeId: { "2026-11-28": 118 } }. */
export type CapacityUsed = Readonly<Record<string, Readonly<Record<string, number>>>>;

export type Intake = Readonly<{ day: number; startMs: number }>;

const localDayAndMinute = (prep: NodeCalendarPrep, ms: number): [number, number] => {
  const wall = prep.clock.toWall(ms);
  const day = Math.floor(wall / DAY_MS);
  return [day, Math.floor((wall - day * DAY_MS) / MINUTE_MS)];
};

/**
 * The local day an order released at `releaseMs` counts against, and when work may start.
 * Received after the cut-off (at or after HH:MM, node local) or on a non-working day → the next
 * working day; a day whose capacity is used up is skipped. null = nothing within the horizon.
 */
export const intake = (
  prep: NodeCalendarPrep,
  releaseMs: number,
  lastDay: number,
  capacityUsed: CapacityUsed | undefined,
  steps?: string[],
): Intake | null => {
  const { node, clock } = prep;
  const [day, minute] = localDayAndMinute(prep, releaseMs);
  let d: number | null = day;
  if (!isWorkingDay(prep, day)) {
    steps?.push(`${node.id}: received ${clock.formatLocal(releaseMs)} ${clock.timezone}; ${nonWorkingReason(prep, day)}`);
    d = nextWorkingDay(prep, day, lastDay, steps);
  } else if (minute >= prep.cutoffMin) {
    const skipped: string[] | undefined = steps && [];
    d = nextWorkingDay(prep, day, lastDay, skipped);
    steps?.push(
      `${node.id}: cut-off ${formatHhMm(prep.cutoffMin)} ${clock.timezone} passed (received ${clock.formatLocal(releaseMs)}) → start ${d === null ? 'beyond horizon' : isoDateFromDay(d)}`,
      ...(skipped ?? []),
    );
  } else {
    steps?.push(`${node.id}: received ${clock.formatLocal(releaseMs)} ${clock.timezone}, before cut-off ${formatHhMm(prep.cutoffMin)} → start ${isoDateFromDay(day)}`);
  }
  const used = capacityUsed?.[node.id];
  while (d !== null) {
    const taken = used?.[isoDateFromDay(d)] ?? 0;
    if (taken < node.dailyCapacity) break;
    const full = d;
    d = nextWorkingDay(prep, d, lastDay, steps);
    steps?.push(`${node.id}: capacity full on ${isoDateFromDay(full)} (${taken}/${node.dailyCapacity}) → ${d === null ? 'no day within horizon' : `start ${isoDateFromDay(d)}`}`);
  }
  if (d === null) return null;
  return { day: d, startMs: d === day ? releaseMs : windowStart(prep, d) };
};

/**
 * `startMs` plus `minutes` of real working time, counted only inside the node's working windows
 * on working days (so a DST night in a 24 h DC is 23 h, and a store's evening does not count).
 */
export const addWorkingTime = (
  prep: NodeCalendarPrep,
  startMs: number,
  minutes: number,
  lastDay: number,
): number | null => {
  let day: number | null = prep.clock.localDay(startMs);
  let cursor = startMs;
  let remaining = minutes * MINUTE_MS;
  if (!isWorkingDay(prep, day)) {
    day = nextWorkingDay(prep, day, lastDay);
    if (day === null) return null;
    cursor = windowStart(prep, day);
  }
  for (;;) {
    const ws = windowStart(prep, day);
    if (cursor < ws) cursor = ws;
    if (remaining === 0) return cursor;
    const we = windowEnd(prep, day);
    if (cursor < we) {
      if (remaining <= we - cursor) return cursor + remaining;
      remaining -= we - cursor;
    }
    day = nextWorkingDay(prep, day, lastDay);
    if (day === null) return null;
    cursor = windowStart(prep, day);
  }
};

export type Processing = Readonly<{ intakeDay: number; completeMs: number }>;

export const processAtNode = (
  prep: NodeCalendarPrep,
  releaseMs: number,
  lastDay: number,
  capacityUsed: CapacityUsed | undefined,
  steps?: string[],
): Processing | null => {
  const taken = intake(prep, releaseMs, lastDay, capacityUsed, steps);
  if (!taken) return null;
  const completeMs = addWorkingTime(prep, taken.startMs, Math.round(prep.node.processingHours * 60), lastDay);
  if (completeMs === null) return null;
  steps?.push(`${prep.node.id}: processing ${prep.node.processingHours} h of working time → done ${prep.clock.formatLocal(completeMs)}`);
  return { intakeDay: taken.day, completeMs };
};

export type Handover = Readonly<{ shipDay: number; shipByMs: number }>;

/** First day at or after completion on which the node works, the carrier collects and the hand-over time is still ahead. */
export const handover = (
  prep: NodeCalendarPrep,
  service: PreparedService,
  completeMs: number,
  lastDay: number,
  steps?: string[],
): Handover | null => {
  const [day, minute] = localDayAndMinute(prep, completeMs);
  let d = day;
  if (minute > service.handoverMin) {
    steps?.push(`${prep.node.id}: done after ${service.id} hand-over ${formatHhMm(service.handoverMin)} → next collection`);
    d++;
  }
  for (; d <= lastDay; d++) {
    if (!isWorkingDay(prep, d)) steps?.push(`${prep.node.id}: ${nonWorkingReason(prep, d)} → no hand-over`);
    else if (!isCollectionDay(service, d)) steps?.push(`${service.id}: no collection on ${isoDateFromDay(d)}`);
    else {
      const shipByMs = prep.clock.at(d, service.handoverMin);
      steps?.push(`${prep.node.id}: hand-over to ${service.id} by ${prep.clock.formatIso(shipByMs)} → ships ${isoDateFromDay(d)}`);
      return { shipDay: d, shipByMs };
    }
  }
  return null;
};

/** Pickup readiness inside opening hours: before opening → at opening; at or after closing → next opening. */
export const readyInsideOpeningHours = (
  prep: NodeCalendarPrep,
  completeMs: number,
  lastDay: number,
  steps?: string[],
): number | null => {
  if (!prep.hasOpeningHours) return completeMs;
  const day = prep.clock.localDay(completeMs);
  if (isWorkingDay(prep, day)) {
    const ws = windowStart(prep, day);
    if (completeMs < ws) {
      steps?.push(`${prep.node.id}: ready at opening ${prep.clock.formatIso(ws)}`);
      return ws;
    }
    if (completeMs < windowEnd(prep, day)) return completeMs;
  }
  const next = nextWorkingDay(prep, day, lastDay);
  if (next === null) return null;
  const opening = windowStart(prep, next);
  steps?.push(`${prep.node.id}: completed ${prep.clock.formatLocal(completeMs)} outside opening hours → ready at next opening ${prep.clock.formatIso(opening)}`);
  return opening;
};
