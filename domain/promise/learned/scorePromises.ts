import { dayFromIsoDate } from '../calendarDays.js';
import { DAY_MS } from './durationBins.js';

/**
 * Promise accuracy, the way a customer sees it: a promise is a local calendar day; it is kept
 * when the parcel arrives on or before that day. The promised lead is measured from the purchase
 * instant to the start of the promised day (Olist's `order_estimated_delivery_date` is such a
 * midnight), and the error is actual lead − promised lead (positive: arrived after the promised
 * day began; > 1 day: late).
 */
export type ScoredPromise = Readonly<{
  purchasedAt: number;
  deliveredAt: number;
  promisedDate: string;
  /** Local time offset at the destination (0 when instants already are local wall-clock times). */
  utcOffsetMinutes?: number;
}>;

export type PromiseScore = Readonly<{
  delivered: number;
  onTimeRate: number;
  medianPromisedDays: number;
  meanAbsErrorDays: number;
  /** Signed error (actual − promised lead, days) at the 5th…95th percentile. */
  errorPercentiles: Readonly<{ p5: number; p25: number; p50: number; p75: number; p95: number }>;
}>;

/** Linear-interpolated percentile of ascending-sorted values (type 7). */
export const percentile = (sorted: readonly number[], p: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (h - lo);
};

export const scorePromises = (rows: readonly ScoredPromise[]): PromiseScore => {
  let onTime = 0;
  let absError = 0;
  const leads: number[] = [];
  const errors: number[] = [];
  for (const r of rows) {
    const offset = (r.utcOffsetMinutes ?? 0) * 60_000;
    const promisedStart = dayFromIsoDate(r.promisedDate) * DAY_MS;
    const purchased = r.purchasedAt + offset;
    const delivered = r.deliveredAt + offset;
    if (delivered < promisedStart + DAY_MS) onTime++;
    leads.push((promisedStart - purchased) / DAY_MS);
    const error = (delivered - promisedStart) / DAY_MS;
    errors.push(error);
    absError += Math.abs(error);
  }
  leads.sort((a, b) => a - b);
  errors.sort((a, b) => a - b);
  const n = rows.length;
  return {
    delivered: n,
    onTimeRate: n > 0 ? onTime / n : Number.NaN,
    medianPromisedDays: percentile(leads, 0.5),
    meanAbsErrorDays: n > 0 ? absError / n : Number.NaN,
    errorPercentiles: {
      p5: percentile(errors, 0.05),
      p25: percentile(errors, 0.25),
      p50: percentile(errors, 0.5),
      p75: percentile(errors, 0.75),
      p95: percentile(errors, 0.95),
    },
  };
};
