/**
 * What every benchmark module returns (`bench/<area>/*Bench.ts` exports
 * `run(options): Promise<BenchResult[]>`), and what `npm run bench` prints and stores.
 */
export type BenchOptions = Readonly<{
  /** Fewer and smaller runs: a smoke test of the benchmark, not a measurement to publish. */
  quick: boolean;
  /** Progress lines go here (the harness prints them as they come). */
  log: (line: string) => void;
}>;

export type BenchResult = {
  name: string;
  /** Unit of median/min/max/runs, e.g. "commands/s", "events/s", "ms", "×". */
  unit: string;
  /** Median of the runs (the figure to quote). */
  median: number;
  min: number;
  max: number;
  /** The value of each run, in run order. */
  runs: number[];
  /** Latency percentiles in milliseconds (median over runs of each run's percentile), when measured. */
  p50?: number;
  p99?: number;
  /** The goal for this figure, in the same unit; higher is better unless `lowerIsBetter`. */
  target?: number;
  lowerIsBetter?: boolean;
  meetsTarget?: boolean;
  notes?: string;
  /** Set when there is no figure (the system or peer could not run): why. median/min/max are then 0. */
  failed?: string;
};

export type BenchModule = Readonly<{ run: (options: BenchOptions) => Promise<BenchResult[]> }>;
