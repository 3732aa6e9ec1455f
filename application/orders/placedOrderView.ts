import type { Address, OrderPlaced, OrderPromise, OrderStatus } from '../../domain/order/index.js';
import type { TotalsJson } from '../../domain/pricing/index.js';
import type { PromiseOption } from '../../domain/promise/index.js';

/** Money on the order API: decimal strings, with the currency given once per document. */
export type TotalsView = Readonly<{ currency: string; subtotal: string; discount: string; shipping: string; tax: string; duties: string; total: string }>;

export const totalsView = (t: TotalsJson): TotalsView => ({
  currency: t.currency,
  subtotal: t.subtotal.amount,
  discount: t.discount.amount,
  shipping: t.shipping.amount,
  tax: t.tax.amount,
  duties: t.duties.amount,
  total: t.total.amount,
});

export type PromiseView = OrderPromise & Readonly<{
  method: 'delivery' | 'pickup' | 'shipToStore';
  service?: string;
  /** Delivery: the customer's date by which everything arrives. */
  deliverBy?: string;
  /** Pickup and ship-to-store: when the order is ready at the store. */
  readyBy?: string;
  confidence?: number;
  explanation: readonly string[];
}>;

export const promiseView = (promise: OrderPromise | undefined, quote: PromiseOption | undefined): PromiseView | null => {
  if (!promise) return null;
  if (quote?.method === 'pickup' || quote?.method === 'shipToStore') {
    return { ...promise, method: quote.method, readyBy: quote.readyBy, ...(quote.method === 'shipToStore' ? { confidence: quote.confidence } : {}), explanation: quote.explanation };
  }
  return {
    ...promise,
    method: 'delivery',
    ...(quote ? { service: quote.service, confidence: quote.confidence } : {}),
    deliverBy: promise.latest.slice(0, 10),
    explanation: quote?.explanation ?? [],
  };
};

export type PlacedLineView = Readonly<{
  lineId: string;
  sku: string;
  quantity: number;
  node: string | null;
  reservationId: string | null;
  backordered: boolean;
  unitPrice: string;
  subtotal: string;
  discount: string;
  tax: string;
  taxRate: string;
  duty: string;
  total: string;
}>;

/** The 201 body of `POST /orders`: built from the OrderPlaced event only, so a retry gets it byte for byte. */
export type PlacedOrderView = Readonly<{
  orderId: string;
  status: OrderStatus;
  trackingToken: string;
  placedAt: string;
  channel: string;
  customerId: string;
  currency: string;
  deliveryMethod: string;
  destination: Address | null;
  pickupNode: string | null;
  promise: PromiseView | null;
  lines: readonly PlacedLineView[];
  totals: TotalsView;
  promotions: readonly Readonly<{ id: string; code?: string; amount: string }>[];
}>;

export const placedOrderView = (placed: OrderPlaced['data'], status: OrderStatus, trackingToken: string): PlacedOrderView => ({
  orderId: placed.orderId,
  status,
  trackingToken,
  placedAt: placed.placedAt,
  channel: placed.channel,
  customerId: placed.customerId,
  currency: placed.currency,
  deliveryMethod: placed.deliveryMethod,
  destination: placed.destination ?? null,
  pickupNode: placed.pickupNode ?? null,
  promise: promiseView(placed.promise, placed.checkout?.quote),
  lines: placed.lines.map((l) => ({
    lineId: l.lineId,
    sku: l.sku,
    quantity: l.quantity,
    node: l.proposedNode ?? null,
    reservationId: l.reservationId ?? null,
    backordered: l.proposedNode === undefined,
    unitPrice: l.unitPrice.amount,
    subtotal: l.amounts.subtotal.amount,
    discount: l.amounts.discount.amount,
    tax: l.amounts.tax.amount,
    taxRate: l.taxRate,
    duty: l.amounts.duty.amount,
    total: l.amounts.total.amount,
  })),
  totals: totalsView(placed.totals),
  promotions: placed.promotions.map((p) => ({ id: p.id, ...(p.code ? { code: p.code } : {}), amount: p.amount.amount })),
});
