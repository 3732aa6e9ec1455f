import type { LearnedPromiseState } from './learnedPromiseState.js';
import type { Keys } from './observation.js';
import { pmapEntries, pmapGet, pmapSet } from './persistentMap.js';
import { shrunkHazards } from './survivalCurve.js';
import { effectiveCounts, type EffectiveCounts } from './survivalTable.js';

type Stage = 'h' | 't';

/**
 * How fast the whole stage runs lately compared with its longer memory: observed completions in
 * the short-memory trend table over those its exposure would give under the long-memory hazards
 * of the same (coarsest) level, shrunk towards 1 by `priorStrength` pseudo-events (a Poisson–gamma
 * posterior mean). Below 1: parcels network-wide are completing more slowly than usual — seen
 * first in the in-transit parcels that have not arrived — and every lane's hazard is scaled by it
 * (proportional hazards), so a slow-down shows in all lanes before each has its own evidence.
 */
export const instantTrendFactor = (s: LearnedPromiseState, stage: Stage, keys: Keys, asOf: number, rootCounts?: EffectiveCounts): number => {
  const root = keys[keys.length - 1];
  const trend = root === undefined ? undefined : pmapGet(s.tables, `${stage.toUpperCase()}|${root}`);
  const long = root === undefined ? undefined : pmapGet(s.tables, `${stage}|${root}`);
  if (!trend || !long) return 1;
  const baseline = shrunkHazards(s.ctx.bins, [rootCounts ?? effectiveCounts(s.ctx, long, asOf)], s.config.priorStrength);
  if (!baseline) return 1;
  const recent = effectiveCounts(s.trendCtx, trend, asOf);
  let observed = 0;
  let expected = 0;
  for (let j = 0; j < s.ctx.bins.count; j++) {
    observed += recent.events[j]!;
    expected += recent.exposure[j]! * baseline[j]!;
  }
  const k = s.config.priorStrength;
  return (observed + k) / (expected + k);
};

/**
 * The instantaneous factor swings with the day of the week: carriers barely deliver at weekends,
 * so on a Monday the short memory is dominated by two days in which parcels aged without
 * arriving, and the factor reads "slow-down" every week (on the Olist sample it averaged 0.87
 * on Mondays and 0.98 on Fridays — Monday customers were promised ~3.5 days more for nothing).
 * A slow-down worth reacting to outlasts a week, a weekly cycle does not, so the learner samples
 * the factor once per UTC day and promises with the mean of the last `trendAverageDays` samples
 * (a moving average over one full cycle cancels it). This is that mean; the instantaneous
 * factor stands in until the first sample.
 */
export const trendFactor = (s: LearnedPromiseState, stage: Stage, keys: Keys, asOf: number, rootCounts?: EffectiveCounts): number => {
  const root = keys[keys.length - 1];
  const samples = root === undefined ? undefined : pmapGet(s.trendSamples, `${stage.toUpperCase()}|${root}`);
  if (!samples || samples.length === 0 || s.config.trendAverageDays <= 1) return instantTrendFactor(s, stage, keys, asOf, rootCounts);
  return samples.reduce((a, b) => a + b, 0) / samples.length;
};

const dayOf = (t: number): number => Math.floor(t / 86_400_000);

/**
 * Once per UTC day (on the first observation of a new day): appends every trend table's current
 * factor to its samples, keeping the last `trendAverageDays`. Pure.
 */
export const sampleTrends = (s: LearnedPromiseState): LearnedPromiseState => {
  if (!Number.isFinite(s.now) || s.config.trendAverageDays <= 1 || dayOf(s.now) <= s.lastTrendSampleDay) return s;
  let trendSamples = s.trendSamples;
  for (const [id] of pmapEntries(s.tables)) {
    const stage = id[0] === 'H' ? 'h' : id[0] === 'T' ? 't' : undefined;
    if (!stage) continue;
    const factor = instantTrendFactor(s, stage, [id.slice(2)], s.now);
    const previous = pmapGet(trendSamples, id) ?? [];
    trendSamples = pmapSet(trendSamples, id, [...previous, factor].slice(-s.config.trendAverageDays));
  }
  return { ...s, trendSamples, lastTrendSampleDay: dayOf(s.now) };
};
