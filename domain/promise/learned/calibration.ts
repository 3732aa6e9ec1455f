/**
 * Online calibration of the promise quantile: adaptive conformal inference (Gibbs & Candès,
 * 2021). Every resolved promise — kept (delivered by the promised day) or missed (the day passed
 * without delivery, or delivery came later) — nudges the miss level:
 *   α ← α + γ · (α* − miss)
 * with α* = 1 − target. Over any long run the realised miss rate converges to α* whatever the
 * model's own bias (the sum of two estimated curves, shrinkage, a trend it has not caught up
 * with), because a persistent error keeps moving α until it stops. The quantile a promise is
 * built on is q = 1 − α, clamped to [minQuantile, maxQuantile] (α is clamped too: no wind-up).
 *
 * Outcomes arrive late — a miss only when the promised day has passed, weeks after the quote —
 * and a controller that keeps stepping while its earlier corrections are still unobserved
 * overshoots and oscillates. So the step is normalised by the promises in flight:
 * γ = gain / pending, at most `maxStep`. One "generation" of promises then moves α by about
 * gain · (α* − realised miss rate) whatever the order volume or lead time (gain 1 ≈ correct the
 * whole observed error once per generation; below 1 damps it); the cap keeps the first few
 * outcomes of a young or quiet learner from swinging the quantile.
 */
export type CalibrationConfig = Readonly<{
  /** Target share of promises kept, e.g. 0.94. */
  targetOnTimeRate: number;
  /** Step per generation of promises; the per-outcome step is gain / promises in flight. */
  gain: number;
  /** Largest step of α per outcome. */
  maxStep: number;
  minQuantile: number;
  maxQuantile: number;
}>;

export type Calibration = Readonly<{
  /** Current miss level α; the promise quantile is 1 − α. */
  alpha: number;
  kept: number;
  missed: number;
}>;

export const initialCalibration = (config: CalibrationConfig): Calibration => ({
  alpha: 1 - config.targetOnTimeRate,
  kept: 0,
  missed: 0,
});

export const calibratedQuantile = (config: CalibrationConfig, c: Calibration): number =>
  Math.min(config.maxQuantile, Math.max(config.minQuantile, 1 - c.alpha));

export const recordOutcome = (config: CalibrationConfig, c: Calibration, kept: boolean, inFlight: number): Calibration => {
  const target = 1 - config.targetOnTimeRate;
  const alpha = c.alpha + Math.min(config.maxStep, config.gain / Math.max(1, inFlight)) * (target - (kept ? 0 : 1));
  return {
    alpha: Math.min(1 - config.minQuantile, Math.max(1 - config.maxQuantile, alpha)),
    kept: c.kept + (kept ? 1 : 0),
    missed: c.missed + (kept ? 0 : 1),
  };
};
