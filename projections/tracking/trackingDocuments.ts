import type { Address, OrderPromise } from '../../domain/order/index.js';

/** Logical name of the tracking read model (`tracking_v<version>`). */
export const TRACKING = 'tracking';

export type MoneyText = Readonly<{ amount: string; currency: string }>;
export type LineRef = Readonly<{ lineId: string; quantity: number }>;

/**
 * One step of what the customer sees happen to the order, oldest first. Only the fields of its
 * `type` are present; every money amount carries its currency.
 */
export type TrackingEntry = Readonly<{
  type:
    | 'placed' | 'promised' | 'promise_revised' | 'payment_declined' | 'in_preparation' | 'shipped' | 'delivered'
    | 'ready_for_pickup' | 'picked_up' | 'pickup_expired' | 'cancelled' | 'lines_cancelled' | 'address_changed'
    | 'delivery_method_changed' | 'quantity_reduced' | 'switched_to_pickup' | 'completed'
    | 'return_requested' | 'return_approved' | 'return_rejected' | 'return_in_transit' | 'return_received'
    | 'refund_issued' | 'return_cancelled' | 'return_closed';
  at: string;
  promise?: OrderPromise;
  previous?: OrderPromise;
  reason?: string;
  shipmentId?: string;
  node?: string;
  carrier?: string;
  trackingNumber?: string;
  deadline?: string;
  lines?: readonly LineRef[];
  /** Money back to the customer (cancellation, change, refund) or charged (an edit that costs more). */
  amount?: MoneyText;
  direction?: 'refund' | 'charge';
  returnId?: string;
  deliveryMethod?: string;
}>;

export type TrackingShipment = Readonly<{
  shipmentId: string;
  node: string;
  carrier: string;
  trackingNumber: string;
  shippedAt: string;
  deliveredAt: string | null;
  lines: readonly LineRef[];
}>;

export type TrackingLine = Readonly<{ lineId: string; sku: string; quantity: number; cancelled: number; unitPrice: MoneyText; total: string }>;

/** `tracking` document of an order (`_id` = order id). */
export type TrackingOrderDocument = {
  _id: string;
  kind: 'order';
  orderId: string;
  customerId: string;
  channel: string;
  /** As placed (BCP 47, e.g. `fr-FR`); the page picks its language from it. */
  locale: string;
  currency: string;
  status: string;
  deliveryMethod: string;
  destination: Address | null;
  pickupNode: string | null;
  pickup: Readonly<{ node: string; deadline: string }> | null;
  promise: OrderPromise | null;
  total: string;
  lines: TrackingLine[];
  shipments: TrackingShipment[];
  timeline: TrackingEntry[];
  placedAt: string;
  updatedAt: string;
  /** Order stream revision the document reflects (decimal string): readers fold the missing tail. */
  revision: string;
};

/**
 * `tracking` document of a return, exchange or claim (`_id` = `return~<returnId>`): return events
 * after the request do not carry the order id, so they fold into a document of their own that
 * remembers it; readers find an order's returns by `orderId`.
 */
export type TrackingReturnDocument = {
  _id: string;
  kind: 'return';
  returnId: string;
  orderId: string;
  returnKind: string;
  status: string;
  lines: LineRef[];
  carrier: string | null;
  trackingNumber: string | null;
  refunded: MoneyText[];
  timeline: TrackingEntry[];
  requestedAt: string;
  updatedAt: string;
};

export type TrackingDocument = TrackingOrderDocument | TrackingReturnDocument;

export const returnDocumentId = (returnId: string): string => `return~${returnId}`;
