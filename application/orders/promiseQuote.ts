import type { DeliveryMethod } from '../../domain/pricing/index.js';
import {
  quotePromise, type CartLine, type DeliveryMethod as PromiseMethod, type Destination, type PromiseOption, type PromiseQuote,
} from '../../domain/promise/index.js';
import type { OrderPromise } from '../../domain/order/index.js';
import { loadSourcingContext, type SourcingContext } from './sourcingContext.js';
import { orderRuntime, type OrderDeps, type OrderRuntime } from './orderRuntime.js';

/** The promise engine's method and carrier service for an order delivery method. */
export const promiseMethodOf = (method: DeliveryMethod): { method: PromiseMethod; service?: string } =>
  method === 'pickup' ? { method: 'pickup' } : method === 'ship_to_store' ? { method: 'shipToStore' } : { method: 'delivery', service: method };

export type QuoteRequest = Readonly<{
  now: string;
  channel: string;
  lines: readonly CartLine[];
  destination?: Destination;
  pickupNode?: string;
  /** Default: every method. */
  methods?: readonly PromiseMethod[];
  excludedNodeIds?: readonly string[];
}>;

/** Quotes over an already loaded sourcing context (checkout reuses the one it sources with). */
export const quoteWith = (rt: OrderRuntime, ctx: SourcingContext, req: QuoteRequest): PromiseQuote =>
  withLearnedDates(rt, req, quotePromise({
    now: req.now,
    lines: req.lines,
    ...(req.destination ? { destination: req.destination } : {}),
    ...(req.pickupNode ? { pickupNodeId: req.pickupNode } : {}),
    channel: req.channel,
    deliveryMethods: req.methods ?? ['delivery', 'pickup', 'shipToStore'],
    nodes: ctx.nodes,
    availability: ctx.availability,
    ...(req.excludedNodeIds ? { excludedNodeIds: req.excludedNodeIds } : {}),
    carrierServices: rt.settings.carrierServices,
    transitModel: rt.settings.transitModel,
    options: { quantile: rt.settings.promiseQuantile },
  }));

/** Starts the explanation line of a delivery option the learned model dated (the learner recognises its own promises by it). */
export const LEARNED_DATE_NOTE = 'learned promise: handling';

/**
 * The learned model (when configured) dates each delivery option from the same nodes: handling
 * at those nodes plus lane transit, at its calibrated quantile. Where it knows too little the
 * engine's date stands. The engine still decides which nodes can ship and when they hand over.
 */
const withLearnedDates = (rt: OrderRuntime, req: QuoteRequest, quote: PromiseQuote): PromiseQuote => {
  const learned = rt.settings.learnedPromise;
  if (!learned || !req.destination) return quote;
  const destination = req.destination;
  return {
    ...quote,
    options: quote.options.map((o) => {
      if (o.method !== 'delivery') return o;
      const q = learned.quoteDelivery({ now: req.now, service: o.service, destination, nodeIds: o.nodes.map((n) => n.nodeId) });
      if (!q) return { ...o, explanation: [...o.explanation, 'learned promise: not enough history yet, engine date kept'] };
      return {
        ...o,
        deliverBy: q.deliverBy,
        // The learned hand-over, unless the node's calendar cannot hand over that early: the
        // engine's ship-by (processing time + cut-off) was missed by nearly every Olist seller,
        // so almost every order got a "missed hand-over" revision it should not have.
        shipBy: Date.parse(q.shipBy) > Date.parse(o.shipBy) ? q.shipBy : o.shipBy,
        quantile: q.quantile,
        confidence: q.quantile,
        explanation: [
          ...o.explanation,
          `${LEARNED_DATE_NOTE} ${q.handlingDays.toFixed(1)} d + transit ${q.transitDays.toFixed(1)} d at q=${q.quantile.toFixed(3)} → ${q.deliverBy} (engine said ${o.deliverBy})`,
        ],
      };
    }),
  };
};

/** `POST /promise`: every way the cart can reach the customer and by when, without ordering. */
export const quoteCart = async (deps: OrderDeps, req: QuoteRequest): Promise<PromiseQuote> => {
  const rt = orderRuntime(deps);
  const ctx = await loadSourcingContext(rt, req.lines.map((l) => l.sku));
  return quoteWith(rt, ctx, req);
};

/** The option matching what the customer chose: the earliest of the method (and service or store). */
export const chosenOption = (quote: PromiseQuote, method: DeliveryMethod, pickupNode?: string): PromiseOption | undefined => {
  const { method: m, service } = promiseMethodOf(method);
  return quote.options.find((o) =>
    o.method === 'delivery' ? m === 'delivery' && o.service === service : o.method === 'pickup' ? m === 'pickup' && o.node === pickupNode : m === 'shipToStore' && o.pickupNode === pickupNode,
  );
};

const endOf = (date: string) => `${date}T23:59:59Z`;

const sameNodes = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * The promise for the nodes sourcing actually chose. The checkout quote promises the best the
 * network can do; when sourcing picked other nodes (cheaper, or after a lost race), the cart is
 * re-quoted with every other node excluded, so the date and its explanation describe the real plan.
 */
export const promiseForPlan = (
  rt: OrderRuntime,
  ctx: SourcingContext,
  req: QuoteRequest,
  option: PromiseOption | undefined,
  chosenNodes: readonly string[],
  method: DeliveryMethod,
): PromiseOption | undefined => {
  if (option?.method !== 'delivery' || chosenNodes.length === 0 || sameNodes(option.nodes.map((n) => n.nodeId), chosenNodes)) return option;
  const others = ctx.nodes.map((n) => n.id).filter((id) => !chosenNodes.includes(id));
  return chosenOption(quoteWith(rt, ctx, { ...req, excludedNodeIds: others }), method) ?? option;
};

/**
 * The promise recorded on the order. Delivery: from the hand-over instant to the end of the
 * delivery date (the destination's calendar date, written in UTC). Pickup and ship-to-store:
 * ready at the store at the quoted instant.
 */
export const orderPromiseOf = (option: PromiseOption | undefined, promiseId: string): OrderPromise | undefined => {
  if (!option) return undefined;
  switch (option.method) {
    case 'pickup': return { earliest: option.readyBy, latest: option.readyBy, promiseId, nodeId: option.node };
    case 'shipToStore': return { earliest: option.readyBy, latest: option.readyBy, promiseId, nodeId: option.pickupNode };
    default:
      return { earliest: option.shipBy, latest: endOf(option.deliverBy), promiseId, ...(option.nodes.length === 1 ? { nodeId: option.nodes[0]!.nodeId } : {}) };
  }
};
