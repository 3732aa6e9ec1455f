import type { InventoryEvent } from '../../domain/inventory/index.js';
import type { Order, OrderChange, OrderEvent, OrderPlaced } from '../../domain/order/index.js';
import { unitsIn } from '../../domain/order/units.js';
import type { RecordedEvent } from '../../infrastructure/eventstore/eventStore.js';
import { freesStock, offerSupply, syncBackorders } from './backorders.js';
import { rememberCustomerOrder, screenPlacedOrder } from './fraudSteps.js';
import { unlessRefused, type FulfilmentContext, type Trigger } from './fulfilmentContext.js';
import { FULFILMENT_PROCESS } from './fulfilmentLedger.js';
import { authorizeBalance, captureFulfilment, settle } from './paymentSteps.js';
import type { ProcessDefinition } from './processRunner.js';
import { runSteps, runStepsConcurrently } from './processErrors.js';
import { confirm, consumeFor, activeHolds, reconcileLine } from './reservationSteps.js';
import { readyForFulfilment, releaseAllocated, resourceRejected, sourceOpen } from './sourcingSteps.js';
import { scheduleTimer } from './fulfilmentTimers.js';
import { repromiseAfterRejection, scheduleHandoverDeadline } from './promiseSteps.js';
import { isSupplyEvent, onSupplyChanged, SUPPLY_EVENT_TYPES } from './lateSupplySteps.js';

/**
 * The order fulfilment process manager. It reacts to order events (and to stock arriving) by
 * issuing inventory, order and payment commands:
 *
 *   OrderPlaced → confirm the checkout holds → fraud screening → hold for review, or authorize
 *   payment → (authorized) source, release to nodes, start the acceptance timeout
 *   OrderPaymentMarkedPending → poll the gateway (timer) · OrderPaymentDeclined → cancel at the deadline
 *   OrderReleaseRejected / acceptance timeout → free the node's stock, re-source elsewhere
 *   OrderShipmentShipped / OrderPickedUp → consume the stock, capture the shipment's amount
 *   cancellations, edits, pickup expiry, completion → free stock no longer needed, void/refund
 *   OrderMadeReadyForPickup → expire the pickup at its deadline (timer)
 *   stock arriving → allocate backordered lines
 *   supply later than promised (ETA moved later, cancelled, overdue) → re-promise waiting orders
 *
 * Everything it does is derived from the triggering event's id, and every stock step reconciles
 * against the current facts, so re-delivery after a crash changes nothing.
 */
const ORDER_TYPES: readonly OrderEvent['type'][] = [
  'OrderPlaced', 'OrderFraudReviewApproved', 'OrderPaymentAuthorized', 'OrderPaymentMarkedPending', 'OrderPaymentDeclined',
  'OrderSourcingRecorded', 'OrderLinesResourced', 'OrderLinesReleased', 'OrderReleaseAccepted', 'OrderReleaseRejected',
  'OrderShipmentShipped', 'OrderMadeReadyForPickup', 'OrderPickedUp', 'OrderPickupExpired', 'OrderCancelled', 'OrderLinesCancelled',
  'OrderShippingAddressChanged', 'OrderDeliveryMethodChanged', 'OrderLineQuantityReduced', 'OrderSwitchedToPickup', 'OrderCompleted', 'OrderPromiseRevised',
];
const INVENTORY_TYPES: readonly InventoryEvent['type'][] = ['StockReceived', 'SupplyArrived', 'StockAdjusted', 'StockCounted', 'ReservationReleased', ...SUPPLY_EVENT_TYPES];

const CHANGE_TYPES = new Set<string>([
  'OrderPickupExpired', 'OrderCancelled', 'OrderLinesCancelled', 'OrderShippingAddressChanged', 'OrderDeliveryMethodChanged',
  'OrderLineQuantityReduced', 'OrderSwitchedToPickup',
]);

const orderIdOf = (streamName: string): string => decodeURIComponent(streamName.slice('order-'.length));
const businessTime = (ctx: FulfilmentContext, event: RecordedEvent): number =>
  typeof event.metadata.now === 'string' && !Number.isNaN(Date.parse(event.metadata.now)) ? Date.parse(event.metadata.now) : ctx.clock().getTime();

/** Payment, sourcing and release, as far as the order's gates allow right now. */
export const advance = async (ctx: FulfilmentContext, trigger: Trigger, orderId: string): Promise<void> => {
  let order = await ctx.loadOrder(orderId);
  if (!order || !readyForFulfilment(order)) return;
  const screened = order.fraud.reviews > 0 || (await ctx.loadLedger(orderId)).screening?.decision === 'pass';
  if (!screened) return;
  if (order.lines.some((l) => unitsIn(l, 'open') > 0)) {
    await sourceOpen(ctx, trigger, order);
    order = (await ctx.loadOrder(orderId))!;
  }
  if (order.lines.some((l) => unitsIn(l, 'needs_resourcing') > 0)) {
    await resourceRejected(ctx, trigger, order);
    order = (await ctx.loadOrder(orderId))!;
  }
  await releaseAllocated(ctx, trigger, order);
};

const onPlaced = async (ctx: FulfilmentContext, trigger: Trigger, placed: OrderPlaced['data']) => {
  await rememberCustomerOrder(ctx.readStore, ctx.settings.fraudRules, placed.customerId, placed.orderId, placed.placedAt);
  // The checkout holds stop expiring now; one that already ran out is re-sourced after payment.
  // Lines are independent (a position shared by two lines is serialised by the command handler).
  await runStepsConcurrently(placed.lines.map((line) => ({
    step: `confirm:${line.lineId}`,
    run: async () => {
      if (!line.proposedNode) return;
      const state = await ctx.loadPosition(line.proposedNode, line.sku);
      for (const r of activeHolds(state, placed.orderId, line.lineId)) {
        if (r.status === 'held') await unlessRefused(['RESERVATION_EXPIRED'], () => confirm(ctx, trigger, line.proposedNode!, line.sku, r.reservationId));
      }
    },
  })));
  const screening = await screenPlacedOrder(ctx, trigger, placed);
  if (screening.decision === 'hold') {
    await unlessRefused(['ILLEGAL_TRANSITION'], () => ctx.order(trigger, 'fraud-hold', placed.orderId, { type: 'PlaceOnFraudHold', data: { reasons: screening.reasons } }));
    return;
  }
  const order = await ctx.loadOrder(placed.orderId);
  if (order && !order.fraud.onHold && order.status !== 'cancelled') await authorizeBalance(ctx, trigger, order);
  await advance(ctx, trigger, placed.orderId);
};

/** Stock of every line reconciled with what the order still needs (after a change or a rejection). */
const reconcileOrder = async (ctx: FulfilmentContext, trigger: Trigger, orderId: string, reason: 'cancelled' | 'rejected', releases: OrderChange['stockToRelease']) => {
  const order = await ctx.loadOrder(orderId);
  if (!order) return;
  await runSteps(
    order.lines.map((line) => ({
      step: `reconcile:${line.lineId}`,
      run: () => reconcileLine(ctx, trigger, order, line, reason, releases.filter((r) => r.lineId === line.lineId && r.node).map((r) => r.node!)),
    })),
  );
};

const onChange = async (ctx: FulfilmentContext, trigger: Trigger, orderId: string, change: OrderChange) => {
  await runSteps([
    { step: 'stock', run: () => reconcileOrder(ctx, trigger, orderId, 'cancelled', change.stockToRelease) },
    { step: 'settle', run: async () => { const o = await ctx.loadOrder(orderId); if (o) await settle(ctx, trigger, o, change.settlement); } },
    {
      step: 'payment',
      run: async () => {
        const o = await ctx.loadOrder(orderId);
        if (!o) return;
        if (o.status === 'cancelled') await ctx.timers.cancelGroup(FULFILMENT_PROCESS, orderId, ctx.now());
        else if (change.moneyDifference.direction === 'charge' && !o.fraud.onHold) await authorizeBalance(ctx, trigger, o);
      },
    },
  ]);
  await advance(ctx, trigger, orderId);
};

const onHandOver = async (ctx: FulfilmentContext, trigger: Trigger, orderId: string, node: string, shipmentId: string, lines: readonly { lineId: string; quantity: number }[], consume: boolean, fulfilment: Parameters<typeof captureFulfilment>[3]) => {
  const order = (await ctx.loadOrder(orderId))!;
  // Capture (payment ledger) and each line's stock consumption touch different streams.
  await runStepsConcurrently([
    { step: 'capture', run: () => captureFulfilment(ctx, trigger, order, fulfilment) },
    ...(consume
      ? lines.map((l) => ({ step: `consume:${l.lineId}`, run: () => consumeFor(ctx, trigger, order, order.lines.find((x) => x.lineId === l.lineId)!, node, shipmentId, l.quantity) }))
      : []),
  ]);
};

const react = async (ctx: FulfilmentContext, trigger: Trigger, orderId: string, event: RecordedEvent & OrderEvent, order: Order) => {
  const at = businessTime(ctx, event);
  switch (event.type) {
    case 'OrderPlaced':
      return onPlaced(ctx, trigger, event.data);
    case 'OrderFraudReviewApproved':
      if (order.lastPaymentOutcome !== 'declined' && !order.fraud.onHold) await authorizeBalance(ctx, trigger, order);
      return advance(ctx, trigger, orderId);
    case 'OrderPaymentAuthorized':
      await ctx.timers.cancelGroup(FULFILMENT_PROCESS, orderId, ctx.now(), 'decline');
      return advance(ctx, trigger, orderId);
    case 'OrderPaymentMarkedPending':
      return scheduleTimer(ctx, { kind: 'paymentPoll', orderId, tenderId: event.data.tenderId, attempt: 1 }, `poll:${event.data.tenderId}:1`, at + ctx.settings.paymentPollMs, 'poll');
    case 'OrderPaymentDeclined':
      if (order.paymentCleared) return;
      return scheduleTimer(ctx, { kind: 'declineDeadline', orderId, tenderId: event.data.tenderId }, `decline:${event.id}`, at + ctx.settings.paymentDeclineDeadlineMs, 'decline');
    case 'OrderSourcingRecorded':
    case 'OrderLinesResourced':
      return advance(ctx, trigger, orderId);
    case 'OrderLinesReleased':
      await scheduleHandoverDeadline(ctx, order);
      return scheduleTimer(ctx, { kind: 'acceptanceTimeout', orderId, node: event.data.node }, `accept:${event.id}`, at + ctx.settings.acceptanceTimeoutMs, `accept:${event.data.node}`);
    case 'OrderPromiseRevised':
      return scheduleHandoverDeadline(ctx, order);
    case 'OrderReleaseAccepted':
      await ctx.timers.cancelGroup(FULFILMENT_PROCESS, orderId, ctx.now(), `accept:${event.data.node}`);
      return;
    case 'OrderReleaseRejected':
      await ctx.timers.cancelGroup(FULFILMENT_PROCESS, orderId, ctx.now(), `accept:${event.data.node}`);
      await reconcileOrder(ctx, trigger, orderId, 'rejected', event.data.stockToRelease);
      await advance(ctx, trigger, orderId);
      return repromiseAfterRejection(ctx, trigger, orderId, event.data.at);
    case 'OrderShipmentShipped':
      return onHandOver(ctx, trigger, orderId, event.data.node, event.data.shipmentId, event.data.lines, true, event.data.fulfilment);
    case 'OrderMadeReadyForPickup':
      return scheduleTimer(ctx, { kind: 'pickupDeadline', orderId }, `pickup:${event.id}`, Date.parse(event.data.deadline), 'pickup');
    case 'OrderPickedUp': {
      const lines = event.data.moves.map((m) => ({ lineId: m.lineId, quantity: m.quantity }));
      await onHandOver(ctx, trigger, orderId, event.data.node, `pickup-${event.id}`, lines, order.deliveryMethod === 'pickup', event.data.fulfilment);
      if (!order.lines.some((l) => unitsIn(l, 'ready_for_pickup') > 0)) await ctx.timers.cancelGroup(FULFILMENT_PROCESS, orderId, ctx.now(), 'pickup');
      return;
    }
    case 'OrderCompleted':
      await ctx.timers.cancelGroup(FULFILMENT_PROCESS, orderId, ctx.now());
      await settle(ctx, trigger, order, event.data.settlement);
      return reconcileOrder(ctx, trigger, orderId, 'cancelled', []);
    default:
      if (CHANGE_TYPES.has(event.type)) return onChange(ctx, trigger, orderId, event.data as OrderChange);
  }
};

export const orderFulfilmentProcess = (ctx: FulfilmentContext): ProcessDefinition => ({
  name: FULFILMENT_PROCESS,
  filter: { streamPrefixes: ['order-', 'inventory-'], eventTypes: [...ORDER_TYPES, ...INVENTORY_TYPES] },
  handle: async (recorded) => {
    const trigger: Trigger = { id: recorded.id, ...(typeof recorded.metadata.correlationId === 'string' ? { correlationId: recorded.metadata.correlationId } : {}) };
    if (recorded.streamName.startsWith('inventory-')) {
      const event = recorded as unknown as InventoryEvent;
      if (freesStock(event)) await offerSupply(ctx, trigger, event);
      else if (isSupplyEvent(event)) await onSupplyChanged(ctx, trigger, event, new Date(businessTime(ctx, recorded)).toISOString());
      return;
    }
    const orderId = orderIdOf(recorded.streamName);
    const order = await ctx.loadOrder(orderId);
    if (!order) return;
    try {
      await react(ctx, trigger, orderId, recorded as RecordedEvent & OrderEvent, order);
    } finally {
      const after = await ctx.loadOrder(orderId);
      if (after) await syncBackorders(ctx.readStore, after);
    }
  },
});
