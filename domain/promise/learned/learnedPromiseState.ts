import { ValidationError } from '../../shared/errors.js';
import { initialCalibration, type Calibration, type CalibrationConfig } from './calibration.js';
import { DAY_MS, defaultBinEdgesDays, makeBins } from './durationBins.js';
import { emptyPMap, type PMap } from './persistentMap.js';
import type { Keys } from './observation.js';
import { tableContext, type SurvivalTable, type TableContext } from './survivalTable.js';

export type LearnedPromiseConfig = Readonly<{
  binEdgesDays: readonly number[];
  /** Exposure weights halve every this many days (Infinity: no decay). */
  halfLifeDays: number;
  /** Half-life of the stage-wide trend factor (how fast a network-wide slow-down is picked up). */
  trendHalfLifeDays: number;
  /**
   * Promises use the mean of the trend factor's last this-many daily samples (7: one weekly
   * cycle, which the instantaneous factor swings with); 1 = the instantaneous factor.
   */
  trendAverageDays: number;
  /** k of the hazard shrinkage: pseudo-subjects per bin borrowed from the parent level. */
  priorStrength: number;
  /** Start times of open (censored) subjects are kept per table in slots of this many minutes. */
  openResolutionMinutes: number;
  /**
   * Subjects open longer than this are abandoned: dropped without a sample (an order never handed
   * over was cancelled, a parcel never delivered was lost — even if nobody told the learner).
   */
  abandonAfterDays: number;
  /** Tables untouched this long (and with nothing open) are forgotten. */
  staleAfterDays: number;
  /** How often expired promises are counted as misses. */
  sweepEveryMinutes: number;
  calibration: CalibrationConfig;
}>;

/**
 * Defaults and why: a 45-day half-life keeps about three months of weight — enough parcels per
 * busy lane for a 94th percentile, short enough that a seasonal slow-down dominates within
 * weeks; the 7-day trend half-life lets a network-wide slow-down show within a week, and its
 * 7-day moving average cancels the weekly delivery cycle (see trendFactor.ts); k = 8
 * pseudo-subjects lets a lane or seller override its parent once it has seen a few dozen
 * parcels; a calibration gain of 0.25 per generation of promises stays well inside the
 * stability margin of a controller whose feedback arrives one generation late (gain ≈ 1 is the
 * edge: it over-corrects after every shock). The target itself is a business setting.
 */
export const DEFAULT_LEARNED_PROMISE_CONFIG: LearnedPromiseConfig = {
  binEdgesDays: defaultBinEdgesDays(),
  halfLifeDays: 45,
  trendHalfLifeDays: 7,
  trendAverageDays: 7,
  priorStrength: 8,
  openResolutionMinutes: 180,
  abandonAfterDays: 60,
  staleAfterDays: 365,
  sweepEveryMinutes: 60,
  calibration: { targetOnTimeRate: 0.94, gain: 0.25, maxStep: 0.01, minQuantile: 0.5, maxQuantile: 0.995 },
};

/** An open duration: its start, where it is pooled, and (for handling) the transit keys to use next. */
export type Subject = Readonly<{ orderId: string; start: number; keys: Keys; transitKeys?: Keys }>;

export type LearnedPromiseStats = Readonly<{
  observations: number;
  /** Hand-overs/deliveries with no open subject (unknown order, duplicate, out of order). */
  unmatched: number;
  /** Completions earlier than their start (clock skew, data errors): dropped. */
  negativeDurations: number;
  /** Subjects open longer than abandonAfterDays: dropped unrecorded. */
  abandonedSubjects: number;
  prunedTables: number;
}>;

export type LearnedPromiseState = Readonly<{
  config: LearnedPromiseConfig;
  ctx: TableContext;
  trendCtx: TableContext;
  /** `h|<key>` handling and `t|<key>` transit tables. */
  tables: PMap<SurvivalTable>;
  /** `h|<leg subject>` / `t|<parcel subject>` → open subject. */
  subjects: PMap<Subject>;
  /** orderId → its open subject ids, for cancellation. */
  orderSubjects: PMap<readonly string[]>;
  /** orderId → promise deadline (ms, exclusive) awaiting its outcome. */
  promises: PMap<number>;
  calibration: Calibration;
  /** Trend table id (`H|<root>` / `T|<root>`) → its last daily trend factors, oldest first. */
  trendSamples: PMap<readonly number[]>;
  /** UTC day index of the last trend sample. */
  lastTrendSampleDay: number;
  /** Latest observation time; observations are expected roughly in time order. */
  now: number;
  lastSweep: number;
  lastHousekeeping: number;
  stats: LearnedPromiseStats;
}>;

const positive = (name: string, v: number): void => {
  if (!(v > 0)) throw new ValidationError('INVALID_LEARNED_PROMISE_CONFIG', `${name} must be positive: ${v}`);
};

export const initialLearnedPromiseState = (overrides: Partial<LearnedPromiseConfig> = {}): LearnedPromiseState => {
  const config: LearnedPromiseConfig = { ...DEFAULT_LEARNED_PROMISE_CONFIG, ...overrides };
  positive('halfLifeDays', config.halfLifeDays);
  positive('trendHalfLifeDays', config.trendHalfLifeDays);
  positive('openResolutionMinutes', config.openResolutionMinutes);
  positive('staleAfterDays', config.staleAfterDays);
  positive('abandonAfterDays', config.abandonAfterDays);
  positive('sweepEveryMinutes', config.sweepEveryMinutes);
  if (!(Number.isInteger(config.trendAverageDays) && config.trendAverageDays >= 1)) throw new ValidationError('INVALID_LEARNED_PROMISE_CONFIG', 'trendAverageDays must be an integer ≥ 1');
  if (!(config.priorStrength >= 0)) throw new ValidationError('INVALID_LEARNED_PROMISE_CONFIG', 'priorStrength must be ≥ 0');
  const c = config.calibration;
  if (!(c.targetOnTimeRate > 0 && c.targetOnTimeRate < 1 && c.minQuantile > 0 && c.minQuantile <= c.maxQuantile && c.maxQuantile < 1 && c.gain >= 0 && c.maxStep >= 0)) {
    throw new ValidationError('INVALID_LEARNED_PROMISE_CONFIG', 'calibration needs 0 < minQuantile ≤ maxQuantile < 1, 0 < target < 1, gain ≥ 0, maxStep ≥ 0');
  }
  const bins = makeBins(config.binEdgesDays);
  return {
    config,
    ctx: tableContext(bins, config.halfLifeDays * DAY_MS, config.openResolutionMinutes * 60_000),
    trendCtx: tableContext(bins, config.trendHalfLifeDays * DAY_MS, config.openResolutionMinutes * 60_000),
    tables: emptyPMap(),
    subjects: emptyPMap(),
    orderSubjects: emptyPMap(),
    promises: emptyPMap(),
    calibration: initialCalibration(config.calibration),
    trendSamples: emptyPMap(),
    lastTrendSampleDay: Number.NEGATIVE_INFINITY,
    now: Number.NEGATIVE_INFINITY,
    lastSweep: Number.NEGATIVE_INFINITY,
    lastHousekeeping: Number.NEGATIVE_INFINITY,
    stats: { observations: 0, unmatched: 0, negativeDurations: 0, abandonedSubjects: 0, prunedTables: 0 },
  };
};
