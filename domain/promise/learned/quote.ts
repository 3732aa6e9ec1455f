import { isoDateFromDay } from '../calendarDays.js';
import { ValidationError } from '../../shared/errors.js';
import { calibratedQuantile } from './calibration.js';
import { DAY_MS } from './durationBins.js';
import type { LearnedPromiseState } from './learnedPromiseState.js';
import type { Keys } from './observation.js';
import { pmapGet } from './persistentMap.js';
import { curveFromHazards, msToDays, quantileMs, shrunkHazards, sumQuantileMs, type DurationCurve } from './survivalCurve.js';
import { trendFactor } from './trendFactor.js';
import { effectiveCounts, type EffectiveCounts } from './survivalTable.js';

export type PromiseQuery = Readonly<{
  /** Finest first, e.g. ["seller:S1", "sellerState:SP", "*"]. */
  handlingKeys: Keys;
  transitKeys: Keys;
  /** Overrides the calibrated quantile (what-if, or a fixed-confidence service). */
  quantile?: number;
  /** Offset of the destination's local time; the promise is a local calendar day there. */
  utcOffsetMinutes?: number;
}>;

export type LearnedQuote = Readonly<{
  quantile: number;
  /** Quantile of handling + transit (convolved), days from asOf. */
  totalDays: number;
  /** Each stage's own quantile at the same level (explanations; they do not add up to the total). */
  handlingDays: number;
  transitDays: number;
  promisedAt: number;
  /** When the node is expected to have handed over, at the same quantile (ms): the promise's ship-by. */
  handOverBy: number;
  /** Local YYYY-MM-DD the order is promised for. */
  promisedDate: string;
  /** Exclusive end of that local day (ms): delivered before it = kept. */
  deadline: number;
  /** Decayed subject counts per level, finest first — how much each level knew. */
  support: Readonly<{ handling: readonly number[]; transit: readonly number[] }>;
  /** Stage-wide trend factors applied to the hazards (below 1: running slower than usual). */
  trend: Readonly<{ handling: number; transit: number }>;
}>;

const levelsOf = (s: LearnedPromiseState, stage: 'h' | 't', keys: Keys, asOf: number): EffectiveCounts[] => {
  const levels: EffectiveCounts[] = [];
  for (const key of keys) {
    const table = pmapGet(s.tables, `${stage}|${key}`);
    levels.push(table ? effectiveCounts(s.ctx, table, asOf) : { events: new Float64Array(s.ctx.bins.count), exposure: new Float64Array(s.ctx.bins.count), subjects: 0 });
  }
  return levels;
};

export { trendFactor, instantTrendFactor } from './trendFactor.js';

/** The learned duration curve of one stage as of `asOf`; null when even the coarsest level is empty. */
export const stageCurve = (s: LearnedPromiseState, stage: 'handling' | 'transit', keys: Keys, asOf: number): { curve: DurationCurve; support: number[]; trend: number } | null => {
  const st = stage === 'handling' ? 'h' : 't';
  const levels = levelsOf(s, st, keys, asOf);
  const hazards = shrunkHazards(s.ctx.bins, [...levels].reverse(), s.config.priorStrength);
  if (!hazards) return null;
  const trend = trendFactor(s, st, keys, asOf, levels[levels.length - 1]);
  if (trend !== 1) for (let j = 0; j < hazards.length; j++) hazards[j] = 1 - (1 - hazards[j]!) ** trend;
  const curve = curveFromHazards(s.ctx.bins, hazards);
  if (!curve) return null;
  return { curve, support: levels.map((l) => l.subjects), trend };
};

/** Days within which a fraction q of one stage completes, as known at `asOf`. */
export const stageQuantileDays = (s: LearnedPromiseState, stage: 'handling' | 'transit', keys: Keys, q: number, asOf: number): number | null => {
  const c = stageCurve(s, stage, keys, asOf);
  return c ? msToDays(quantileMs(c.curve, q)) : null;
};

export const currentQuantile = (s: LearnedPromiseState): number => calibratedQuantile(s.config.calibration, s.calibration);

/**
 * The promise for an order placed at `asOf`: the calibrated quantile of handling + transit,
 * rounded up to the local calendar day containing it. Uses only what the state has observed —
 * the caller makes it online by quoting before observing anything later than asOf.
 */
export const quote = (s: LearnedPromiseState, query: PromiseQuery, asOf: number): LearnedQuote | null => {
  const q = query.quantile ?? currentQuantile(s);
  if (!(q > 0 && q < 1)) throw new ValidationError('INVALID_QUANTILE', `quantile must be in (0, 1): ${q}`);
  const handling = stageCurve(s, 'handling', query.handlingKeys, asOf);
  const transit = stageCurve(s, 'transit', query.transitKeys, asOf);
  if (!handling || !transit) return null;
  const totalMs = sumQuantileMs(handling.curve, transit.curve, q);
  const promisedAt = asOf + totalMs;
  const offsetMs = (query.utcOffsetMinutes ?? 0) * 60_000;
  const day = Math.floor((promisedAt + offsetMs) / DAY_MS);
  return {
    quantile: q,
    totalDays: msToDays(totalMs),
    handlingDays: msToDays(quantileMs(handling.curve, q)),
    transitDays: msToDays(quantileMs(transit.curve, q)),
    promisedAt,
    handOverBy: asOf + quantileMs(handling.curve, q),
    promisedDate: isoDateFromDay(day),
    deadline: (day + 1) * DAY_MS - offsetMs,
    support: { handling: handling.support, transit: transit.support },
    trend: { handling: handling.trend, transit: transit.trend },
  };
};

/** An order shipped from several nodes is promised for its slowest leg. */
export const latestQuote = (quotes: readonly (LearnedQuote | null)[]): LearnedQuote | null => {
  let latest: LearnedQuote | null = null;
  for (const q of quotes) if (q && (!latest || q.deadline > latest.deadline)) latest = q;
  return latest;
};
