import type { JsonValue } from '../../infrastructure/eventstore/eventStore.js';
import { unlessRefused, type FulfilmentContext, type Trigger } from './fulfilmentContext.js';
import { FULFILMENT_PROCESS } from './fulfilmentLedger.js';
import { pollPendingPayment } from './paymentSteps.js';
import { onSupplyOverdue } from './lateSupplySteps.js';
import { onHandoverDeadline } from './promiseSteps.js';
import type { TimerDocument, TimerHandler } from './timers.js';

/**
 * The fulfilment process's deadlines. Each fires a command judged against the order as it is at
 * firing time, so a deadline made obsolete (the node accepted, the payment went through, the
 * customer collected) is a no-op by rule even if its cancellation was missed.
 */
export type FulfilmentTimer =
  | Readonly<{ kind: 'acceptanceTimeout'; orderId: string; node: string }>
  | Readonly<{ kind: 'declineDeadline'; orderId: string; tenderId: string }>
  | Readonly<{ kind: 'paymentPoll'; orderId: string; tenderId: string; attempt: number }>
  | Readonly<{ kind: 'pickupDeadline'; orderId: string }>
  | Readonly<{ kind: 'handoverDeadline'; orderId: string; promisedBy: string }>
  | SupplyOverdueTimer;

/** An expected supply's ETA (+ grace) passed: belongs to the position, not to one order. */
export type SupplyOverdueTimer = Readonly<{ kind: 'supplyOverdue'; nodeId: string; sku: string; supplyId: string; eta: string; attempt: number; origin: string }>;

/**
 * Payment polls live in their own group: cancelling an order cancels its other deadlines, but a
 * pending authorization must still be followed to its end (and voided if it is granted after all).
 */
export const timerGroup = (timer: FulfilmentTimer): string =>
  timer.kind === 'supplyOverdue' ? `supply:${timer.nodeId}~${timer.sku}` : timer.kind === 'paymentPoll' ? `${timer.orderId}:payment` : timer.orderId;

export const scheduleTimer = async (ctx: FulfilmentContext, timer: FulfilmentTimer, key: string, dueAtMs: number, tag: string): Promise<void> => {
  await ctx.timers.schedule(
    { id: `${FULFILMENT_PROCESS}:${key}`, owner: FULFILMENT_PROCESS, group: timerGroup(timer), tag, dueAt: new Date(dueAtMs).toISOString(), payload: timer as unknown as { [k: string]: JsonValue } },
    ctx.now(),
  );
};

const fire = async (ctx: FulfilmentContext, trigger: Trigger, timer: FulfilmentTimer): Promise<void> => {
  if (timer.kind === 'supplyOverdue') return onSupplyOverdue(ctx, trigger, timer);
  const order = await ctx.loadOrder(timer.orderId);
  if (!order) return;
  if (timer.kind === 'paymentPoll') {
    const outcome = await pollPendingPayment(ctx, trigger, order, timer.tenderId, timer.attempt);
    if (outcome === 'pending') {
      const next = timer.attempt + 1;
      await scheduleTimer(ctx, { ...timer, attempt: next }, `poll:${timer.tenderId}:${next}`, ctx.clock().getTime() + ctx.settings.paymentPollMs, 'poll');
    }
    return;
  }
  if (order.status === 'cancelled' || order.completed) return;
  switch (timer.kind) {
    case 'acceptanceTimeout':
      if (order.acceptedNodes.includes(timer.node)) return;
      await unlessRefused(['NOTHING_RELEASED_TO_NODE', 'ILLEGAL_TRANSITION', 'QUANTITY_NOT_AVAILABLE'], () =>
        ctx.order(trigger, 'acceptance-timeout', order.orderId, {
          type: 'NodeRejected', data: { node: timer.node, reason: `not accepted within ${Math.round(ctx.settings.acceptanceTimeoutMs / 1000)} s` },
        }),
      );
      return;
    case 'declineDeadline':
      if (order.paymentCleared || order.lastPaymentOutcome !== 'declined') return;
      await unlessRefused(['ILLEGAL_TRANSITION', 'ORDER_PARTLY_FULFILLED', 'NOTHING_TO_CANCEL'], () =>
        ctx.order(trigger, 'decline-deadline', order.orderId, { type: 'CancelOrder', data: { reason: 'payment declined and not replaced before the deadline' } }),
      );
      return;
    case 'pickupDeadline':
      await unlessRefused(['PICKUP_NOT_EXPIRED', 'NOTHING_READY_FOR_PICKUP', 'ILLEGAL_TRANSITION'], () =>
        ctx.order(trigger, 'pickup-deadline', order.orderId, { type: 'ExpirePickup', data: {} }),
      );
      return;
    case 'handoverDeadline':
      await onHandoverDeadline(ctx, trigger, order, timer.promisedBy);
      return;
  }
};

export const fulfilmentTimerHandler = (ctx: FulfilmentContext): TimerHandler => async (doc: TimerDocument) =>
  fire(ctx, { id: doc._id }, doc.payload as unknown as FulfilmentTimer);
