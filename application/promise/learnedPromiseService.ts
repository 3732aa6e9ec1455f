import type { Subscription } from 'rxjs';
import { latestQuote, observe, quote, type LearnedPromiseConfig, type LearnedPromiseState } from '../../domain/promise/learned/index.js';
import type { EventFilter, EventStore, GlobalPosition, RecordedEvent } from '../../infrastructure/eventstore/eventStore.js';
import { handlingKeys, transitKeys, type Place, type TransitKeyOptions } from './laneKeys.js';
import { evolveLearnedPromise, initialLearnedPromiseProjection, type LearnedPromiseProjectionState } from './learnedPromiseProjection.js';
import { LEARNED_DATE_NOTE } from '../orders/promiseQuote.js';
import type { LearnedDeliveryQuote, LearnedDeliveryRequest, LearnedPromiser } from './learnedPromiser.js';
import { destinationRegionGroup } from './regionGroups.js';

/**
 * The learned promise inside the OMS: an in-memory projection of the `order-` events (through
 * `evolveLearnedPromise`) plus the node locations from `node-` events, and the promiser checkout
 * quotes with. It is online by construction: a quote uses only the events the learner has
 * applied, and the learner applies the log in order — `catchUp()` before a placement at T (what
 * `oms import olist` does, events being appended in time order) means the quote knows exactly
 * what was recorded before T. The state is rebuilt from the log at start (a pure fold).
 *
 * Use either `start()` (live subscription, the server) or `catchUp()` (a driver that owns the
 * pace, the importer) — not both at once.
 */
export type LearnedPromiseServiceOptions = Readonly<{
  config?: Partial<LearnedPromiseConfig>;
  keys?: TransitKeyOptions;
  /** Offset of the destination's local time the promised day is counted in (default 0: UTC). */
  utcOffsetMinutes?: number;
}>;

export type LearnedPromiseService = Readonly<{
  promiser: LearnedPromiser;
  catchUp: () => Promise<void>;
  start: () => void;
  stop: () => Promise<void>;
  position: () => GlobalPosition;
  state: () => LearnedPromiseState;
}>;

const FILTER: EventFilter = { streamPrefixes: ['order-', 'node-'] };

/**
 * Calibration tunes the learned quantile from the outcomes of the learner's own promises. A
 * promise another model made (the static engine while the learner knew too little, an import
 * under OMS_PROMISE_MODEL=static) says nothing about that quantile — a cold start of missed
 * static dates would otherwise drive it to its maximum — so OrderPlaced reaches the learner
 * without it. Durations are learned from every order regardless.
 */
const ownPromiseOnly = (e: RecordedEvent): RecordedEvent['data'] => {
  if (e.type !== 'OrderPlaced') return e.data;
  const data = e.data as { promise?: unknown; checkout?: { quote?: { explanation?: readonly string[] } } };
  if (!data.promise) return e.data;
  const learned = data.checkout?.quote?.explanation?.some((line) => line.startsWith(LEARNED_DATE_NOTE)) ?? false;
  if (learned) return e.data;
  const { promise: _ignored, ...rest } = e.data as Record<string, RecordedEvent['data']>;
  return rest;
};

type NodeData = { nodeId?: string; node?: { location?: Place }; changes?: { location?: Place } };

export const createLearnedPromiseService = (eventStore: EventStore, options: LearnedPromiseServiceOptions = {}): LearnedPromiseService => {
  const keys: TransitKeyOptions = options.keys ?? { destinationGroup: destinationRegionGroup };
  const nodes = new Map<string, Place>();
  const settings = { nodeLocation: (id: string) => nodes.get(id), keys };
  let projection: LearnedPromiseProjectionState = initialLearnedPromiseProjection(options.config);
  let position: GlobalPosition = 0n;
  let chain: Promise<void> = Promise.resolve();
  let subscription: Subscription | undefined;

  const apply = (e: RecordedEvent): void => {
    if (e.position <= position) return;
    position = e.position;
    if (e.streamName.startsWith('node-')) {
      const d = e.data as NodeData;
      const location = e.type === 'NodeRegistered' ? d.node?.location : e.type === 'NodeUpdated' ? d.changes?.location : undefined;
      if (d.nodeId && location) nodes.set(d.nodeId, { country: location.country, ...(location.region ? { region: location.region } : {}), ...(location.postalCode ? { postalCode: location.postalCode } : {}) });
      return;
    }
    projection = evolveLearnedPromise(projection, { streamName: e.streamName, type: e.type, data: ownPromiseOnly(e), metadata: { ...(typeof e.metadata.now === 'string' ? { now: e.metadata.now } : {}) } }, settings);
  };

  const serial = (work: () => Promise<void>): Promise<void> => {
    const run = chain.then(work);
    chain = run.catch(() => undefined);
    return run;
  };

  /**
   * The learner advanced to a quote's instant, kept for the next quote at the same instant on the
   * same recorded state. Both are pure, so reusing it changes nothing but the cost: a tick sweeps
   * expired promises and abandons stale subjects — O(open subjects) — and after a quiet spell a
   * burst of re-quotes at one instant (deadlines firing together) repeated it for every one (the
   * 10× Olist import's tail: 1,776 revisions at 36 distinct instants in 6,000 events).
   */
  let ticked: { base: LearnedPromiseState; at: number; model: LearnedPromiseState } | undefined;
  const modelAt = (at: number): LearnedPromiseState => {
    const base = projection.model;
    if (ticked?.base === base && ticked.at === at) return ticked.model;
    // Time passes to the quote's instant (expired promises count as misses) without being kept:
    // the projection itself only moves with recorded events.
    const model = observe(base, { type: 'tick', at });
    ticked = { base, at, model };
    return model;
  };

  const quoteDelivery = (req: LearnedDeliveryRequest): LearnedDeliveryQuote | null => {
    const at = Date.parse(req.now);
    if (!Number.isFinite(at) || req.nodeIds.length === 0) return null;
    const model = modelAt(at);
    const destination: Place = { country: req.destination.country, ...(req.destination.region ? { region: req.destination.region } : {}), ...(req.destination.postalCode ? { postalCode: req.destination.postalCode } : {}) };
    const legs = req.nodeIds.map((id) => quote(model, {
      handlingKeys: handlingKeys(id, nodes.get(id)),
      transitKeys: transitKeys(req.service, nodes.get(id), destination, keys),
      ...(options.utcOffsetMinutes !== undefined ? { utcOffsetMinutes: options.utcOffsetMinutes } : {}),
    }, at));
    const q = latestQuote(legs);
    if (!q) return null;
    // The order is handed over when its slowest leg is (not necessarily the leg delivering last).
    const shipBy = Math.max(...legs.map((l) => l?.handOverBy ?? q.handOverBy));
    return { deliverBy: q.promisedDate, shipBy: new Date(Math.ceil(shipBy)).toISOString(), quantile: q.quantile, handlingDays: q.handlingDays, transitDays: q.transitDays, totalDays: q.totalDays };
  };

  return {
    promiser: { quoteDelivery },
    catchUp: () => serial(async () => {
      for await (const e of eventStore.readAll({ after: position, filter: FILTER })) apply(e);
    }),
    start: () => {
      if (subscription) return;
      subscription = eventStore.subscribeToAll({ after: position, filter: FILTER }).subscribe({
        next: (batch) => {
          void serial(async () => {
            for (const e of batch.events) apply(e);
            batch.ack();
          });
        },
      });
    },
    stop: async () => {
      subscription?.unsubscribe();
      subscription = undefined;
      await chain;
    },
    position: () => position,
    state: () => projection.model,
  };
};
