import type { Destination } from '../../domain/promise/index.js';
import { DEFAULT_LEARNED_PROMISE_CONFIG, type LearnedPromiseConfig } from '../../domain/promise/learned/index.js';

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
  /**
   * ISO instant by which the slowest node is expected to hand over, at the same quantile: the
   * promise's ship-by, which the missed-hand-over timer watches.
   */
  shipBy: string;
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

/**
 * OMS_PROMISE_TARGET_ON_TIME: the share of promises the learned model aims to keep (its
 * calibration target; default 0.94). Higher buys on-time rate with longer promises. The
 * controller reaches it only over a long, steady run — outcomes arrive weeks late, so a
 * slow-down costs misses before it is corrected — so set it a little above the rate to beat.
 */
export const learnedPromiseConfigFrom = (env: NodeJS.ProcessEnv): Partial<LearnedPromiseConfig> => {
  const raw = env.OMS_PROMISE_TARGET_ON_TIME?.trim();
  if (raw === undefined || raw === '') return {};
  const target = Number(raw);
  if (!/^(0?\.\d+)$/.test(raw) || !(target >= 0.5 && target <= 0.99)) {
    throw new Error(`OMS_PROMISE_TARGET_ON_TIME must be a fraction between 0.5 and 0.99 (e.g. 0.94), got "${raw}"`);
  }
  return { calibration: { ...DEFAULT_LEARNED_PROMISE_CONFIG.calibration, targetOnTimeRate: target } };
};
