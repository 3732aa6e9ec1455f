import type { LineQuantity, Order } from '../../../domain/order/index.js';
import { unitsIn } from '../../../domain/order/units.js';
import type { Actor } from '../../../domain/shared/decider.js';
import { cancelOrder, loadPlacedOrder, recordDelivery, recordShipment, reviewFraud, sendOrderCommand, type OrderCommandMeta } from '../../orders/orderCommands.js';
import { placeOrder, type DestinationInput, type PlacementDeps } from '../../orders/placeOrder.js';
import type { InvoiceLine } from './uciCatalog.js';

/**
 * The order commands one invoice goes through, each with an Idempotency-Key derived from the
 * invoice number (in the import's own key space), so a re-run finds every order and command it
 * already recorded. Times are business times from the file, never the wall clock.
 */
export const UCI_ACTOR: Actor = { kind: 'system', id: 'uci-import' };
export const UCI_KEY_SCOPE = 'uci-import';

/** What the invoice replay needs besides the order deps: control of business time and of the process managers. */
export type UciImportDeps = PlacementDeps & Readonly<{
  /** Moves the OMS clock (process managers, reaper, timers) to the business time being replayed. */
  setNow: (iso: string) => void;
  /** Resolves once the process managers have handled everything appended so far. */
  settle: () => Promise<void>;
  /** Resolves once the read models have caught up (sourcing finds new stock positions there). */
  settleProjections: () => Promise<void>;
  /** Returns with refunds for delivered units (the returns application layer), when available. */
  returns?: UciReturns;
}>;

export type UciReturnInput = Readonly<{
  orderId: string;
  /** The cancellation invoice the return comes from (its Idempotency-Key basis). */
  invoiceNo: string;
  lines: readonly Readonly<{ lineId: string; sku: string; quantity: number }>[];
  now: string;
}>;
export type UciReturns = (input: UciReturnInput) => Promise<Readonly<{ returnId: string; units: number }>>;

export const meta = (key: string, now: string, reason?: string): OrderCommandMeta => ({
  idempotencyKey: key, keyScope: UCI_KEY_SCOPE, now, actor: UCI_ACTOR, ...(reason ? { reason } : {}),
});

const plusMinutes = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/** Checkout of a sale invoice; then the fraud review (if held) and the DCs' acceptance of the released work. */
export const placeInvoiceOrder = async (
  deps: UciImportDeps,
  input: Readonly<{ invoiceNo: string; at: string; customerId: string; destination: DestinationInput; lines: readonly InvoiceLine[] }>,
): Promise<{ order: Order; fraudApproved: boolean }> => {
  const key = `invoice/${input.invoiceNo}`;
  const placed = await placeOrder(
    deps,
    { channel: 'web', customerId: input.customerId, currency: 'GBP', deliveryMethod: 'standard', destination: input.destination, lines: input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) },
    { idempotencyKey: key, keyScope: UCI_KEY_SCOPE, now: input.at, actor: UCI_ACTOR },
  );
  const orderId = placed.order.orderId;
  await deps.settle();
  let order = await loadPlacedOrder(deps, orderId);
  let fraudApproved = false;
  if (order.fraud.onHold) {
    // The historical order was fulfilled: a reviewer approves it (recorded, with the rules that held it).
    const at = plusMinutes(input.at, 30);
    deps.setNow(at);
    await reviewFraud(deps, orderId, { decision: 'approve', note: 'historical invoice: the retailer fulfilled it' }, meta(`${key}/review`, at));
    await deps.settle();
    order = await loadPlacedOrder(deps, orderId);
    fraudApproved = true;
  }
  for (const node of nodesWith(order, ['released'])) {
    if (order.acceptedNodes.includes(node)) continue;
    await sendOrderCommand(deps, orderId, meta(`${key}/accept/${node}`, order.placedAt), () => ({ type: 'NodeAccepted', data: { node } }));
  }
  return { order: await loadPlacedOrder(deps, orderId), fraudApproved };
};

export const nodesWith = (order: Order, stages: Parameters<typeof unitsIn>[1]): string[] =>
  [...new Set(order.lines.flatMap((l) => l.units.filter((u) => (typeof stages === 'string' ? [stages] : stages).includes(u.stage) && u.node).map((u) => u.node!)))].sort();

export const shipmentIdFor = (invoiceNo: string, node: string) => `shp-uci-${invoiceNo.replace('/', '-')}-${node}`;

/** The DCs hand every released unit to the carrier; returns the shipments made. */
export const shipInvoiceOrder = async (deps: UciImportDeps, orderId: string, invoiceNo: string, at: string): Promise<string[]> => {
  const order = await loadPlacedOrder(deps, orderId);
  const shipped: string[] = [];
  for (const node of nodesWith(order, ['released', 'picked', 'packed'])) {
    const lines: LineQuantity[] = order.lines
      .map((l) => ({ lineId: l.lineId, quantity: unitsIn(l, ['released', 'picked', 'packed'], node) }))
      .filter((l) => l.quantity > 0);
    const shipmentId = shipmentIdFor(invoiceNo, node);
    await recordShipment(
      deps, orderId,
      { shipmentId, node, lines, carrier: order.destination?.country === 'GB' ? 'royal-mail' : 'dpd', trackingNumber: `UCI${invoiceNo.replace('/', '')}${node.slice(-3).toUpperCase()}`, shippedAt: at },
      meta(`invoice/${invoiceNo}/ship/${node}`, at),
    );
    shipped.push(shipmentId);
  }
  if (shipped.length > 0) await deps.settle();
  return shipped;
};

export const deliverShipment = (deps: UciImportDeps, orderId: string, invoiceNo: string, shipmentId: string, at: string) =>
  recordDelivery(deps, orderId, { shipmentId, deliveredAt: at }, meta(`invoice/${invoiceNo}/deliver/${shipmentId}`, at));

/** Units of a line the customer can still cancel (not yet handed to the carrier). */
export const cancellableUnits = (order: Order, lineId: string): number => {
  const line = order.lines.find((l) => l.lineId === lineId);
  return line ? unitsIn(line, ['open', 'needs_resourcing', 'backordered', 'allocated', 'released']) : 0;
};

/** Cancels the given units of an order's lines on behalf of a cancellation invoice. */
export const cancelInvoiceLines = async (deps: UciImportDeps, orderId: string, cancellationNo: string, lines: readonly LineQuantity[], at: string) => {
  const result = await cancelOrder(deps, orderId, { reason: `UCI cancellation invoice ${cancellationNo}`, lines }, meta(`cancellation/${cancellationNo}/${orderId}`, at));
  await deps.settle();
  return result;
};
