import { recordOutcome } from './calibration.js';
import { DAY_MS } from './durationBins.js';
import type { LearnedPromiseState, LearnedPromiseStats, Subject } from './learnedPromiseState.js';
import { legSubject, parcelSubject, type Keys, type Observation } from './observation.js';
import { pmapDelete, pmapEntries, pmapFilter, pmapGet, pmapSet } from './persistentMap.js';
import { dropSubjects } from './dropSubjects.js';
import { sampleTrends } from './trendFactor.js';
import { emptyTable, tableComplete, tableDrop, tableOpen, type SurvivalTable, type TableContext } from './survivalTable.js';

type Stage = 'h' | 't';
type S = LearnedPromiseState;

const bump = (s: S, field: keyof LearnedPromiseStats, by = 1): S => ({ ...s, stats: { ...s.stats, [field]: s.stats[field] + by } });

/**
 * Applies `f` to the subject's table at every level of its hierarchy, and to the short-memory
 * trend table of its coarsest level (`H|` / `T|`), which measures how the whole stage runs lately.
 */
const updateTables = (s: S, stage: Stage, keys: Keys, at: number, f: (ctx: TableContext, t: SurvivalTable) => SurvivalTable): S => {
  let tables = s.tables;
  const apply = (ctx: TableContext, id: string): void => {
    tables = pmapSet(tables, id, f(ctx, pmapGet(tables, id) ?? emptyTable(ctx, at)));
  };
  for (const key of new Set(keys)) apply(s.ctx, `${stage}|${key}`);
  const root = keys[keys.length - 1];
  if (root !== undefined) apply(s.trendCtx, `${stage.toUpperCase()}|${root}`);
  return { ...s, tables };
};

const forget = (s: S, subjectKey: string, orderId: string): S => {
  const remaining = (pmapGet(s.orderSubjects, orderId) ?? []).filter((k) => k !== subjectKey);
  return {
    ...s,
    subjects: pmapDelete(s.subjects, subjectKey),
    orderSubjects: remaining.length > 0 ? pmapSet(s.orderSubjects, orderId, remaining) : pmapDelete(s.orderSubjects, orderId),
  };
};

const open = (s: S, stage: Stage, id: string, subject: Subject): S => {
  const key = `${stage}|${id}`;
  // A repeated start (replayed event, re-placement) restarts the subject rather than double-counting it.
  const previous = pmapGet(s.subjects, key);
  let next = previous ? forget(updateTables(s, stage, previous.keys, subject.start, (ctx, t) => tableDrop(ctx, t, previous.start)), key, previous.orderId) : s;
  next = updateTables(next, stage, subject.keys, subject.start, (ctx, t) => tableOpen(ctx, t, subject.start));
  const ids = pmapGet(next.orderSubjects, subject.orderId) ?? [];
  return { ...next, subjects: pmapSet(next.subjects, key, subject), orderSubjects: pmapSet(next.orderSubjects, subject.orderId, [...ids, key]) };
};

/** Completes an open subject; `keys` re-files it when the work moved (another node shipped it). */
const complete = (s: S, stage: Stage, id: string, end: number, keys?: Keys): { state: S; subject?: Subject } => {
  const key = `${stage}|${id}`;
  const subject = pmapGet(s.subjects, key);
  if (!subject) return { state: bump(s, 'unmatched') };
  let next = forget(updateTables(s, stage, subject.keys, end, (ctx, t) => tableDrop(ctx, t, subject.start)), key, subject.orderId);
  if (end < subject.start) return { state: bump(next, 'negativeDurations'), subject };
  next = updateTables(next, stage, keys ?? subject.keys, end, (ctx, t) => tableComplete(ctx, t, subject.start, end, false));
  return { state: next, subject };
};

/** Drops the open subjects among `keys` unrecorded (the others are already gone). */
const drop = (s: S, keys: readonly string[]): S => {
  const open = keys.flatMap((key) => {
    const subject = pmapGet(s.subjects, key);
    return subject ? [[key, subject] as const] : [];
  });
  return open.length > 0 ? dropSubjects(s, open) : s;
};

const resolvePromise = (s: S, orderId: string, deliveredAt: number): S => {
  const deadline = pmapGet(s.promises, orderId);
  if (deadline === undefined) return s;
  return {
    ...s,
    promises: pmapDelete(s.promises, orderId),
    calibration: recordOutcome(s.config.calibration, s.calibration, deliveredAt < deadline, s.promises.size),
  };
};

/** Promises whose day ended undelivered are misses now, not when the parcel finally arrives. */
const sweepPromises = (s: S): S => {
  let calibration = s.calibration;
  const promises = pmapFilter(s.promises, (deadline) => {
    if (deadline > s.now) return true;
    calibration = recordOutcome(s.config.calibration, calibration, false, s.promises.size);
    return false;
  });
  return { ...s, promises, calibration, lastSweep: s.now };
};

/** Daily: subjects open past abandonAfterDays are dropped; idle tables are forgotten. */
const housekeeping = (s: S): S => {
  const abandonMs = s.config.abandonAfterDays * DAY_MS;
  const abandoned: (readonly [string, Subject])[] = [];
  for (const entry of pmapEntries(s.subjects)) if (entry[1].start + abandonMs <= s.now) abandoned.push(entry);
  const next = abandoned.length > 0 ? bump(dropSubjects(s, abandoned), 'abandonedSubjects', abandoned.length) : s;
  const staleMs = s.config.staleAfterDays * DAY_MS;
  const before = next.tables.size;
  const tables = pmapFilter(next.tables, (t) => t.openSlots.length > 0 || t.lastAt + staleMs > s.now);
  return bump({ ...next, tables, lastHousekeeping: s.now }, 'prunedTables', before - tables.size);
};

const advance = (s: S, at: number): S => {
  let next: S = { ...s, now: Math.max(s.now, at), stats: { ...s.stats, observations: s.stats.observations + 1 } };
  if (next.now - next.lastSweep >= next.config.sweepEveryMinutes * 60_000) next = sweepPromises(next);
  if (next.now - next.lastHousekeeping >= DAY_MS) next = housekeeping(next);
  return sampleTrends(next);
};

/**
 * The learner's reducer: pure, deterministic, returns a new state (the old one stays valid).
 * Feed observations in time order; a late one is still recorded with its own timestamps.
 */
export const observe = (state: LearnedPromiseState, o: Observation): LearnedPromiseState => {
  const s = advance(state, o.at);
  switch (o.type) {
    case 'placed':
      return open(s, 'h', legSubject(o.orderId, o.legId), { orderId: o.orderId, start: o.at, keys: o.handlingKeys, transitKeys: o.transitKeys });
    case 'handedOver': {
      // The leg's own clock, else (the order was re-sourced to another node) the order's oldest open one.
      let leg = legSubject(o.orderId, o.legId);
      if (!pmapGet(s.subjects, `h|${leg}`)) leg = (pmapGet(s.orderSubjects, o.orderId) ?? []).find((k) => k.startsWith('h|'))?.slice(2) ?? leg;
      const { state: next, subject } = complete(s, 'h', leg, o.at, o.handlingKeys);
      const transitKeys = o.transitKeys ?? subject?.transitKeys;
      if (!transitKeys) return next;
      return open(next, 't', parcelSubject(o.orderId, o.legId, o.parcelId), { orderId: o.orderId, start: o.at, keys: transitKeys });
    }
    case 'delivered': {
      let next = complete(s, 't', parcelSubject(o.orderId, o.legId, o.parcelId), o.at).state;
      const stillOpen = pmapGet(next.orderSubjects, o.orderId) ?? [];
      if (!(o.final ?? stillOpen.length === 0)) return next;
      // Final delivery with a handling clock still running: its hand-over was never reported, so the
      // interval is unknown — drop it unrecorded rather than let it age into a false slow sample.
      next = drop(next, stillOpen.filter((key) => key.startsWith('h|')));
      return resolvePromise(next, o.orderId, o.at);
    }
    case 'cancelled': {
      const next = drop(s, pmapGet(s.orderSubjects, o.orderId) ?? []);
      return { ...next, promises: pmapDelete(next.promises, o.orderId) };
    }
    case 'promised':
      return { ...s, promises: pmapSet(s.promises, o.orderId, o.deadline) };
    case 'tick':
      return s;
  }
};

export const observeAll = (state: LearnedPromiseState, observations: Iterable<Observation>): LearnedPromiseState => {
  let s = state;
  for (const o of observations) s = observe(s, o);
  return s;
};
