import type { Destination } from '../../domain/promise/index.js';

/**
 * The learned delivery promise as checkout sees it: for a destination, a carrier service and the
 * nodes that would ship, the promised local date (handling at each node + lane transit, at the
 * calibrated quantile), as known at `now`. null = the learner knows too little yet; the
 * promise engine's own date stands.
 */
export type LearnedDeliveryRequest = Readonly<{ now: string; service: string; destination: Destination; nodeIds: readonly string[] }>;

export type LearnedDeliveryQuote = Readonly<{
  /** Local YYYY-MM-DD at the destination. */
  deliverBy: string;
  quantile: number;
  handlingDays: number;
  transitDays: number;
  totalDays: number;
}>;

export type LearnedPromiser = Readonly<{ quoteDelivery: (request: LearnedDeliveryRequest) => LearnedDeliveryQuote | null }>;

/** Which promise model checkout uses: the engine's static transit table, or the learned one. */
export const PROMISE_MODELS = ['static', 'learned'] as const;
export type PromiseModelName = (typeof PROMISE_MODELS)[number];

export const promiseModelFrom = (raw: string | undefined, fallback: PromiseModelName): PromiseModelName => {
  if (raw === undefined || raw === '') return fallback;
  if ((PROMISE_MODELS as readonly string[]).includes(raw)) return raw as PromiseModelName;
  throw new Error(`OMS_PROMISE_MODEL must be one of ${PROMISE_MODELS.join(', ')}, got "${raw}"`);
};
