import type { Order } from '../../domain/order/index.js';
import {
  handoverMissed, pendingHandover, planCoversOrder, PROMISE_REVISION_REASON, promiseToRecord, requoteFrom, type PromiseRevisionReason,
} from '../../domain/order/promiseRevision.js';
import { deriveCommandId } from '../eventIds.js';
import { unlessRefused, type FulfilmentContext, type Trigger } from './fulfilmentContext.js';
import { scheduleTimer } from './fulfilmentTimers.js';

/**
 * Promise revisions (issue 5): when reality moves away from the promise recorded on the order —
 * a node rejected its work and the units were re-sourced, or the promised hand-over passed with
 * units still at the node — the promise engine re-quotes the current plan and the order records
 * `OrderPromiseRevised` with the reason. Command ids derive from the triggering event or timer,
 * so a replay is deduplicated by the command handler and never revises twice.
 */
const revise = async (ctx: FulfilmentContext, trigger: Trigger, order: Order, reason: PromiseRevisionReason, now: string): Promise<void> => {
  if (!ctx.promiser || !order.promise) return;
  // Units waiting for supply have no node to date them from: the revision waits until they are placed.
  if (!planCoversOrder(order)) return;
  const plan = pendingHandover(order);
  const candidate = await ctx.promiser({ order, plan, now, promiseId: deriveCommandId(trigger.id, `promise:${reason}`) });
  const promise = promiseToRecord(reason, order.promise, candidate);
  if (!promise) return;
  await unlessRefused(['ILLEGAL_TRANSITION'], () =>
    ctx.order(trigger, `promise-revised:${reason}`, order.orderId, { type: 'RecordPromiseRevised', data: { promise, reason } }),
  );
};

/** After a rejection has been re-sourced (and released): the promise for the new node(s), dated from the rejection. */
export const repromiseAfterRejection = async (ctx: FulfilmentContext, trigger: Trigger, orderId: string, rejectedAt: string): Promise<void> => {
  const order = await ctx.loadOrder(orderId);
  if (!order || order.status === 'cancelled' || order.completed) return;
  await revise(ctx, trigger, order, PROMISE_REVISION_REASON.nodeRejected, rejectedAt);
};

/**
 * The hand-over deadline of the promise now on the order (its `earliest`: the ship-by instant for
 * a delivery, ready-by for a pickup). One timer per promised instant; a revised promise gets its
 * own, and the older one finds the promise changed when it fires and does nothing.
 */
export const scheduleHandoverDeadline = async (ctx: FulfilmentContext, order: Order): Promise<void> => {
  // The deadline only serves the revision: without a promiser there is nothing to do when it fires.
  if (!ctx.promiser || !order.promise || order.status === 'cancelled' || order.completed) return;
  const promisedBy = new Date(Date.parse(order.promise.earliest)).toISOString();
  await scheduleTimer(ctx, { kind: 'handoverDeadline', orderId: order.orderId, promisedBy }, `handover:${order.orderId}:${promisedBy}`, Date.parse(promisedBy), 'handover');
};

/** The hand-over deadline fired: if it was missed, push the promise to the plan nodes' next possible dispatch. */
export const onHandoverDeadline = async (ctx: FulfilmentContext, trigger: Trigger, order: Order, promisedBy: string): Promise<void> => {
  const now = ctx.now();
  if (!handoverMissed(order, promisedBy, now)) return;
  await revise(ctx, trigger, order, PROMISE_REVISION_REASON.missedHandover, requoteFrom(promisedBy, now));
};
