import type { BenchResult } from './benchResult.js';

/**
 * Statistics for benchmark runs. Kept dependency-free and exact (all samples are kept) because a
 * run holds at most a few hundred thousand latencies; a streaming estimator would add error.
 */

const sorted = (values: readonly number[]): number[] => {
  if (values.length === 0) throw new RangeError('no values');
  if (values.some((v) => !Number.isFinite(v))) throw new RangeError('values must be finite numbers');
  return [...values].sort((a, b) => a - b);
};

/** Middle value; for an even count the mean of the two middle values. */
export const median = (values: readonly number[]): number => {
  const s = sorted(values);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/**
 * Nearest-rank percentile (p in [0, 100]): the smallest sample such that at least p % of the
 * samples are ≤ it. Always an observed value, so a p99 is a latency some command really had.
 */
export const percentile = (values: readonly number[], p: number): number => {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const s = sorted(values);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[rank - 1]!;
};

export const minMax = (values: readonly number[]): { min: number; max: number } => {
  const s = sorted(values);
  return { min: s[0]!, max: s[s.length - 1]! };
};

/** Several percentiles from one sort (latency arrays can be large). */
export const percentiles = (values: readonly number[], ps: readonly number[]): number[] => {
  const s = sorted(values);
  return ps.map((p) => {
    if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
    return s[Math.max(1, Math.ceil((p / 100) * s.length)) - 1]!;
  });
};

/** One measured run: its headline value and, optionally, the latencies (ms) of its operations. */
export type RunSample = Readonly<{ value: number; latenciesMs?: readonly number[] }>;

/** Median of runs with min–max and (when latencies were recorded) median p50/p99 across runs. */
export const summarize = (
  name: string,
  unit: string,
  samples: readonly RunSample[],
  extra: Partial<Pick<BenchResult, 'target' | 'lowerIsBetter' | 'notes'>> = {},
): BenchResult => {
  const runs = samples.map((s) => s.value);
  const withLatency = samples.filter((s) => s.latenciesMs && s.latenciesMs.length > 0);
  const perRun = withLatency.map((s) => percentiles(s.latenciesMs!, [50, 99]));
  const result: BenchResult = { name, unit, median: median(runs), ...minMax(runs), runs };
  if (perRun.length > 0) {
    result.p50 = median(perRun.map(([p50]) => p50!));
    result.p99 = median(perRun.map(([, p99]) => p99!));
  }
  return withTarget({ ...result, ...extra });
};

/** Sets `meetsTarget` from the median when a target is given. */
export const withTarget = (result: BenchResult): BenchResult =>
  result.target === undefined
    ? result
    : { ...result, meetsTarget: result.lowerIsBetter ? result.median <= result.target : result.median >= result.target };
