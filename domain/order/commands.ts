import type { Command } from '../shared/decider.js';
import type { MoneyJson } from '../shared/money.js';
import type { PricingJson } from '../pricing/pricingJson.js';
import type { DeliveryMethod, TaxClass } from '../pricing/types.js';
import type { CheckoutRecord } from './events.js';
import type { Address, OrderPromise } from './state.js';
import type { Channel } from './status.js';

export type LineQuantity = Readonly<{ lineId: string; quantity: number }>;
export type NodeAllocation = Readonly<{ lineId: string; node: string; quantity: number }>;

export type PlaceOrderLine = Readonly<{
  lineId: string;
  sku: string;
  quantity: number;
  unitPrice: MoneyJson;
  taxClass: TaxClass;
  weightGrams?: number;
  /** Node chosen by sourcing at checkout. */
  node?: string;
  reservationId?: string;
}>;

export type PlaceOrder = Command<'PlaceOrder', Readonly<{
  orderId: string;
  channel: Channel;
  customerId: string;
  currency: string;
  deliveryMethod: DeliveryMethod;
  destination?: Address;
  pickupNode?: string;
  lines: readonly PlaceOrderLine[];
  /** Result of `priceOrder` in JSON form, one priced line per order line (matched by lineId). */
  pricing: PricingJson;
  promise?: OrderPromise;
  trackingTokenHash: string;
  reservationIds: readonly string[];
  locale: string;
  /** Checkout's request fingerprint and sourcing explanation, recorded verbatim on OrderPlaced. */
  checkout?: CheckoutRecord;
}>>;

export type PlaceOnFraudHold = Command<'PlaceOnFraudHold', Readonly<{ reasons: readonly string[] }>>;
export type ApproveReview = Command<'ApproveReview', Readonly<{ note?: string }>>;
export type RejectReview = Command<'RejectReview', Readonly<{ reasons: readonly string[] }>>;

type TenderData = { tenderId: string; method: string; amount: MoneyJson };
/** `captured: true` for sale-type payments (cash, POS card, gift card) captured at authorization. */
export type RecordPaymentAuthorized = Command<'RecordPaymentAuthorized', Readonly<TenderData & { captured?: boolean }>>;
export type RecordPaymentPending = Command<'RecordPaymentPending', Readonly<TenderData>>;
export type RecordPaymentDeclined = Command<'RecordPaymentDeclined', Readonly<TenderData & { reason: string }>>;

export type RecordSourcing = Command<'RecordSourcing', Readonly<{
  allocations: readonly NodeAllocation[];
  backordered?: readonly LineQuantity[];
  preordered?: readonly Readonly<{ lineId: string; quantity: number; expectedAt: string }>[];
}>>;
/** Without `lines`, everything allocated at the node is released. */
export type ReleaseToNode = Command<'ReleaseToNode', Readonly<{ node: string; lines?: readonly LineQuantity[] }>>;
export type NodeAccepted = Command<'NodeAccepted', Readonly<{ node: string }>>;
/** Without `lines`, everything released to the node and not yet picked goes back to re-sourcing. */
export type NodeRejected = Command<'NodeRejected', Readonly<{ node: string; lines?: readonly LineQuantity[]; reason: string }>>;
export type Resourced = Command<'Resourced', Readonly<{ allocations: readonly NodeAllocation[]; backordered?: readonly LineQuantity[] }>>;

export type RecordPicked = Command<'RecordPicked', Readonly<{ node: string; lines: readonly LineQuantity[]; shipmentId?: string }>>;
export type RecordPacked = Command<'RecordPacked', Readonly<{ node: string; lines: readonly LineQuantity[]; shipmentId?: string }>>;
export type RecordShipped = Command<'RecordShipped', Readonly<{
  shipmentId: string;
  node: string;
  lines: readonly LineQuantity[];
  carrier: string;
  trackingNumber: string;
  shippedAt: string;
}>>;
export type RecordDelivered = Command<'RecordDelivered', Readonly<{ shipmentId: string; deliveredAt: string }>>;

/** Without `lines`, every unit that can be made ready (prepared at the store, or arrived there) is. */
export type MarkReadyForPickup = Command<'MarkReadyForPickup', Readonly<{ node: string; deadline: string; lines?: readonly LineQuantity[] }>>;
export type RecordPickedUp = Command<'RecordPickedUp', Readonly<{ node: string; pickedUpAt: string; lines?: readonly LineQuantity[] }>>;
/** Judged at `metadata.now`: refused before the pickup deadline. */
export type ExpirePickup = Command<'ExpirePickup', Readonly<{ reason?: string }>>;

export type CancelOrder = Command<'CancelOrder', Readonly<{ reason: string }>>;
export type CancelLines = Command<'CancelLines', Readonly<{ lines: readonly LineQuantity[]; reason: string }>>;
/** Edits carry the order re-priced by `priceOrder` for the new situation (the domain never fetches rules). */
export type ChangeShippingAddress = Command<'ChangeShippingAddress', Readonly<{ destination: Address; pricing: PricingJson; reason: string }>>;
export type ChangeDeliveryMethod = Command<'ChangeDeliveryMethod', Readonly<{
  deliveryMethod: Exclude<DeliveryMethod, 'pickup'>;
  destination?: Address;
  pickupNode?: string;
  pricing: PricingJson;
  reason: string;
}>>;
export type ReduceLineQuantity = Command<'ReduceLineQuantity', Readonly<{ lineId: string; quantity: number; pricing: PricingJson; reason: string }>>;
export type SwitchToPickup = Command<'SwitchToPickup', Readonly<{ node: string; pricing: PricingJson; reason: string }>>;

export type RecordPromiseRevised = Command<'RecordPromiseRevised', Readonly<{ promise: OrderPromise; reason: string }>>;
export type Complete = Command<'Complete', Readonly<Record<string, never>>>;
/** Staff re-issue the customer's tracking token: the application mints generation `current + 1` and passes only its hash. */
export type IssueTrackingToken = Command<'IssueTrackingToken', Readonly<{ generation: number; tokenHash: string; reason: string }>>;
/** Staff revoke the current tracking token (a leaked link): it stops opening the order. */
export type RevokeTrackingToken = Command<'RevokeTrackingToken', Readonly<{ reason: string }>>;

export type OrderCommand =
  | PlaceOrder
  | PlaceOnFraudHold | ApproveReview | RejectReview
  | RecordPaymentAuthorized | RecordPaymentPending | RecordPaymentDeclined
  | RecordSourcing | ReleaseToNode | NodeAccepted | NodeRejected | Resourced
  | RecordPicked | RecordPacked | RecordShipped | RecordDelivered
  | MarkReadyForPickup | RecordPickedUp | ExpirePickup
  | CancelOrder | CancelLines | ChangeShippingAddress | ChangeDeliveryMethod | ReduceLineQuantity | SwitchToPickup
  | RecordPromiseRevised | Complete
  | IssueTrackingToken | RevokeTrackingToken;

export type OrderCommandType = OrderCommand['type'];

export const ORDER_COMMAND_TYPES: readonly OrderCommandType[] = [
  'PlaceOrder',
  'PlaceOnFraudHold', 'ApproveReview', 'RejectReview',
  'RecordPaymentAuthorized', 'RecordPaymentPending', 'RecordPaymentDeclined',
  'RecordSourcing', 'ReleaseToNode', 'NodeAccepted', 'NodeRejected', 'Resourced',
  'RecordPicked', 'RecordPacked', 'RecordShipped', 'RecordDelivered',
  'MarkReadyForPickup', 'RecordPickedUp', 'ExpirePickup',
  'CancelOrder', 'CancelLines', 'ChangeShippingAddress', 'ChangeDeliveryMethod', 'ReduceLineQuantity', 'SwitchToPickup',
  'RecordPromiseRevised', 'Complete',
];

/**
 * Commands about who may open the order, not about its lifecycle: accepted in every status
 * (terminal ones included — a leaked link still shows the address), never in the transition
 * table, never change the status. ORDER_COMMAND_TYPES lists the table's commands only.
 */
export const TRACKING_TOKEN_COMMAND_TYPES = ['IssueTrackingToken', 'RevokeTrackingToken'] as const;

export type CommandOf<T extends OrderCommandType> = Extract<OrderCommand, { type: T }>;
