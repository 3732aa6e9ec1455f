import { availableOf, positionFromState, type InventoryEvent, type InventoryState } from '../../domain/inventory/index.js';
import {
  MAX_OVERDUE_CHECKS, overdueCheckAt, supplyOverdue, supplySlipped, waitingForSupply, waitsOnSupply, type SupplyPosition,
} from '../../domain/order/lateSupply.js';
import { pendingHandover, PROMISE_REVISION_REASON, promiseToRecord } from '../../domain/order/promiseRevision.js';
import type { PositionRow } from '../orders/orderRuntime.js';
import { deriveCommandId } from '../eventIds.js';
import { BACKORDERS } from './backorders.js';
import { childTrigger, unlessRefused, type FulfilmentContext, type Trigger } from './fulfilmentContext.js';
import { scheduleTimer } from './fulfilmentTimers.js';

/**
 * Late supply (issue 5): orders whose units wait for inbound supply were promised from its ETA.
 * When that supply gets later — the supplier moves the ETA later, cancels what was still expected,
 * or the ETA passes without an arrival — every order waiting on that SKU is re-quoted (the engine
 * over the current network and supply) and, when its window moved later, records
 * `OrderPromiseRevised` with reason `late_supply`. Command ids derive from the supply event (or the
 * overdue check) and the order, so a re-delivered trigger never revises twice; a re-quote after
 * the revision finds the promise already kept and records nothing either.
 */
export const SUPPLY_EVENT_TYPES = ['SupplyExpected', 'SupplyRescheduled', 'SupplyCancelled'] as const satisfies readonly InventoryEvent['type'][];

type SupplyEvent = Extract<InventoryEvent, { type: (typeof SUPPLY_EVENT_TYPES)[number] }>;

export const isSupplyEvent = (event: InventoryEvent): event is SupplyEvent => (SUPPLY_EVENT_TYPES as readonly string[]).includes(event.type);

/** The position as its stream has it: the read model may not have seen the change that triggered us yet. */
const freshRow = (state: InventoryState): PositionRow[] => {
  const position = positionFromState(state);
  if (!position) return [];
  return [{ nodeId: position.nodeId, sku: position.sku, available: availableOf(state), expected: position.supplies.map((s) => ({ quantity: s.quantity, eta: s.eta })) }];
};

type WaitingDocument = { _id: string; orderId: string; sku: string; placedAt: string };

/** Re-quotes every order waiting on `at`'s SKU, oldest first; records a revision where the window moved later. */
export const repromiseWaiting = async (ctx: FulfilmentContext, trigger: Trigger, at: SupplyPosition, now: string): Promise<void> => {
  if (!ctx.promiser) return;
  const docs = await ctx.readStore.collection<WaitingDocument>(BACKORDERS).find({ sku: at.sku }, { sort: { placedAt: 1, _id: 1 } });
  const positions = freshRow(await ctx.loadPosition(at.nodeId, at.sku));
  for (const orderId of [...new Set(docs.map((d) => d.orderId))]) {
    const order = await ctx.loadOrder(orderId);
    if (!order || !waitsOnSupply(order, at)) continue;
    const t = childTrigger(trigger, `late-supply:${orderId}`);
    const candidate = await ctx.promiser({
      order, plan: pendingHandover(order), waiting: waitingForSupply(order), positions, now, promiseId: deriveCommandId(t.id, 'promise'),
    });
    const promise = promiseToRecord(PROMISE_REVISION_REASON.lateSupply, order.promise, candidate);
    if (!promise) continue;
    await unlessRefused(['ILLEGAL_TRANSITION'], () =>
      ctx.order(t, `promise-revised:${PROMISE_REVISION_REASON.lateSupply}`, orderId, { type: 'RecordPromiseRevised', data: { promise, reason: PROMISE_REVISION_REASON.lateSupply } }),
    );
  }
};

type OverdueCheck = Readonly<{ nodeId: string; sku: string; supplyId: string; eta: string; attempt: number; origin: string }>;

/**
 * One check per announcement or move of the ETA (`origin`: that event's id), so a re-delivered
 * event schedules nothing new, while a supply moved away and back to an ETA is checked again.
 */
const scheduleOverdueCheck = (ctx: FulfilmentContext, check: OverdueCheck): Promise<void> => {
  const dueAt = overdueCheckAt(check.eta, check.attempt, ctx.settings.supplyOverdueGraceMs);
  return scheduleTimer(ctx, { kind: 'supplyOverdue', ...check }, `supply-overdue:${check.origin}:${check.attempt}`, Date.parse(dueAt), 'supply-overdue');
};

/**
 * A supply was announced or moved: its overdue check is (re)armed for the new ETA. A later ETA or a
 * cancellation re-quotes the waiting orders as of the event's business time `now`.
 */
export const onSupplyChanged = async (ctx: FulfilmentContext, trigger: Trigger, event: SupplyEvent, now: string): Promise<void> => {
  if (!ctx.promiser) return;
  const at = { nodeId: event.data.nodeId, sku: event.data.sku };
  const firstCheck = (eta: string) => scheduleOverdueCheck(ctx, { ...at, supplyId: event.data.supplyId, eta, attempt: 1, origin: trigger.id });
  switch (event.type) {
    case 'SupplyExpected':
      return firstCheck(event.data.eta);
    case 'SupplyRescheduled':
      await firstCheck(event.data.eta);
      if (supplySlipped({ type: 'rescheduled', previousEta: event.data.previousEta, eta: event.data.eta })) await repromiseWaiting(ctx, trigger, at, now);
      return;
    case 'SupplyCancelled':
      if (supplySlipped({ type: 'cancelled', quantity: event.data.quantity })) await repromiseWaiting(ctx, trigger, at, now);
      return;
  }
};

/** The overdue check fired: still expected at that ETA → re-quote (overdue supply counts from now) and check again later. */
export const onSupplyOverdue = async (ctx: FulfilmentContext, trigger: Trigger, timer: OverdueCheck): Promise<void> => {
  const now = ctx.now();
  const state = await ctx.loadPosition(timer.nodeId, timer.sku);
  if (!supplyOverdue(state.supplies.get(timer.supplyId), timer.eta, now)) return;
  const at = { nodeId: timer.nodeId, sku: timer.sku };
  await repromiseWaiting(ctx, trigger, at, now);
  if (timer.attempt < MAX_OVERDUE_CHECKS) await scheduleOverdueCheck(ctx, { ...timer, attempt: timer.attempt + 1 });
};
