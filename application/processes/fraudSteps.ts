import { screenOrder, type FraudRuleSet } from '../../domain/fraud/index.js';
import type { OrderPlaced } from '../../domain/order/index.js';
import type { ReadStore } from '../../infrastructure/readstore/readStore.js';
import type { FulfilmentContext, Trigger } from './fulfilmentContext.js';
import type { Screening } from './fulfilmentLedger.js';

/**
 * Fraud screening on placement. Velocity needs the customer's recent orders: the process keeps
 * its own small read model of them (one document per customer, written idempotently — the same
 * order added twice is one entry). The verdict is recorded once in the process stream, so a
 * re-processed OrderPlaced reuses it instead of screening again with a different history.
 */
export const CUSTOMER_ORDERS = 'process_fulfilment_customer_orders';

type CustomerOrdersDocument = { _id: string; orders: { orderId: string; placedAt: string }[] };

/** Longest velocity window of the rules: older entries can be dropped. */
const windowMs = (rules: FraudRuleSet): number =>
  Math.max(0, ...rules.rules.map((r) => (r.kind === 'velocity' ? r.windowHours * 3_600_000 : 0)));

export const rememberCustomerOrder = async (store: ReadStore, rules: FraudRuleSet, customerId: string, orderId: string, placedAt: string): Promise<void> => {
  const orders = store.collection<CustomerOrdersDocument>(CUSTOMER_ORDERS);
  await orders.updateOne({ _id: customerId }, { $addToSet: { orders: { orderId, placedAt } } }, { upsert: true });
  const cutoff = new Date(Date.parse(placedAt) - windowMs(rules)).toISOString();
  await orders.updateOne({ _id: customerId }, { $pull: { orders: { placedAt: { $lt: cutoff } } } });
};

export const screenPlacedOrder = async (ctx: FulfilmentContext, trigger: Trigger, placed: OrderPlaced['data']): Promise<Screening> => {
  const recorded = (await ctx.loadLedger(placed.orderId)).screening;
  if (recorded) return recorded;
  const known = await ctx.readStore.collection<CustomerOrdersDocument>(CUSTOMER_ORDERS).findOne({ _id: placed.customerId });
  const instrument = await ctx.gateway.describeInstrument({ orderId: placed.orderId, customerId: placed.customerId });
  // A billing address on the order wins over the card's issuing country (orders may carry one later).
  const billing = (placed as { billingAddress?: { country?: string } }).billingAddress?.country ?? instrument.issuerCountry;
  const verdict = screenOrder(
    {
      orderId: placed.orderId,
      customerId: placed.customerId,
      total: placed.totals.total,
      placedAt: placed.placedAt,
      ...(placed.destination ? { destinationCountry: placed.destination.country } : {}),
      ...(billing ? { billingCountry: billing } : {}),
      recentOrders: known?.orders ?? [],
    },
    ctx.settings.fraudRules,
  );
  const result = await ctx.ledger(trigger, 'screen', placed.orderId, {
    type: 'RecordScreening',
    data: {
      orderId: placed.orderId, decision: verdict.decision, score: verdict.score, reasons: verdict.reasons,
      ruleSetId: verdict.ruleSetId, ruleSetVersion: verdict.ruleSetVersion, at: ctx.now(),
    },
  });
  return result.state.screening!;
};
