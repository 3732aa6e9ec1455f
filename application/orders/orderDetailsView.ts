import {
  balanceDue, capturedNet, cancellableQuantity, lineQuantities, lineStatus, orderTotals, type LineQuantities, type Order,
} from '../../domain/order/index.js';
import { toJson } from '../../domain/shared/money.js';
import { fromJson } from '../../domain/shared/money.js';
import type { ChangeEntry, OrderDetailsDocument, PromiseRevisionEntry } from '../../projections/orders/orderDetailsProjection.js';
import { totalsView, type TotalsView } from './placedOrderView.js';

/** The body of `GET /orders/:id`, rendered from the details read model (or the same fold over the stream). */
export type OrderDetailsView = Readonly<{
  orderId: string;
  status: string;
  revision: string;
  channel: string;
  customerId: string;
  currency: string;
  placedAt: string;
  deliveryMethod: string;
  destination: Order['destination'] | null;
  pickupNode: string | null;
  pickup: Order['pickup'] | null;
  promise: Order['promise'] | null;
  promiseRevisions: readonly PromiseRevisionEntry[];
  lines: readonly Readonly<{
    lineId: string;
    sku: string;
    status: string;
    unitPrice: string;
    node: string | null;
    reservationId: string | null;
    quantities: LineQuantities;
    cancellable: number;
    rejectedBy: readonly string[];
    amounts: Readonly<{ subtotal: string; discount: string; tax: string; duty: string; total: string }>;
  }>[];
  shipments: readonly Readonly<{ shipmentId: string; node: string; carrier: string; trackingNumber: string; shippedAt: string; deliveredAt: string | null; lines: readonly { lineId: string; quantity: number }[]; captured: string }>[];
  totals: TotalsView;
  payments: Readonly<{
    paymentCleared: boolean;
    balanceDue: string;
    captured: string;
    tenders: readonly Readonly<{ tenderId: string; method: string; status: string; authorized: string; captured: string; refunded: string; voided: string }>[];
  }>;
  fraud: Order['fraud'];
  changes: readonly ChangeEntry[];
  history: Order['history'];
  version: number;
}>;

export const orderDetailsView = (doc: OrderDetailsDocument): OrderDetailsView => {
  const o = doc.order;
  const totals = orderTotals(o);
  return {
    orderId: o.orderId,
    status: o.status,
    revision: doc.revision,
    channel: o.channel,
    customerId: o.customerId,
    currency: o.currency,
    placedAt: o.placedAt,
    deliveryMethod: o.deliveryMethod,
    destination: o.destination ?? null,
    pickupNode: o.pickupNode ?? null,
    pickup: o.pickup ?? null,
    promise: o.promise ?? null,
    promiseRevisions: doc.promiseRevisions,
    lines: o.lines.map((l) => ({
      lineId: l.lineId,
      sku: l.sku,
      status: lineStatus(l),
      unitPrice: l.unitPrice.amount,
      node: l.proposedNode ?? null,
      reservationId: l.reservationId ?? null,
      quantities: lineQuantities(l),
      cancellable: cancellableQuantity(l),
      rejectedBy: l.rejectedBy,
      amounts: { subtotal: l.amounts.subtotal.amount, discount: l.amounts.discount.amount, tax: l.amounts.tax.amount, duty: l.amounts.duty.amount, total: l.amounts.total.amount },
    })),
    shipments: o.shipments.map((s) => ({
      shipmentId: s.shipmentId,
      node: s.node,
      carrier: s.carrier,
      trackingNumber: s.trackingNumber,
      shippedAt: s.shippedAt,
      deliveredAt: s.deliveredAt ?? null,
      lines: s.lines,
      captured: s.captured.amount,
    })),
    totals: totalsView(totals),
    payments: {
      paymentCleared: o.paymentCleared,
      balanceDue: toJson(balanceDue(o.tenders, fromJson(totals.total))).amount,
      captured: toJson(capturedNet(o.tenders, o.currency)).amount,
      tenders: o.tenders.map((t) => ({
        tenderId: t.tenderId, method: t.method, status: t.status,
        authorized: t.authorized.amount, captured: t.captured.amount, refunded: t.refunded.amount, voided: t.voided.amount,
      })),
    },
    fraud: o.fraud,
    changes: doc.changes,
    history: o.history,
    version: o.version,
  };
};
