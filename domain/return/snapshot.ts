import type { ReturnChannel } from './vocabulary.js';

/**
 * What the returns domain needs to know about an order, supplied by the caller (the order read
 * model or the Order aggregate's state). Defined here rather than imported so returns do not depend
 * on the Order aggregate's internals. Amounts are decimal strings in `currency`.
 */
export type ReturnableLine = Readonly<{
  lineId: string;
  sku: string;
  category: string;
  /** Units ordered; defaults to `quantityDelivered`. Used only to tell whether the whole order comes back. */
  quantityOrdered?: number;
  /** Units cancelled before shipment; default 0. */
  quantityCancelled?: number;
  quantityDelivered: number;
  /** Units already in a non-cancelled return, exchange or claim of this order (not only received ones). */
  quantityReturned: number;
  /** Price paid per unit, net of discounts; includes tax when the order is tax-inclusive. */
  unitPricePaid: string;
  /** Tax per unit (a component of `unitPricePaid` when inclusive, on top of it otherwise). */
  taxPerUnit: string;
  /** ISO-8601 instant of delivery; absent while the line is not delivered. */
  deliveredAt?: string;
  shippedFromNode?: string;
  /** False for lines sold as final sale. */
  returnable: boolean;
}>;

export type SnapshotTender = Readonly<{
  tenderId: string;
  /** Payment method: `card`, `paypal`, `gift_card`, `store_credit`, `cash`, … (open set). */
  method: string;
  captured: string;
  /** Refunded so far on this tender by anything (other returns, edits). */
  refunded: string;
}>;

export type ReturnableOrderSnapshot = Readonly<{
  orderId: string;
  /** Channel the order was placed on: policy windows may differ by it. */
  channel: string;
  currency: string;
  /** True when `unitPricePaid` includes tax (EU B2C); false when tax comes on top (US). */
  taxInclusive: boolean;
  purchasedAt: string;
  lines: readonly ReturnableLine[];
  tenders: readonly SnapshotTender[];
  /** Shipping charged on the order and how much of it was already refunded. */
  shipping: Readonly<{ charged: string; refunded: string }>;
}>;

/** One line of a return request as the customer states it. */
export type ReturnRequestLine = Readonly<{
  lineId: string;
  quantity: number;
  reason: string;
  /** Condition the customer declares; defaults to `new`. Drives the fee when refunding on request. */
  condition?: string;
  note?: string;
}>;

export type ReturnRequest = Readonly<{
  /** Channel on which the return is requested (not the order's). */
  channel: ReturnChannel;
  lines: readonly ReturnRequestLine[];
}>;
