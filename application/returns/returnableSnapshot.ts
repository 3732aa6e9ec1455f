import { Decimal } from 'decimal.js';
import { lineQuantities, type Order, type OrderLine } from '../../domain/order/index.js';
import type { ReturnableLine, ReturnableOrderSnapshot, SnapshotTender } from '../../domain/return/snapshot.js';
import type { ReturnState } from '../../domain/return/index.js';
import { unitsInReturns } from './orderReturns.js';
import { categoryOf, type ReturnSettings } from './returnSettings.js';

/** Per-unit amounts carry up to 6 decimals (the return domain rounds each refund once, per line). */
const perUnit = (amount: string, units: number): string =>
  units <= 0 ? '0' : new Decimal(amount).dividedBy(units).toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN).toFixed();

const nonNegative = (d: Decimal): string => (d.isNegative() ? '0' : d.toFixed());

/** When the customer got the units: the latest delivery of a shipment with the line, else the pickup. */
const deliveredAtOf = (order: Order, line: OrderLine): string | undefined => {
  const delivered = order.shipments
    .filter((s) => s.deliveredAt !== undefined && s.lines.some((l) => l.lineId === line.lineId))
    .map((s) => s.deliveredAt!)
    .sort();
  if (delivered.length > 0) return delivered[delivered.length - 1];
  if (lineQuantities(line).pickedUp === 0) return undefined;
  const pickups = order.history.filter((h) => h.on === 'RecordPickedUp').map((h) => h.at).sort();
  return pickups[pickups.length - 1] ?? order.placedAt;
};

const shippedFromOf = (order: Order, line: OrderLine): string | undefined =>
  order.shipments.find((s) => s.lines.some((l) => l.lineId === line.lineId))?.node ?? (lineQuantities(line).pickedUp > 0 ? order.pickupNode : undefined);

/** Refunds already made per tender by returns of the order (any status: money moved is moved). */
const refundedByReturns = (returns: readonly ReturnState[]): Map<string, Decimal> => {
  const out = new Map<string, Decimal>();
  for (const r of returns) for (const t of r.tenders) out.set(t.tenderId, (out.get(t.tenderId) ?? new Decimal(0)).plus(t.refundedHere));
  return out;
};

/**
 * What the returns domain must know about an order (`ReturnableOrderSnapshot`), from the Order
 * aggregate's state and the order's other returns: delivered units (shipped and delivered, or
 * picked up), units already in returns, what each unit was paid (its share of the line total,
 * tax included, so refunds add up to what was charged), the tenders with what they captured and
 * what was given back by order changes and by other returns, and the shipping charged.
 */
export const returnableSnapshot = (order: Order, returns: readonly ReturnState[], settings: ReturnSettings): ReturnableOrderSnapshot => {
  const inReturns = unitsInReturns(returns);
  const byReturns = refundedByReturns(returns);
  const lines: ReturnableLine[] = order.lines.map((line) => {
    const q = lineQuantities(line);
    const active = q.active;
    const taxTotal = line.amounts.tax.amount;
    const gross = new Decimal(line.amounts.total.amount);
    const price = order.taxInclusive ? gross : gross.minus(taxTotal);
    const deliveredAt = deliveredAtOf(order, line);
    const shippedFrom = shippedFromOf(order, line);
    const delivered = q.delivered + q.pickedUp;
    return {
      lineId: line.lineId,
      sku: line.sku,
      category: categoryOf(settings, line.sku),
      quantityOrdered: line.quantity,
      quantityCancelled: q.cancelled,
      quantityDelivered: delivered,
      quantityReturned: Math.min(delivered, inReturns.get(line.lineId) ?? 0),
      unitPricePaid: perUnit(price.toFixed(), active),
      taxPerUnit: perUnit(taxTotal, active),
      ...(deliveredAt === undefined ? {} : { deliveredAt }),
      ...(shippedFrom === undefined ? {} : { shippedFromNode: shippedFrom }),
      returnable: true,
    };
  });
  const tenders: SnapshotTender[] = order.tenders
    .filter((t) => t.status === 'authorized')
    .map((t) => {
      const refunded = new Decimal(t.refunded.amount).plus(byReturns.get(t.tenderId) ?? 0);
      const captured = new Decimal(t.captured.amount);
      return { tenderId: t.tenderId, method: t.method, captured: captured.toFixed(), refunded: (refunded.greaterThan(captured) ? captured : refunded).toFixed() };
    });
  const shippingRefunded = returns.reduce((a, r) => a.plus(r.shippingRefundedHere), new Decimal(0));
  return {
    orderId: order.orderId,
    channel: order.channel,
    currency: order.currency,
    taxInclusive: order.taxInclusive,
    purchasedAt: order.placedAt,
    lines,
    tenders,
    shipping: { charged: order.shipping.total.amount, refunded: nonNegative(Decimal.min(shippingRefunded, order.shipping.total.amount)) },
  };
};

/** The current tender balances for `IssueRefund` (refunds of every return of the order included). */
export const currentTenders = (order: Order, returns: readonly ReturnState[], settings: ReturnSettings): readonly SnapshotTender[] =>
  returnableSnapshot(order, returns, settings).tenders;
