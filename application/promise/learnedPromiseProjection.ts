import type { OrderEvent } from '../../domain/order/events.js';
import {
  initialLearnedPromiseState,
  observe,
  type LearnedPromiseConfig,
  type LearnedPromiseState,
  type Observation,
} from '../../domain/promise/learned/index.js';
import { emptyPMap, pmapDelete, pmapGet, pmapSet, type PMap } from '../../domain/promise/learned/persistentMap.js';
import { handlingKeys, transitKeys, type Place, type TransitKeyOptions } from './laneKeys.js';

/**
 * The learner as a projection: a pure reducer from recorded order events to the learned promise
 * state. Per open order it remembers only what later events do not repeat (destination, service,
 * shipping nodes); the model itself holds the durations.
 *
 *   OrderPlaced                → placed (per proposed node: handling clock starts) + promised
 *   OrderPromiseRevised        → nothing: calibration is about the promise given at checkout
 *   OrderShipmentShipped       → handedOver (handling sample; transit clock of the shipment starts)
 *   OrderShipmentDelivered     → delivered (transit sample; the promise resolves once nothing is open)
 *   OrderCancelled / switched to pickup → cancelled (nothing recorded)
 *   OrderShippingAddressChanged / OrderDeliveryMethodChanged → new destination / service for later shipments
 *
 * Wiring (for the projection host and `oms import olist`):
 *   let s = initialLearnedPromiseProjection(config);            // or fromSnapshot(...) for the model
 *   s = evolveLearnedPromise(s, recordedEvent, { nodeLocation }); // per `order-` event, in global order
 *   quote(s.model, { handlingKeys: handlingKeys(node, loc), transitKeys: transitKeys(service, loc, dest) }, now)
 *                                                               // → learned promise date (handling + transit)
 *   learnedTransitModel(() => s.model, { fallback: staticTransitModel() })
 *                                                               // → TransitModel for quotePromise, with
 *   options.quantile = currentQuantile(s.model)                 //   the calibrated confidence
 *   toSnapshot(s.model) / fromSnapshot(json)                    // checkpoint the learner as a JSON document
 */
export type OrderEventEnvelope = Readonly<{ streamName: string; type: string; data: unknown; metadata?: Readonly<{ now?: string }> }>;

export type LearnedPromiseSettings = Readonly<{
  /** Where a node is (from the network read model); unknown nodes still learn, pooled by '*'. */
  nodeLocation: (nodeId: string) => Place | undefined;
  keys?: TransitKeyOptions;
}>;

/** What the learner keeps per open order; `openUnits` decides when a delivery completes the order. */
type OrderContext = Readonly<{ destination?: Place; service: string; openUnits: number }>;

type Move = Readonly<{ quantity: number; from: Readonly<{ stage: string }>; to: Readonly<{ stage: string }> }>;
const DONE_STAGES = new Set(['delivered', 'picked_up', 'cancelled']);

/** Units that reached a final stage with this event (delivered, collected or cancelled). */
const unitsDone = (data: unknown): number => {
  const moves = (data as { moves?: readonly Move[] } | null)?.moves;
  if (!Array.isArray(moves)) return 0;
  let n = 0;
  for (const m of moves) if (DONE_STAGES.has(m.to.stage) && !DONE_STAGES.has(m.from.stage)) n += m.quantity;
  return n;
};

export type LearnedPromiseProjectionState = Readonly<{
  model: LearnedPromiseState;
  orders: PMap<OrderContext>;
  /** Order events that could not be used (e.g. placed without a destination). */
  skipped: number;
}>;

export const initialLearnedPromiseProjection = (config: Partial<LearnedPromiseConfig> = {}): LearnedPromiseProjectionState => ({
  model: initialLearnedPromiseState(config),
  orders: emptyPMap(),
  skipped: 0,
});

export const orderIdOfStream = (streamName: string): string => decodeURIComponent(streamName.slice('order-'.length));

const DELIVERY_SERVICES = new Set(['standard', 'express']);

/** End of a promise window: `latest` is an ISO instant; kept means delivered at or before it. */
const deadlineOf = (latest: string): number => Date.parse(latest) + 1;

/**
 * The observations one order event yields, and the order context after it (null: forget the
 * order). Pure; exported so other learners (and `oms import olist`) can reuse the mapping.
 */
export const observationsFromOrderEvent = (
  event: OrderEventEnvelope,
  context: OrderContext | undefined,
  settings: LearnedPromiseSettings,
): { observations: Observation[]; context: OrderContext | null | undefined } => {
  const orderId = orderIdOfStream(event.streamName);
  const e = { type: event.type, data: event.data } as OrderEvent;
  const now = event.metadata?.now ? Date.parse(event.metadata.now) : Number.NEGATIVE_INFINITY;
  const tracked = context && { ...context, openUnits: context.openUnits - unitsDone(event.data) };
  const transit = (node: string, ctx: OrderContext): string[] =>
    transitKeys(ctx.service, settings.nodeLocation(node), ctx.destination, settings.keys);
  switch (e.type) {
    case 'OrderPlaced': {
      const d = e.data;
      if (!DELIVERY_SERVICES.has(d.deliveryMethod) || !d.destination) return { observations: [], context: undefined };
      const ctx: OrderContext = { destination: d.destination, service: d.deliveryMethod, openUnits: d.lines.reduce((n, l) => n + l.quantity, 0) };
      const at = Date.parse(d.placedAt);
      const nodes = [...new Set(d.lines.map((l) => l.proposedNode))];
      const observations: Observation[] = nodes.map((node) => ({
        type: 'placed',
        orderId,
        ...(node !== undefined ? { legId: node } : {}),
        at,
        handlingKeys: handlingKeys(node, node === undefined ? undefined : settings.nodeLocation(node)),
        transitKeys: node === undefined ? transitKeys(ctx.service, undefined, ctx.destination, settings.keys) : transit(node, ctx),
      }));
      if (d.promise) observations.push({ type: 'promised', orderId, at, deadline: deadlineOf(d.promise.latest) });
      return { observations, context: ctx };
    }
    case 'OrderPromiseRevised':
      // Not a new outcome to calibrate on: the quantile sets the date promised at checkout (what
      // the customer chose on, and what promise accuracy scores). A revision comes after the
      // plan slipped, closer to delivery, so it is kept far more often; counting it instead of
      // the checkout promise made the controller believe checkout dates were being kept and
      // lower the quantile (Olist through the OMS: 87 % of checkout promises kept vs 94 % aimed).
      return { observations: [], context: tracked ?? context };
    case 'OrderShipmentShipped': {
      if (!tracked) return { observations: [], context };
      const d = e.data;
      return {
        observations: [{
          type: 'handedOver',
          orderId,
          legId: d.node,
          parcelId: d.shipmentId,
          at: Date.parse(d.shippedAt),
          handlingKeys: handlingKeys(d.node, settings.nodeLocation(d.node)),
          transitKeys: transit(d.node, tracked),
        }],
        context: tracked,
      };
    }
    case 'OrderShipmentDelivered': {
      if (!tracked) return { observations: [], context };
      const final = tracked.openUnits <= 0;
      return { observations: [{ type: 'delivered', orderId, parcelId: e.data.shipmentId, at: Date.parse(e.data.deliveredAt), final }], context: tracked };
    }
    case 'OrderShippingAddressChanged':
      return { observations: [], context: tracked && { ...tracked, destination: e.data.destination } };
    case 'OrderDeliveryMethodChanged': {
      if (!tracked) return { observations: [], context };
      if (DELIVERY_SERVICES.has(e.data.deliveryMethod)) {
        const destination = e.data.destination ?? tracked.destination;
        return { observations: [], context: { service: e.data.deliveryMethod, openUnits: tracked.openUnits, ...(destination ? { destination } : {}) } };
      }
      return { observations: [{ type: 'cancelled', orderId, at: now }], context: null };
    }
    case 'OrderSwitchedToPickup':
    case 'OrderCancelled':
    case 'OrderCompleted':
      // Whatever is still open will not complete as a delivery: drop it (and an unresolved promise).
      if (!context) return { observations: [], context };
      return { observations: [{ type: 'cancelled', orderId, at: now }], context: null };
    default:
      return { observations: [], context: tracked ?? context };
  }
};

/** The projection's evolve: pure, deterministic; feed it the `order-` category in global order. */
export const evolveLearnedPromise = (
  state: LearnedPromiseProjectionState,
  event: OrderEventEnvelope,
  settings: LearnedPromiseSettings,
): LearnedPromiseProjectionState => {
  if (!event.streamName.startsWith('order-')) return state;
  const orderId = orderIdOfStream(event.streamName);
  const context = pmapGet(state.orders, orderId);
  const { observations, context: next } = observationsFromOrderEvent(event, context, settings);
  let model = state.model;
  // A cancellation without metadata.now happens at the learner's latest known time.
  for (const o of observations) model = observe(model, Number.isFinite(o.at) ? o : { ...o, at: model.now });
  const orders = next === null ? pmapDelete(state.orders, orderId) : next === undefined ? state.orders : pmapSet(state.orders, orderId, next);
  const skipped = state.skipped + (event.type === 'OrderPlaced' && next === undefined ? 1 : 0);
  return { model, orders, skipped };
};
