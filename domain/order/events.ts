import type { Actor, DomainEvent } from '../shared/decider.js';
import type { MoneyJson } from '../shared/money.js';
import type { TotalsJson } from '../pricing/pricingJson.js';
import type { DeliveryMethod } from '../pricing/types.js';
import type { PromiseOption } from '../promise/types.js';
import type { SourcingDecision } from '../sourcing/types.js';
import type { LineQuantity } from './commands.js';
import type { Address, LineAmounts, OrderPromise, ShippingAmounts } from './state.js';
import type { Channel, LineStage, NoOrderStatus, OrderStatus } from './status.js';

/** Event data is plain JSON: ISO strings for instants, `{ amount, currency }` strings for money. */

export type StageRef = Readonly<{ stage: LineStage; node?: string }>;
/** `quantity` units of a line move from one stage (at a node) to another. */
export type UnitMove = Readonly<{ lineId: string; quantity: number; from: StageRef; to: StageRef }>;

/** Stock the inventory side must give back (reservation at checkout, allocation or release at a node). */
export type StockRelease = Readonly<{ lineId: string; sku: string; node?: string; reservationId?: string; stage: LineStage; quantity: number }>;

export type TenderAmount = Readonly<{ tenderId: string; amount: MoneyJson }>;
/** Money movements that settle a change: void uncaptured authorization, refund captured money. */
export type Settlement = Readonly<{ voids: readonly TenderAmount[]; refunds: readonly TenderAmount[] }>;
export type MoneyDifference = Readonly<{ amount: string; currency: string; direction: 'refund' | 'charge' | 'none' }>;
export type LineAmountsUpdate = Readonly<{ lineId: string; amounts: LineAmounts; taxRate?: string }>;

/** Medusa-style order change: who, why, what moved, the money difference and the order's new totals. */
export type OrderChange = Readonly<{
  actor: Actor;
  reason: string;
  moves: readonly UnitMove[];
  stockToRelease: readonly StockRelease[];
  lineAmounts: readonly LineAmountsUpdate[];
  shipping: ShippingAmounts;
  taxInclusive: boolean;
  moneyDifference: MoneyDifference;
  settlement: Settlement;
  totals: TotalsJson;
  /** Whether authorizations cover the new total (a cheaper order may now be fully authorized). */
  paymentCleared: boolean;
  version: number;
}>;

/** What became capturable with a hand-over (shipment or pickup), and the capture taken. */
export type Fulfilment = Readonly<{
  lines: readonly Readonly<{ lineId: string; fulfilledUnits: number; fulfilledAmounts: LineAmounts }>[];
  shippingFulfilled: boolean;
  capture: Readonly<{ amount: MoneyJson; allocations: readonly TenderAmount[]; shortfall: MoneyJson }>;
}>;

export type PlacedLine = Readonly<{
  lineId: string;
  sku: string;
  quantity: number;
  unitPrice: MoneyJson;
  taxClass: string;
  taxRate: string;
  weightGrams?: number;
  proposedNode?: string;
  reservationId?: string;
  amounts: LineAmounts;
}>;

export type OrderPlaced = DomainEvent<'OrderPlaced', Readonly<{
  orderId: string;
  channel: Channel;
  customerId: string;
  currency: string;
  locale: string;
  deliveryMethod: DeliveryMethod;
  destination?: Address;
  pickupNode?: string;
  lines: readonly PlacedLine[];
  shipping: ShippingAmounts;
  taxInclusive: boolean;
  totals: TotalsJson;
  promotions: readonly Readonly<{ id: string; code?: string; amount: MoneyJson }>[];
  promise?: OrderPromise;
  trackingTokenHash: string;
  reservationIds: readonly string[];
  /** false when the total is zero: nothing to authorize. */
  paymentRequired: boolean;
  placedAt: string;
  checkout?: CheckoutRecord;
}>>;

/** A reservation that lost a race at checkout: its node is excluded from the next sourcing round. */
export type FailedReservation = Readonly<{ lineId: string; sku: string; node: string; quantity: number; available?: number }>;

/**
 * What checkout decided besides the order itself, kept for idempotency and explanation (never
 * folded into state): the request fingerprint a retry with the same Idempotency-Key must match,
 * every sourcing round (decision with candidates, exclusions and rule-set version, plus the
 * reservations that failed), and the promise option quoted to the customer.
 */
export type CheckoutRecord = Readonly<{
  requestHash: string;
  /** `excludedTotal`: set when only a sample of `decision.excluded` was kept (networks of thousands of nodes). */
  sourcing: readonly Readonly<{ decision: SourcingDecision; failed: readonly FailedReservation[]; excludedTotal?: number }>[];
  quote?: PromiseOption;
  /** A promise made outside this OMS for the same order (an imported marketplace's estimate), kept as a baseline. */
  externalPromise?: Readonly<{ source: string; deliverBy: string }>;
}>;

export type OrderFraudHoldPlaced = DomainEvent<'OrderFraudHoldPlaced', Readonly<{ reasons: readonly string[]; at: string }>>;
export type OrderFraudReviewApproved = DomainEvent<'OrderFraudReviewApproved', Readonly<{ actor: Actor; note?: string; at: string }>>;
export type OrderFraudReviewRejected = DomainEvent<'OrderFraudReviewRejected', Readonly<{ actor: Actor; reasons: readonly string[]; at: string }>>;

type TenderEvent = { tenderId: string; method: string; amount: MoneyJson };
export type OrderPaymentAuthorized = DomainEvent<'OrderPaymentAuthorized', Readonly<TenderEvent & { capturedAtAuthorization: MoneyJson; coversOrder: boolean }>>;
export type OrderPaymentMarkedPending = DomainEvent<'OrderPaymentMarkedPending', Readonly<TenderEvent>>;
export type OrderPaymentDeclined = DomainEvent<'OrderPaymentDeclined', Readonly<TenderEvent & { reason: string }>>;

export type OrderSourcingRecorded = DomainEvent<'OrderSourcingRecorded', Readonly<{
  moves: readonly UnitMove[];
  preorders: readonly Readonly<{ lineId: string; expectedAt: string }>[];
}>>;
export type OrderLinesReleased = DomainEvent<'OrderLinesReleased', Readonly<{ node: string; moves: readonly UnitMove[]; at: string }>>;
export type OrderReleaseAccepted = DomainEvent<'OrderReleaseAccepted', Readonly<{ node: string; at: string }>>;
export type OrderReleaseRejected = DomainEvent<'OrderReleaseRejected', Readonly<{
  node: string;
  reason: string;
  moves: readonly UnitMove[];
  stockToRelease: readonly StockRelease[];
  at: string;
}>>;
export type OrderLinesResourced = DomainEvent<'OrderLinesResourced', Readonly<{ moves: readonly UnitMove[] }>>;
export type OrderLinesPicked = DomainEvent<'OrderLinesPicked', Readonly<{ node: string; shipmentId?: string; moves: readonly UnitMove[] }>>;
export type OrderLinesPacked = DomainEvent<'OrderLinesPacked', Readonly<{ node: string; shipmentId?: string; moves: readonly UnitMove[] }>>;
export type OrderShipmentShipped = DomainEvent<'OrderShipmentShipped', Readonly<{
  shipmentId: string;
  node: string;
  lines: readonly LineQuantity[];
  carrier: string;
  trackingNumber: string;
  shippedAt: string;
  moves: readonly UnitMove[];
  fulfilment: Fulfilment | null;
}>>;
export type OrderShipmentDelivered = DomainEvent<'OrderShipmentDelivered', Readonly<{ shipmentId: string; deliveredAt: string; moves: readonly UnitMove[] }>>;
export type OrderMadeReadyForPickup = DomainEvent<'OrderMadeReadyForPickup', Readonly<{ node: string; deadline: string; moves: readonly UnitMove[] }>>;
export type OrderPickedUp = DomainEvent<'OrderPickedUp', Readonly<{ node: string; pickedUpAt: string; moves: readonly UnitMove[]; fulfilment: Fulfilment }>>;
export type OrderPickupExpired = DomainEvent<'OrderPickupExpired', Readonly<OrderChange & { node: string; deadline: string; at: string }>>;

export type OrderCancelled = DomainEvent<'OrderCancelled', OrderChange>;
export type OrderLinesCancelled = DomainEvent<'OrderLinesCancelled', OrderChange>;
export type OrderShippingAddressChanged = DomainEvent<'OrderShippingAddressChanged', Readonly<OrderChange & { destination: Address; previousDestination?: Address }>>;
export type OrderDeliveryMethodChanged = DomainEvent<'OrderDeliveryMethodChanged', Readonly<OrderChange & {
  deliveryMethod: DeliveryMethod;
  previousDeliveryMethod: DeliveryMethod;
  destination?: Address;
  pickupNode?: string;
}>>;
export type OrderLineQuantityReduced = DomainEvent<'OrderLineQuantityReduced', Readonly<OrderChange & { lineId: string; quantity: number; previousQuantity: number }>>;
export type OrderSwitchedToPickup = DomainEvent<'OrderSwitchedToPickup', Readonly<OrderChange & { pickupNode: string; previousDeliveryMethod: DeliveryMethod }>>;

export type OrderPromiseRevised = DomainEvent<'OrderPromiseRevised', Readonly<{ promise: OrderPromise; previous?: OrderPromise; reason: string; at: string }>>;
export type OrderCompleted = DomainEvent<'OrderCompleted', Readonly<{ at: string; settlement: Settlement }>>;
/** The customer's tracking token: a new generation issued (the previous one superseded) or the current one revoked; only hashes are recorded. */
export type OrderTrackingTokenIssued = DomainEvent<'OrderTrackingTokenIssued', Readonly<{
  generation: number;
  tokenHash: string;
  supersedes: Readonly<{ generation: number; tokenHash: string; revoked: boolean }>;
  reason: string;
  actor: Actor;
  at: string;
}>>;
export type OrderTrackingTokenRevoked = DomainEvent<'OrderTrackingTokenRevoked', Readonly<{ generation: number; tokenHash: string; reason: string; actor: Actor; at: string }>>;
/** Recorded whenever a command moves the order to another status (Vendure's ORDER_STATE_TRANSITION history). */
export type OrderStatusChanged = DomainEvent<'OrderStatusChanged', Readonly<{ from: OrderStatus | NoOrderStatus; to: OrderStatus; on: string; at: string }>>;

export type OrderEvent =
  | OrderPlaced
  | OrderFraudHoldPlaced | OrderFraudReviewApproved | OrderFraudReviewRejected
  | OrderPaymentAuthorized | OrderPaymentMarkedPending | OrderPaymentDeclined
  | OrderSourcingRecorded | OrderLinesReleased | OrderReleaseAccepted | OrderReleaseRejected | OrderLinesResourced
  | OrderLinesPicked | OrderLinesPacked | OrderShipmentShipped | OrderShipmentDelivered
  | OrderMadeReadyForPickup | OrderPickedUp | OrderPickupExpired
  | OrderCancelled | OrderLinesCancelled | OrderShippingAddressChanged | OrderDeliveryMethodChanged
  | OrderLineQuantityReduced | OrderSwitchedToPickup
  | OrderPromiseRevised | OrderCompleted | OrderStatusChanged
  | OrderTrackingTokenIssued | OrderTrackingTokenRevoked;

export type OrderEventType = OrderEvent['type'];

export const ORDER_EVENT_TYPES: readonly OrderEventType[] = [
  'OrderPlaced', 'OrderFraudHoldPlaced', 'OrderFraudReviewApproved', 'OrderFraudReviewRejected',
  'OrderPaymentAuthorized', 'OrderPaymentMarkedPending', 'OrderPaymentDeclined',
  'OrderSourcingRecorded', 'OrderLinesReleased', 'OrderReleaseAccepted', 'OrderReleaseRejected', 'OrderLinesResourced',
  'OrderLinesPicked', 'OrderLinesPacked', 'OrderShipmentShipped', 'OrderShipmentDelivered',
  'OrderMadeReadyForPickup', 'OrderPickedUp', 'OrderPickupExpired',
  'OrderCancelled', 'OrderLinesCancelled', 'OrderShippingAddressChanged', 'OrderDeliveryMethodChanged',
  'OrderLineQuantityReduced', 'OrderSwitchedToPickup', 'OrderPromiseRevised', 'OrderCompleted', 'OrderStatusChanged',
  'OrderTrackingTokenIssued', 'OrderTrackingTokenRevoked',
];
