import {
  isPlaced, orderDecider, orderStreamName, type LineQuantity, type Order, type OrderChange, type OrderCommand, type OrderEvent, type OrderState,
} from '../../domain/order/index.js';
import type { Actor } from '../../domain/shared/decider.js';
import { deriveCommandId } from '../eventIds.js';
import { currentState } from '../inventory/references.js';
import { orderRuntime, type OrderDeps } from './orderRuntime.js';
import { orderNotFound } from './orderQueries.js';
import { totalsView, type TotalsView } from './placedOrderView.js';

/** Who sends an order command, when, under which Idempotency-Key (scoped to the caller). */
export type OrderCommandMeta = Readonly<{ idempotencyKey: string; keyScope: string; now: string; actor: Actor; reason?: string }>;

export type OrderCommandResult = Readonly<{
  orderId: string;
  status: string;
  /** Order stream revision after the command (decimal string). */
  revision: string;
  /** Event types this command recorded (empty on a replay or a no-op). */
  events: readonly string[];
  replayed: boolean;
  /** For post-purchase changes: who, why, and the money difference with the new totals. */
  change?: Readonly<{ type: string; actor: Actor; reason: string; moneyDifference: OrderChange['moneyDifference']; totals: TotalsView; version: number }>;
  position?: bigint;
}>;

type CommandBody = Omit<OrderCommand, 'metadata'>;

const CHANGE_EVENTS = new Set<OrderEvent['type']>([
  'OrderCancelled', 'OrderLinesCancelled', 'OrderShippingAddressChanged', 'OrderDeliveryMethodChanged', 'OrderLineQuantityReduced', 'OrderSwitchedToPickup',
]);

/** The placed order as the command handler sees it (confirmed against the store when the cache says "none"). */
export const loadPlacedOrder = async (deps: OrderDeps, orderId: string): Promise<Order> => {
  const state = await currentState<OrderState, OrderEvent>(deps, orderDecider, orderStreamName(orderId), isPlaced);
  if (!isPlaced(state)) throw orderNotFound(orderId);
  return state;
};

/**
 * Sends one command to an order: built from its current state, decided by the order decider
 * (transition table → ILLEGAL_TRANSITION 409 naming the state; guards → their own 409 codes),
 * appended with the expected revision. The command id derives from the caller's Idempotency-Key,
 * so a retried request is recognised by the stream itself and writes nothing twice.
 *
 * Inventory side effects are not taken here: the events carry what must happen (`stockToRelease`,
 * shipments) and the order process managers consume, release and re-source from them.
 */
export const sendOrderCommand = async (
  deps: OrderDeps,
  orderId: string,
  meta: OrderCommandMeta,
  build: (order: Order) => CommandBody | Promise<CommandBody>,
): Promise<OrderCommandResult> => {
  const rt = orderRuntime(deps);
  const order = await loadPlacedOrder(deps, orderId);
  const body = await build(order);
  const command = {
    ...body,
    metadata: {
      now: meta.now,
      commandId: deriveCommandId(`${meta.keyScope}\n${meta.idempotencyKey}`, `${orderId}:${body.type}`),
      actor: meta.actor,
      correlationId: orderId,
      ...(meta.reason ? { reason: meta.reason } : {}),
    },
  } as OrderCommand;
  const result = await rt.commands.handle(orderDecider, orderStreamName(orderId), command);
  const state = result.state as Order;
  const changed = result.newEvents.find((e) => CHANGE_EVENTS.has(e.type));
  const change = changed ? (changed.data as OrderChange) : undefined;
  return {
    orderId,
    status: state.status,
    revision: result.nextExpectedRevision?.toString() ?? '0',
    events: result.newEvents.map((e) => e.type),
    replayed: result.replayed,
    ...(change && changed
      ? { change: { type: changed.type, actor: change.actor, reason: change.reason, moneyDifference: change.moneyDifference, totals: totalsView(change.totals), version: change.version } }
      : {}),
    ...(result.position !== undefined ? { position: result.position } : {}),
  };
};

const lines = (l: readonly LineQuantity[] | undefined) => (l === undefined ? {} : { lines: l.map((x) => ({ lineId: x.lineId, quantity: x.quantity })) });

/** Whole order (no lines) or the given quantities of some lines, per the cancellation rules of the transition table. */
export const cancelOrder = (deps: OrderDeps, orderId: string, input: Readonly<{ reason: string; lines?: readonly LineQuantity[] }>, meta: OrderCommandMeta) =>
  sendOrderCommand(deps, orderId, { ...meta, reason: input.reason }, () =>
    input.lines && input.lines.length > 0
      ? { type: 'CancelLines', data: { lines: input.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })), reason: input.reason } }
      : { type: 'CancelOrder', data: { reason: input.reason } },
  );

export type ShipmentInput = Readonly<{ shipmentId?: string; node: string; lines: readonly LineQuantity[]; carrier: string; trackingNumber: string; shippedAt?: string }>;

/** A node reports a parcel handed to a carrier (the capture and the stock consumption follow from the event). */
export const recordShipment = (deps: OrderDeps, orderId: string, input: ShipmentInput, meta: OrderCommandMeta) =>
  sendOrderCommand(deps, orderId, meta, () => ({
    type: 'RecordShipped',
    data: {
      shipmentId: input.shipmentId ?? `shp-${deriveCommandId(`${meta.keyScope}\n${meta.idempotencyKey}`, 'shipment')}`,
      node: input.node,
      lines: input.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })),
      carrier: input.carrier,
      trackingNumber: input.trackingNumber,
      shippedAt: input.shippedAt ?? meta.now,
    },
  }));

export const recordDelivery = (deps: OrderDeps, orderId: string, input: Readonly<{ shipmentId: string; deliveredAt?: string }>, meta: OrderCommandMeta) =>
  sendOrderCommand(deps, orderId, meta, () => ({ type: 'RecordDelivered', data: { shipmentId: input.shipmentId, deliveredAt: input.deliveredAt ?? meta.now } }));

const DAY_MS = 86_400_000;

/** The store reports units ready for collection (default: everything it can make ready, held for `pickupHoldDays`). */
export const markReadyForPickup = (
  deps: OrderDeps, orderId: string, input: Readonly<{ node?: string; deadline?: string; lines?: readonly LineQuantity[] }>, meta: OrderCommandMeta,
) =>
  sendOrderCommand(deps, orderId, meta, (order) => ({
    type: 'MarkReadyForPickup',
    data: {
      node: input.node ?? order.pickupNode ?? '',
      deadline: input.deadline ?? new Date(Date.parse(meta.now) + orderRuntime(deps).settings.pickupHoldDays * DAY_MS).toISOString(),
      ...lines(input.lines),
    },
  }));

export const recordPickup = (
  deps: OrderDeps, orderId: string, input: Readonly<{ node?: string; pickedUpAt?: string; lines?: readonly LineQuantity[] }>, meta: OrderCommandMeta,
) =>
  sendOrderCommand(deps, orderId, meta, (order) => ({
    type: 'RecordPickedUp',
    data: { node: input.node ?? order.pickup?.node ?? order.pickupNode ?? '', pickedUpAt: input.pickedUpAt ?? meta.now, ...lines(input.lines) },
  }));

/** A node refuses released work; the process manager re-sources the units elsewhere. */
export const recordRejection = (
  deps: OrderDeps, orderId: string, input: Readonly<{ node: string; reason: string; lines?: readonly LineQuantity[] }>, meta: OrderCommandMeta,
) => sendOrderCommand(deps, orderId, { ...meta, reason: input.reason }, () => ({ type: 'NodeRejected', data: { node: input.node, reason: input.reason, ...lines(input.lines) } }));

/** The fraud review's decision on an order on hold: approve (the order continues) or reject (it is cancelled). */
export const reviewFraud = (
  deps: OrderDeps, orderId: string, input: Readonly<{ decision: 'approve' | 'reject'; note?: string; reasons?: readonly string[] }>, meta: OrderCommandMeta,
) =>
  sendOrderCommand(deps, orderId, meta, () =>
    input.decision === 'approve'
      ? { type: 'ApproveReview', data: input.note ? { note: input.note } : {} }
      : { type: 'RejectReview', data: { reasons: input.reasons && input.reasons.length > 0 ? [...input.reasons] : [input.note ?? 'rejected by review'] } },
  );
