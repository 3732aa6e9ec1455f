import { ValidationError } from '../../shared/errors.js';

export const DAY_MS = 86_400_000;

/**
 * Durations are tallied in bins: fine where most parcels complete (hours matter for a same-week
 * promise), coarse in the tail where only a few do. Bin j covers [edge j, edge j+1); durations
 * beyond the last edge count in the last bin. Default: 6 h up to 4 d, 12 h up to 20 d, 1 d up to
 * 60 d, 2 d up to 120 d — 118 bins, so a lane costs two 118-number arrays whatever its traffic.
 */
export const defaultBinEdgesDays = (): number[] => {
  const edges: number[] = [];
  for (let d = 0; d < 4; d += 0.25) edges.push(d);
  for (let d = 4; d < 20; d += 0.5) edges.push(d);
  for (let d = 20; d < 60; d += 1) edges.push(d);
  for (let d = 60; d <= 120; d += 2) edges.push(d);
  return edges;
};

export type Bins = Readonly<{
  /** Edges in ms, ascending, first 0; bins = edges.length − 1. */
  edgesMs: Float64Array;
  count: number;
  /** Last edge: the longest duration the model can express. */
  maxMs: number;
}>;

export const makeBins = (edgesDays: readonly number[]): Bins => {
  if (edgesDays.length < 2 || edgesDays[0] !== 0) throw new ValidationError('INVALID_BINS', 'bin edges must start at 0 and hold at least two edges');
  for (let i = 1; i < edgesDays.length; i++) {
    if (!(edgesDays[i]! > edgesDays[i - 1]!)) throw new ValidationError('INVALID_BINS', 'bin edges must be strictly ascending');
  }
  const edgesMs = Float64Array.from(edgesDays, (d) => d * DAY_MS);
  return { edgesMs, count: edgesMs.length - 1, maxMs: edgesMs[edgesMs.length - 1]! };
};

/** Bin of a duration (ms): binary search; negatives land in bin 0, overlong ones in the last bin. */
export const binOf = (bins: Bins, durationMs: number): number => {
  const e = bins.edgesMs;
  if (durationMs >= bins.maxMs) return bins.count - 1;
  let lo = 0;
  let hi = bins.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (e[mid]! <= durationMs) lo = mid;
    else hi = mid - 1;
  }
  return lo;
};
