import { DAY_MS, type Bins } from './durationBins.js';
import type { EffectiveCounts } from './survivalTable.js';

/**
 * A duration distribution as its CDF at the bin edges (cdf[0] = 0 at duration 0, linear inside
 * a bin, cdf[count] = 1 at the last edge).
 */
export type DurationCurve = Readonly<{ bins: Bins; cdf: Float64Array }>;

/**
 * The coarsest level's hazards: events/exposure where it has seen subjects. Beyond its median
 * completion the data thin out, and past its longest observation there are none, so from the
 * median on each bin is shrunk towards a constant-rate (exponential) tail fitted to that range:
 * (d + k·p) / (r + k), p = 1 − e^(−λ·width). Without this, parcels in transit for longer than any
 * parcel ever took — the first sign of a breakdown — would look like parcels that never arrive.
 */
const rootHazards = (bins: Bins, root: EffectiveCounts, k: number): Float64Array => {
  const n = bins.count;
  const e = bins.edgesMs;
  let totalEvents = 0;
  for (let j = 0; j < n; j++) totalEvents += root.events[j]!;
  let median = 0;
  for (let cum = 0; median < n - 1; median++) {
    cum += root.events[median]!;
    if (cum >= totalEvents / 2) break;
  }
  let tailEvents = 0;
  let tailExposureMs = 0;
  for (let j = median; j < n; j++) {
    tailEvents += root.events[j]!;
    tailExposureMs += root.exposure[j]! * (e[j + 1]! - e[j]!);
  }
  const rate = tailExposureMs > 0 ? tailEvents / tailExposureMs : 0;
  const h = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const d = root.events[j]!;
    const r = root.exposure[j]!;
    if (j < median) h[j] = r > 1e-12 ? Math.min(1, d / r) : 0;
    else h[j] = (d + k * (1 - Math.exp(-rate * (e[j + 1]! - e[j]!)))) / (r + k);
  }
  return h;
};

/**
 * Hierarchical shrinkage of discrete hazards; `levels` runs coarsest → finest. Each finer
 * level's hazard is the posterior mean under a Beta prior centred on its parent's hazard with
 * `priorStrength` pseudo-subjects: (d + k·h_parent) / (r + k). A lane with little traffic — or a
 * long duration few of its parcels reach — thereby leans on its parent bin by bin (credibility
 * weighting, empirical-Bayes style), and needs no minimum sample size. Null when the coarsest
 * level has never seen a completion.
 */
export const shrunkHazards = (bins: Bins, levels: readonly EffectiveCounts[], priorStrength: number): Float64Array | null => {
  const root = levels[0];
  if (!root || !(root.events.reduce((a, b) => a + b, 0) > 0)) return null;
  const n = bins.count;
  const h = rootHazards(bins, root, priorStrength);
  for (let l = 1; l < levels.length; l++) {
    const lvl = levels[l]!;
    for (let j = 0; j < n; j++) {
      h[j] = (lvl.events[j]! + priorStrength * h[j]!) / (lvl.exposure[j]! + priorStrength);
    }
  }
  return h;
};

/**
 * The curve *given completion within the last edge*: 1 − S(t), divided by 1 − S(last edge). A
 * promise is a statement about orders that do arrive; what is left at the last edge (orders
 * cancelled without the learner being told, lost parcels, still open) is conditioned away rather
 * than read as a 120-day tail. No completions at all: null.
 */
export const curveFromHazards = (bins: Bins, hazards: Float64Array): DurationCurve | null => {
  const cdf = new Float64Array(bins.count + 1);
  let survival = 1;
  for (let j = 0; j < bins.count; j++) {
    survival *= 1 - hazards[j]!;
    cdf[j + 1] = 1 - survival;
  }
  const total = cdf[bins.count]!;
  if (!(total > 1e-9)) return null;
  for (let j = 1; j <= bins.count; j++) cdf[j] = cdf[j]! / total;
  cdf[bins.count] = 1;
  return { bins, cdf };
};

/** P(duration ≤ x ms), linear inside a bin. */
export const cdfAt = (c: DurationCurve, xMs: number): number => {
  const e = c.bins.edgesMs;
  if (xMs <= 0) return 0;
  if (xMs >= c.bins.maxMs) return 1;
  let lo = 0;
  let hi = c.bins.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (e[mid]! <= xMs) lo = mid;
    else hi = mid - 1;
  }
  const a = e[lo]!;
  const b = e[lo + 1]!;
  return c.cdf[lo]! + ((c.cdf[lo + 1]! - c.cdf[lo]!) * (xMs - a)) / (b - a);
};

/** Smallest x (ms) with P(duration ≤ x) ≥ q. */
export const quantileMs = (c: DurationCurve, q: number): number => {
  const e = c.bins.edgesMs;
  for (let j = 0; j < c.bins.count; j++) {
    const lo = c.cdf[j]!;
    const hi = c.cdf[j + 1]!;
    if (hi >= q) {
      if (hi <= lo) return e[j]!;
      return e[j]! + ((e[j + 1]! - e[j]!) * Math.max(0, q - lo)) / (hi - lo);
    }
  }
  return c.bins.maxMs;
};

/**
 * Quantile of the sum of two independent durations (handling, then transit): the CDF of the sum
 * is Σ_j P(first in bin j) · F_second(x − mid_j); bisection on x to ~1 minute. Quantiles do not
 * add — the sum of two q-quantiles overshoots the q-quantile of the sum — hence the convolution.
 */
export const sumQuantileMs = (first: DurationCurve, second: DurationCurve, q: number): number => {
  const n = first.bins.count;
  const mass = new Float64Array(n);
  const mid = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    mass[j] = first.cdf[j + 1]! - first.cdf[j]!;
    mid[j] = (first.bins.edgesMs[j]! + first.bins.edgesMs[j + 1]!) / 2;
  }
  const cdfSum = (x: number): number => {
    let p = 0;
    for (let j = 0; j < n; j++) if (mass[j]! > 0 && x > mid[j]!) p += mass[j]! * cdfAt(second, x - mid[j]!);
    return p;
  };
  let lo = 0;
  let hi = first.bins.maxMs + second.bins.maxMs;
  while (hi - lo > 60_000) {
    const x = (lo + hi) / 2;
    if (cdfSum(x) >= q) hi = x;
    else lo = x;
  }
  return hi;
};

export const msToDays = (ms: number): number => ms / DAY_MS;
