import type { DeliveryMethod } from '../../domain/pricing/index.js';
import { buildAvailabilityIndex, type Destination, type PromiseOption } from '../../domain/promise/index.js';
import type { RuleSet, SourcingDecision } from '../../domain/sourcing/index.js';
import type { CatalogLine } from '../orders/cartLines.js';
import type { OrderRuntime } from '../orders/orderRuntime.js';
import { chosenOption, promiseForPlan, promiseMethodOf, quoteWith, type QuoteRequest } from '../orders/promiseQuote.js';
import { sourcingInputFor, sourcingMethodOf, type SourcingContext } from '../orders/sourcingContext.js';
import { scheduleShadow } from './shadowSourcing.js';

export { withLiveRuleSet } from './ruleSetRegistry.js';

const DAY_MS = 86_400_000;

/** Days from `now` to the promised date: the end of the delivery day, or the instant the store has it ready. */
const leadOf = (now: string, option: PromiseOption | undefined): number | null => {
  if (!option) return null;
  const end = option.method === 'delivery' ? `${option.deliverBy}T23:59:59Z` : option.readyBy;
  const ms = Date.parse(end) - Date.parse(now);
  return Number.isFinite(ms) ? Math.round((ms / DAY_MS) * 1000) / 1000 : null;
};

/** The promise each decision's nodes could make, quoted like checkout does (`promiseForPlan`); a quote failure is "no promise". */
const promisedLead = (rt: OrderRuntime, ctx: SourcingContext, cart: PlacedCart) => {
  const req: QuoteRequest = {
    now: cart.now,
    channel: cart.channel,
    lines: cart.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
    ...(cart.destination ? { destination: cart.destination } : {}),
    ...(cart.pickupNode ? { pickupNode: cart.pickupNode } : {}),
    methods: [promiseMethodOf(cart.method).method],
  };
  let quoted: PromiseOption | undefined | null = null;
  return (nodes: readonly string[]): number | null => {
    try {
      if (quoted === null) quoted = chosenOption(quoteWith(rt, ctx, req), cart.method, cart.pickupNode);
      return leadOf(cart.now, promiseForPlan(rt, ctx, req, quoted, nodes, cart.method));
    } catch {
      return null;
    }
  };
};

export type PlacedCart = Readonly<{
  orderId: string;
  channel: string;
  method: DeliveryMethod;
  destination?: Destination;
  pickupNode?: string;
  lines: readonly CatalogLine[];
  now: string;
}>;

/**
 * After a placement: the candidate decides the first checkout round's question again — the same
 * lines (ids as `planCheckout` numbers them), the same snapshot, the same cost model — and the
 * comparison with the live decision of that round is recorded. Later rounds only exist because a
 * reservation race was lost, which the candidate never takes part in.
 */
export const shadowPlacement = (rt: OrderRuntime, ctx: SourcingContext, cart: PlacedCart, live: SourcingDecision | undefined, candidate: RuleSet | undefined): void => {
  if (!candidate || !live) return;
  const input = () =>
    sourcingInputFor(rt, { ...ctx, availability: buildAvailabilityIndex(ctx.rows) }, {
      orderId: cart.orderId,
      lines: cart.lines.map((l) => ({ lineId: String(l.index + 1), sku: l.sku, quantity: l.quantity, weightGrams: l.weightGrams })),
      channel: cart.channel,
      ...sourcingMethodOf(cart.method),
      ...(cart.destination ? { destination: cart.destination } : {}),
      ...(cart.pickupNode ? { pickupNodeId: cart.pickupNode } : {}),
    });
  scheduleShadow(rt.readStore, { input, live, candidate, at: cart.now, leadDays: promisedLead(rt, ctx, cart) });
};
