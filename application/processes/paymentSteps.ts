import { balanceDue, orderTotals, type Fulfilment, type Order, type Settlement } from '../../domain/order/index.js';
import { fromJson, toJson, type MoneyJson } from '../../domain/shared/money.js';
import { deriveCommandId } from '../eventIds.js';
import { unlessRefused, type FulfilmentContext, type Trigger } from './fulfilmentContext.js';
import type { PaymentKind } from './fulfilmentLedger.js';
import type { Authorization } from './paymentGateway.js';
import { exchangeCreditPledged } from '../returns/exchangeCreditPledge.js';

/**
 * Money at the payment gateway. Amounts are decided by the order aggregate (what a shipment
 * makes capturable, what a cancellation voids or refunds); the process only carries them out,
 * with an idempotency key derived from the triggering event and purpose, and records each
 * movement in its ledger stream.
 */
const recordFact = async (ctx: FulfilmentContext, trigger: Trigger, order: Order, kind: PaymentKind, key: string, tenderId: string, amount: MoneyJson, reference: string) => {
  const method = order.tenders.find((t) => t.tenderId === tenderId)?.method ?? 'card';
  await ctx.ledger(trigger, `ledger:${key}`, order.orderId, {
    type: 'RecordGatewayFact',
    data: { kind, fact: { orderId: order.orderId, channel: order.channel, tenderId, method, amount, at: ctx.now(), operationKey: key, reference } },
  });
};

/** Records a gateway answer on the order. An authorization the order no longer wants is voided at once. */
export const recordAuthorization = async (ctx: FulfilmentContext, trigger: Trigger, order: Order, auth: Authorization, key: string): Promise<void> => {
  const tender = { tenderId: auth.authorizationId, method: auth.method, amount: auth.amount };
  const refused = ['ILLEGAL_TRANSITION', 'TENDER_CONFLICT'];
  if (auth.status === 'pending') {
    await unlessRefused(refused, () => ctx.order(trigger, 'record-pending', order.orderId, { type: 'RecordPaymentPending', data: tender }));
    return;
  }
  if (auth.status === 'declined') {
    await unlessRefused(refused, () =>
      ctx.order(trigger, 'record-declined', order.orderId, { type: 'RecordPaymentDeclined', data: { ...tender, reason: auth.reason ?? 'declined' } }),
    );
    return;
  }
  await recordFact(ctx, trigger, order, 'PaymentAuthorized', key, auth.authorizationId, auth.amount, auth.authorizationId);
  const recorded = await unlessRefused(refused, () => ctx.order(trigger, 'record-authorized', order.orderId, { type: 'RecordPaymentAuthorized', data: tender }));
  if (recorded === undefined) {
    const voidKey = deriveCommandId(key, 'void-unwanted');
    const moved = await ctx.gateway.void({ idempotencyKey: voidKey, authorizationId: auth.authorizationId, amount: auth.amount });
    await recordFact(ctx, trigger, order, 'PaymentVoided', voidKey, auth.authorizationId, moved.amount, moved.reference);
  }
};

/** Authorizes what the order still owes (the whole total after checkout, or the rise after an edit). */
export const authorizeBalance = async (ctx: FulfilmentContext, trigger: Trigger, order: Order): Promise<void> => {
  const due = balanceDue(order.tenders, fromJson(orderTotals(order).total));
  if (due.amount.isZero() || order.tenders.some((t) => t.status === 'pending')) return;
  // A linked exchange/replacement order is paid by exchange credit: its authorization comes from the returns feature.
  if (order.tenders.length === 0 && (await exchangeCreditPledged(ctx.eventStore, order.orderId))) return;
  const key = deriveCommandId(trigger.id, 'authorize');
  const auth = await ctx.gateway.authorize({ idempotencyKey: key, orderId: order.orderId, customerId: order.customerId, amount: toJson(due) });
  await recordAuthorization(ctx, trigger, order, auth, key);
};

/** The capture a hand-over made due, per tender (partial captures: one per shipment or pickup). */
export const captureFulfilment = async (ctx: FulfilmentContext, trigger: Trigger, order: Order, fulfilment: Fulfilment | null): Promise<void> => {
  for (const part of fulfilment?.capture.allocations ?? []) {
    const key = deriveCommandId(trigger.id, `capture:${part.tenderId}`);
    const moved = await ctx.gateway.capture({ idempotencyKey: key, authorizationId: part.tenderId, amount: part.amount });
    await recordFact(ctx, trigger, order, 'PaymentCaptured', key, part.tenderId, moved.amount, moved.reference);
  }
};

/** Voids uncaptured authorization and refunds captured money, as a change or completion settled it. */
export const settle = async (ctx: FulfilmentContext, trigger: Trigger, order: Order, settlement: Settlement): Promise<void> => {
  for (const part of settlement.voids) {
    const key = deriveCommandId(trigger.id, `void:${part.tenderId}`);
    const moved = await ctx.gateway.void({ idempotencyKey: key, authorizationId: part.tenderId, amount: part.amount });
    await recordFact(ctx, trigger, order, 'PaymentVoided', key, part.tenderId, moved.amount, moved.reference);
  }
  for (const part of settlement.refunds) {
    const key = deriveCommandId(trigger.id, `refund:${part.tenderId}`);
    const moved = await ctx.gateway.refund({ idempotencyKey: key, authorizationId: part.tenderId, amount: part.amount });
    await recordFact(ctx, trigger, order, 'PaymentRefunded', key, part.tenderId, moved.amount, moved.reference);
  }
};

/**
 * A pending authorization is asked again; settled, the answer goes on the order. Still pending
 * after the last poll, the payment counts as declined (the decline deadline then applies).
 */
export const pollPendingPayment = async (ctx: FulfilmentContext, trigger: Trigger, order: Order, tenderId: string, attempt: number): Promise<'settled' | 'pending'> => {
  const tender = order.tenders.find((t) => t.tenderId === tenderId);
  if (!tender || tender.status !== 'pending') return 'settled';
  const auth = await ctx.gateway.status(tenderId);
  if (auth.status !== 'pending') {
    await recordAuthorization(ctx, trigger, order, auth, deriveCommandId(trigger.id, 'poll'));
    return 'settled';
  }
  if (attempt < ctx.settings.maxPaymentPolls) return 'pending';
  await recordAuthorization(ctx, trigger, order, { ...auth, status: 'declined', reason: `still pending after ${attempt} status checks` }, deriveCommandId(trigger.id, 'poll'));
  return 'settled';
};
