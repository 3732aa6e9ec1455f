import { DAY_MS } from '../../domain/promise/learned/durationBins.js';
import { quantileMs } from '../../domain/promise/learned/survivalCurve.js';
import { stageCurve, type LearnedPromiseState } from '../../domain/promise/learned/index.js';
import type { TransitModel } from '../../domain/promise/transitModel.js';
import { transitKeys, type TransitKeyOptions } from './laneKeys.js';

/**
 * The learned model behind the promise engine's `TransitModel` port. The engine asks for carrier
 * business days at a quantile; the learner measures calendar time from hand-over to delivery, so
 * the answer is ceil(calendar days × deliveryDaysPerWeek / 7) — exact on average over a week,
 * approximate for a given weekday (the engine then skips non-delivery days itself).
 *
 * `current` returns the projection's latest state: the port is synchronous, the learner is fed
 * asynchronously by the projection, and a quote uses whatever the learner knew at that moment.
 * Until the service has seen `minSupport` (decayed) parcels the fallback model answers.
 */
export type LearnedTransitOptions = Readonly<{
  fallback?: TransitModel;
  /** Decayed parcels the service must have seen before its answers are used; default 30. */
  minSupport?: number;
  /** Days per week the carrier delivers (CarrierService.deliveryDays); default 6. */
  deliveryDaysPerWeek?: number;
  keys?: TransitKeyOptions;
  /** Quantiles above this are answered at it (a learned tail has no 100th percentile); default 0.999. */
  maxQuantile?: number;
}>;

export const learnedTransitModel = (current: () => LearnedPromiseState, options: LearnedTransitOptions = {}): TransitModel => {
  const minSupport = options.minSupport ?? 30;
  const perWeek = options.deliveryDaysPerWeek ?? 6;
  const maxQ = options.maxQuantile ?? 0.999;
  return {
    quantileDays: (lane, service, q, asOf) => {
      const fallback = (): number | null => (options.fallback ? options.fallback.quantileDays(lane, service, q, asOf) : null);
      const keys = transitKeys(service, lane.origin, lane.destination, options.keys);
      const learned = stageCurve(current(), 'transit', keys, Date.parse(asOf));
      if (!learned || learned.support[learned.support.length - 1]! < minSupport) return fallback();
      const calendarDays = quantileMs(learned.curve, Math.min(q, maxQ)) / DAY_MS;
      return Math.max(0, Math.ceil((calendarDays * perWeek) / 7 - 1e-9));
    },
  };
};
