import type { DomainEvent } from '../shared/decider.js';
import type { MoneyJson } from '../shared/money.js';
import type { ConditionRule, RestockingFeeRule } from './policy.js';
import type { ReturnRoutingDecision } from './routeReturn.js';
import type {
  ClaimReason, Disposition, ItemCondition, RefundTiming, ReturnChannel, ReturnKind, ReturnMethod, ReturnReason,
} from './vocabulary.js';

/**
 * Events of the RMA aggregate, stream `return-<returnId>`. Returns, exchanges and claims share the
 * stream category so one projection sees every post-purchase change of an order. Every amount is
 * `{ amount, currency }` with decimal strings; instants are ISO-8601 strings; events are plain JSON.
 */
export type ReturnLineRecord = Readonly<{
  lineId: string;
  sku: string;
  category: string;
  quantity: number;
  reason: ReturnReason;
  declaredCondition: ItemCondition;
  /** The reason is the merchant's fault: no restocking fee, shipping refunded. */
  merchantFault: boolean;
  unitPricePaid: MoneyJson;
  taxPerUnit: MoneyJson;
  note?: string;
}>;

/** The order's money facts as they stood when the return was requested (the cap on refunds). */
export type OrderMoneyTerms = Readonly<{
  orderId: string;
  /** Channel the order was placed on (settlement reports group by it). */
  channel: string;
  currency: string;
  taxInclusive: boolean;
  tenders: readonly Readonly<{ tenderId: string; method: string; captured: MoneyJson; refunded: MoneyJson }>[];
  shipping: Readonly<{ charged: MoneyJson; refunded: MoneyJson }>;
  /** Per order line: units the order was to deliver and units already in other returns (for the whole-order rule). */
  units: readonly Readonly<{ lineId: string; expected: number; returnedBefore: number }>[];
}>;

/** The policy terms frozen into the return, so a later policy change does not alter a return in flight. */
export type ReturnTerms = Readonly<{
  policyId: string;
  policyVersion: number;
  refundTiming: RefundTiming;
  tenderOrder: readonly string[];
  restockingFees: readonly RestockingFeeRule[];
  conditionRules: readonly ConditionRule[];
  shippingRefund: Readonly<{ onWholeOrder: boolean; onMerchantFault: boolean }>;
}>;

export type ReplacementLine = Readonly<{ lineId: string; sku: string; quantity: number; unitPrice: MoneyJson; taxPerUnit: MoneyJson }>;

export type ReturnStatusAfterRequest = 'pending_approval' | 'authorized';

type RequestCommon = Readonly<{
  returnId: string;
  orderId: string;
  channel: ReturnChannel;
  status: ReturnStatusAfterRequest;
  reviewReasons: readonly string[];
  lines: readonly ReturnLineRecord[];
  order: OrderMoneyTerms;
  terms: ReturnTerms;
  at: string;
}>;

type ShipmentCommon = Readonly<{
  method: ReturnMethod;
  /** The routing decision as computed (candidates and reasons kept for audit). */
  routing: ReturnRoutingDecision;
  receivingNodeId: string;
  /** SHA-256 (hex) of the QR token the customer shows at a box-free drop-off point. */
  qrTokenHash?: string;
  wholeOrder: boolean;
}>;

export type ReturnRequested = DomainEvent<'ReturnRequested', RequestCommon & ShipmentCommon & Readonly<{ kind: 'return' }>>;

export type MoneyDifference = Readonly<{ amount: string; currency: string; direction: 'refund' | 'charge' | 'none' }>;

export type ExchangeRequested = DomainEvent<'ExchangeRequested', RequestCommon & ShipmentCommon & Readonly<{
  kind: 'exchange';
  /** The linked new order the exchange process creates; its stock is reserved right away. */
  replacement: Readonly<{
    orderId: string;
    lines: readonly ReplacementLine[];
    reserveImmediately: true;
    /** A replacement costing more is released once the customer paid the difference. */
    releaseWhen: 'immediately' | 'difference_paid';
  }>;
  returnedValue: MoneyJson;
  replacementValue: MoneyJson;
  /** returnedValue − replacementValue: refund when positive, charge when negative. */
  moneyDifference: MoneyDifference;
}>>;

export type ClaimOpened = DomainEvent<'ClaimOpened', RequestCommon & Readonly<{
  kind: 'claim';
  claimReasons: readonly ClaimReason[];
  resolution: 'refund' | 'replace';
  replacement?: Readonly<{ orderId: string; lines: readonly ReplacementLine[] }>;
}>>;

export type ReturnApproved = DomainEvent<'ReturnApproved', Readonly<{ returnId: string; note?: string; at: string }>>;
export type ReturnRejected = DomainEvent<'ReturnRejected', Readonly<{ returnId: string; orderId: string; reason: string; lines: readonly Readonly<{ lineId: string; quantity: number }>[]; at: string }>>;

export type ReturnInTransit = DomainEvent<'ReturnInTransit', Readonly<{
  returnId: string; carrier?: string; trackingNumber?: string; labelId?: string; qrTokenVerified: boolean; at: string;
}>>;

export type ReceivedLine = Readonly<{ lineId: string; sku: string; quantity: number; condition: ItemCondition; disposition: Disposition }>;
/** `lines` carry the disposition so the inventory process can restock `restock` units at `nodeId`. */
export type ReturnReceived = DomainEvent<'ReturnReceived', Readonly<{
  returnId: string; receiptId: string; orderId: string; nodeId: string; plannedNodeId: string;
  lines: readonly ReceivedLine[]; complete: boolean; at: string;
}>>;

export type RefundLine = Readonly<{
  lineId: string;
  sku: string;
  quantity: number;
  condition: ItemCondition;
  /** What the customer paid for these units, tax included. */
  gross: MoneyJson;
  tax: MoneyJson;
  restockingFeeRate: string;
  restockingFee: MoneyJson;
  refund: MoneyJson;
}>;
export type TenderRefund = Readonly<{ tenderId: string; method: string; amount: MoneyJson }>;

export type RefundIssued = DomainEvent<'RefundIssued', Readonly<{
  returnId: string;
  refundId: string;
  orderId: string;
  orderChannel: string;
  kind: ReturnKind;
  basis: 'lines' | 'exchange_difference';
  timing: RefundTiming;
  lines: readonly RefundLine[];
  shipping: MoneyJson;
  restockingFees: MoneyJson;
  total: MoneyJson;
  /** Allocation to the order's tenders in the policy's order; never above captured − refunded per tender. */
  tenders: readonly TenderRefund[];
  at: string;
}>>;

export type ExchangeDifferenceCharged = DomainEvent<'ExchangeDifferenceCharged', Readonly<{
  returnId: string; orderId: string; orderChannel: string; tenderId: string; method: string; amount: MoneyJson; at: string;
}>>;

/** `lines` are the units released back to the order (no longer in a return). */
export type ReturnCancelled = DomainEvent<'ReturnCancelled', Readonly<{
  returnId: string; orderId: string; reason: string; lines: readonly Readonly<{ lineId: string; quantity: number }>[]; at: string;
}>>;
export type ReturnClosed = DomainEvent<'ReturnClosed', Readonly<{
  returnId: string; orderId: string; unreceived: readonly Readonly<{ lineId: string; quantity: number }>[]; note?: string; at: string;
}>>;

export type ReturnEvent =
  | ReturnRequested | ExchangeRequested | ClaimOpened | ReturnApproved | ReturnRejected | ReturnInTransit
  | ReturnReceived | RefundIssued | ExchangeDifferenceCharged | ReturnCancelled | ReturnClosed;

export const RETURN_EVENT_TYPES = [
  'ReturnRequested', 'ExchangeRequested', 'ClaimOpened', 'ReturnApproved', 'ReturnRejected', 'ReturnInTransit',
  'ReturnReceived', 'RefundIssued', 'ExchangeDifferenceCharged', 'ReturnCancelled', 'ReturnClosed',
] as const satisfies readonly ReturnEvent['type'][];
