import type { Command } from '../shared/decider.js';
import type { ReturnPolicy } from './policy.js';
import type { ReturnRoutingDecision } from './routeReturn.js';
import type { ReturnableOrderSnapshot, ReturnRequestLine, SnapshotTender } from './snapshot.js';
import type { ItemCondition, ReturnChannel, ReturnMethod } from './vocabulary.js';

/**
 * Commands carry everything the decision needs: the order snapshot, the policy in force and the
 * routing decision (computed with `routeReturn`), so the decider stays pure. Time is `metadata.now`.
 */
type RequestCommon = Readonly<{
  returnId: string;
  orderId: string;
  channel: ReturnChannel;
  lines: readonly ReturnRequestLine[];
  snapshot: ReturnableOrderSnapshot;
  policy: ReturnPolicy;
}>;

type ShipmentCommon = Readonly<{
  method: ReturnMethod;
  routing: ReturnRoutingDecision;
  /** Required for `box_free`: SHA-256 hex of the QR token (the token itself never enters the log). */
  qrTokenHash?: string;
}>;

/** Replacement goods; amounts are decimal strings in the order's currency. */
export type ReplacementLineInput = Readonly<{ lineId: string; sku: string; quantity: number; unitPrice: string; taxPerUnit: string }>;

export type RequestReturn = Command<'RequestReturn', RequestCommon & ShipmentCommon>;
export type RequestExchange = Command<'RequestExchange', RequestCommon & ShipmentCommon & Readonly<{
  /** Id of the linked new order the exchange creates. */
  exchangeOrderId: string;
  replacementLines: readonly ReplacementLineInput[];
}>>;
export type OpenClaim = Command<'OpenClaim', RequestCommon & Readonly<{
  resolution: 'refund' | 'replace';
  replacementOrderId?: string;
  replacementLines?: readonly ReplacementLineInput[];
}>>;
export type ApproveReturn = Command<'ApproveReturn', Readonly<{ returnId: string; note?: string }>>;
export type RejectReturn = Command<'RejectReturn', Readonly<{ returnId: string; reason: string }>>;
export type RecordInTransit = Command<'RecordInTransit', Readonly<{
  returnId: string; carrier?: string; trackingNumber?: string; labelId?: string;
  /** For box-free returns: hash of the token scanned at the drop-off point; must match the request. */
  qrTokenHash?: string;
}>>;
export type ReceiveReturn = Command<'ReceiveReturn', Readonly<{
  returnId: string;
  receiptId: string;
  /** Node where the goods were actually received (may differ from the routed one). */
  nodeId: string;
  lines: readonly Readonly<{ lineId: string; quantity: number; condition: ItemCondition }>[];
}>>;
export type IssueRefund = Command<'IssueRefund', Readonly<{
  returnId: string;
  refundId: string;
  /**
   * Current balances of the order's tenders, refunds of every return of the order included (this
   * one too). Several returns of one order may be open at once: without this, each only knows the
   * refunds made before it was requested. The cap per tender becomes captured − max(this refunded,
   * refunds known to this return). Tenders unknown to the return are ignored.
   */
  tenders?: readonly SnapshotTender[];
}>>;
export type SettleExchangeDifference = Command<'SettleExchangeDifference', Readonly<{
  returnId: string; tenderId: string; method: string; amount: string;
}>>;
export type CancelReturn = Command<'CancelReturn', Readonly<{ returnId: string; reason: string }>>;
export type CloseReturn = Command<'CloseReturn', Readonly<{ returnId: string; note?: string }>>;

export type ReturnCommand =
  | RequestReturn | RequestExchange | OpenClaim | ApproveReturn | RejectReturn | RecordInTransit
  | ReceiveReturn | IssueRefund | SettleExchangeDifference | CancelReturn | CloseReturn;
