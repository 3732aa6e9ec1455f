import type { Actor } from '../shared/decider.js';
import type { SealedPersonalData } from '../shared/sealedPersonalData.js';
import type { MoneyJson } from '../shared/money.js';
import type { DeliveryMethod } from '../pricing/types.js';
import type { Channel, LineStage, NoOrderStatus, OrderStatus } from './status.js';

/** All amounts in state are JSON money (canonical strings): state can be snapshotted and compared as is. */
export type Address = Readonly<{
  name?: string;
  /** Street and city; optional when the address is given by coordinates (lat/lng) instead. */
  line1?: string;
  line2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** WGS84 coordinates: what promise and sourcing measure distances from (rounded to ~1 km when sealed). */
  lat?: number;
  lng?: number;
  /** The recipient's name, street lines and exact coordinates, sealed per customer (never in clear in events). */
  personal?: SealedPersonalData;
}>;

/** The delivery promise shown to the customer (computed by the promise engine, carried here as data). */
export type OrderPromise = Readonly<{
  earliest: string;
  latest: string;
  promiseId?: string;
  nodeId?: string;
}>;

export type UnitBucket = Readonly<{ stage: LineStage; node?: string; quantity: number }>;

/** Money of a line for its active (not cancelled) quantity: total = subtotal − discount + added tax + duty. */
export type LineAmounts = Readonly<{
  subtotal: MoneyJson;
  discount: MoneyJson;
  tax: MoneyJson;
  duty: MoneyJson;
  merchantDuty: MoneyJson;
  total: MoneyJson;
}>;

export type OrderLine = Readonly<{
  lineId: string;
  sku: string;
  /** Ordered quantity (never changes; cancellations move units to the `cancelled` stage). */
  quantity: number;
  unitPrice: MoneyJson;
  taxClass: string;
  taxRate: string;
  weightGrams?: number;
  /** Node chosen by sourcing at checkout, where the reservation was taken. */
  proposedNode?: string;
  reservationId?: string;
  units: readonly UnitBucket[];
  /** Nodes that rejected this line: re-sourcing must pick another one. */
  rejectedBy: readonly string[];
  preorderExpectedAt?: string;
  amounts: LineAmounts;
  /** Units handed to the customer (shipped, or picked up) and their share of `amounts`: what may be captured. */
  fulfilledUnits: number;
  fulfilledAmounts: LineAmounts;
  /** Returned quantity (returns arrive later; kept so the vocabulary is complete). */
  returned: number;
}>;

export type ShippingAmounts = Readonly<{ rateId: string | null; amount: MoneyJson; discount: MoneyJson; tax: MoneyJson; total: MoneyJson }>;

/** One payment instrument. Invariant: authorized ≥ captured + voided, captured ≥ refunded. */
export type Tender = Readonly<{
  tenderId: string;
  method: string;
  status: 'pending' | 'authorized' | 'declined';
  requested: MoneyJson;
  authorized: MoneyJson;
  captured: MoneyJson;
  refunded: MoneyJson;
  voided: MoneyJson;
}>;

export type Shipment = Readonly<{
  shipmentId: string;
  node: string;
  lines: readonly Readonly<{ lineId: string; quantity: number }>[];
  carrier: string;
  trackingNumber: string;
  shippedAt: string;
  deliveredAt?: string;
  captured: MoneyJson;
}>;

export type TransitionRecord = Readonly<{ from: OrderStatus | NoOrderStatus; to: OrderStatus; on: string; at: string }>;

export type Order = Readonly<{
  status: OrderStatus;
  orderId: string;
  channel: Channel;
  customerId: string;
  currency: string;
  locale: string;
  trackingTokenHash: string;
  reservationIds: readonly string[];
  placedAt: string;
  deliveryMethod: DeliveryMethod;
  destination?: Address;
  pickupNode?: string;
  pickup?: Readonly<{ node: string; deadline: string }>;
  promise?: OrderPromise;
  taxInclusive: boolean;
  lines: readonly OrderLine[];
  shipping: ShippingAmounts;
  shippingFulfilled: boolean;
  tenders: readonly Tender[];
  /** Set once authorizations first cover the total; the order then stays in the fulfilment phase. */
  paymentCleared: boolean;
  lastPaymentOutcome: 'none' | 'pending' | 'authorized' | 'declined';
  fraud: Readonly<{ onHold: boolean; reasons: readonly string[]; reviews: number }>;
  shipments: readonly Shipment[];
  acceptedNodes: readonly string[];
  completed: boolean;
  /** Every status transition, as recorded by OrderStatusChanged events. */
  history: readonly TransitionRecord[];
  /** Post-purchase changes applied (Medusa's order version). */
  version: number;
  /** The tracking token's current generation; absent until a token event (generation 0, the one issued at placement, active). */
  trackingToken?: TrackingTokenState;
}>;

/** Which tracking token opens the order: only generation `generation`, and none once revoked. */
export type TrackingTokenState = Readonly<{ generation: number; revoked: boolean }>;

export type OrderState = Readonly<{ status: NoOrderStatus }> | Order;

export const initialOrderState = (): OrderState => ({ status: 'none' });

export const isPlaced = (s: OrderState): s is Order => s.status !== 'none';
