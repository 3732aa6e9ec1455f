import { ValidationError } from '../../shared/errors.js';
import type { Calibration } from './calibration.js';
import { initialLearnedPromiseState, type LearnedPromiseConfig, type LearnedPromiseState, type LearnedPromiseStats, type Subject } from './learnedPromiseState.js';
import { emptyPMap, pmapEntries, pmapSet, type PMap } from './persistentMap.js';
import type { SurvivalTable } from './survivalTable.js';

/**
 * The learner's state as plain JSON, so a projection can checkpoint it in the read store instead
 * of re-folding every order event at start-up. Non-finite numbers (an infinite half-life, the
 * "nothing seen yet" clock) travel as strings. Version 1.
 */
type Num = number | string;
const num = (x: number): Num => (Number.isFinite(x) ? x : String(x));
const unnum = (x: Num): number => (typeof x === 'string' ? Number(x) : x);

type TableJson = { epoch: number; events: number[]; exposure: number[]; openSlots: number[]; openCounts: number[]; openWeights: number[]; lastAt: number };

export type LearnedPromiseSnapshot = Readonly<{
  version: 1;
  config: Record<string, unknown>;
  tables: Record<string, TableJson>;
  subjects: Record<string, Subject>;
  orderSubjects: Record<string, readonly string[]>;
  promises: Record<string, number>;
  calibration: Calibration;
  /** Absent in snapshots written before the trend was averaged: it then restarts empty. */
  trendSamples?: Record<string, readonly number[]>;
  clock: { now: Num; lastSweep: Num; lastHousekeeping: Num; lastTrendSampleDay?: Num };
  stats: LearnedPromiseStats;
}>;

const toRecord = <V, J>(map: PMap<V>, f: (v: V) => J): Record<string, J> => {
  const out: Record<string, J> = {};
  for (const [k, v] of pmapEntries(map)) out[k] = f(v);
  return out;
};

const fromRecord = <J, V>(record: Record<string, J>, f: (j: J) => V): PMap<V> => {
  let map = emptyPMap<V>();
  for (const k of Object.keys(record).sort()) map = pmapSet(map, k, f(record[k]!));
  return map;
};

export const toSnapshot = (s: LearnedPromiseState): LearnedPromiseSnapshot => ({
  version: 1,
  config: { ...s.config, halfLifeDays: num(s.config.halfLifeDays), trendHalfLifeDays: num(s.config.trendHalfLifeDays) },
  tables: toRecord(s.tables, (t) => ({
    epoch: t.epoch,
    events: [...t.events],
    exposure: [...t.exposure],
    openSlots: [...t.openSlots],
    openCounts: [...t.openCounts],
    openWeights: [...t.openWeights],
    lastAt: t.lastAt,
  })),
  subjects: toRecord(s.subjects, (v) => v),
  orderSubjects: toRecord(s.orderSubjects, (v) => v),
  promises: toRecord(s.promises, (v) => v),
  calibration: s.calibration,
  trendSamples: toRecord(s.trendSamples, (v) => [...v]),
  clock: { now: num(s.now), lastSweep: num(s.lastSweep), lastHousekeeping: num(s.lastHousekeeping), lastTrendSampleDay: num(s.lastTrendSampleDay) },
  stats: s.stats,
});

export const fromSnapshot = (snap: LearnedPromiseSnapshot): LearnedPromiseState => {
  if (snap.version !== 1) throw new ValidationError('UNSUPPORTED_SNAPSHOT', `learned promise snapshot version ${String(snap.version)}`);
  const c = snap.config as Record<string, unknown> & { halfLifeDays: Num; trendHalfLifeDays: Num };
  const config = { ...c, halfLifeDays: unnum(c.halfLifeDays), trendHalfLifeDays: unnum(c.trendHalfLifeDays) } as unknown as LearnedPromiseConfig;
  const base = initialLearnedPromiseState(config);
  const f64 = (a: number[]): Float64Array => Float64Array.from(a);
  return {
    ...base,
    tables: fromRecord(snap.tables, (t): SurvivalTable => ({
      epoch: t.epoch,
      events: f64(t.events),
      exposure: f64(t.exposure),
      openSlots: f64(t.openSlots),
      openCounts: f64(t.openCounts),
      openWeights: f64(t.openWeights),
      lastAt: t.lastAt,
    })),
    subjects: fromRecord(snap.subjects, (v) => v),
    orderSubjects: fromRecord(snap.orderSubjects, (v) => v),
    promises: fromRecord(snap.promises, (v) => v),
    calibration: snap.calibration,
    trendSamples: fromRecord(snap.trendSamples ?? {}, (v) => [...v]),
    lastTrendSampleDay: snap.clock.lastTrendSampleDay === undefined ? Number.NEGATIVE_INFINITY : unnum(snap.clock.lastTrendSampleDay),
    now: unnum(snap.clock.now),
    lastSweep: unnum(snap.clock.lastSweep),
    lastHousekeeping: unnum(snap.clock.lastHousekeeping),
    stats: snap.stats,
  };
};
