import type { MoneyDifference, OrderMoneyTerms, ReplacementLine, ReturnLineRecord, ReturnTerms } from './events.js';
import type { ItemCondition, ReturnChannel, ReturnKind, ReturnMethod, ReturnStatus } from './vocabulary.js';

/** Units per condition, e.g. `{ opened: 1, damaged: 2 }`. */
export type ConditionCounts = Readonly<Partial<Record<ItemCondition, number>>>;

export type ReturnLineState = ReturnLineRecord & Readonly<{
  received: ConditionCounts;
  /** Refunded units, keyed by the condition the refund was priced at. */
  refunded: ConditionCounts;
}>;

export type TenderState = Readonly<{ tenderId: string; method: string; captured: string; refundedBefore: string; refundedHere: string }>;

/**
 * The aggregate's state is JSON-shaped (amounts as strings) so that a replay from scratch can be
 * compared with deep equality and so that state snapshots, if ever taken, need no revivers.
 */
export type ReturnState = Readonly<{
  status: ReturnStatus;
  kind: ReturnKind | null;
  returnId: string | null;
  orderId: string | null;
  channel: ReturnChannel | null;
  method: ReturnMethod | null;
  order: OrderMoneyTerms | null;
  terms: ReturnTerms | null;
  lines: readonly ReturnLineState[];
  tenders: readonly TenderState[];
  shippingRefundedHere: string;
  receivingNodeId: string | null;
  qrTokenHash: string | null;
  tracking: Readonly<{ carrier?: string; trackingNumber?: string; labelId?: string }> | null;
  exchange: Readonly<{
    orderId: string;
    lines: readonly ReplacementLine[];
    difference: MoneyDifference;
    /** Refunded (direction refund) or charged (direction charge) so far against the difference. */
    settled: string;
  }> | null;
  claim: Readonly<{ resolution: 'refund' | 'replace'; replacementOrderId: string | null }> | null;
  receiptIds: readonly string[];
  refundIds: readonly string[];
  /** Number of events folded. */
  version: number;
}>;

export const initialReturnState = (): ReturnState => ({
  status: 'none', kind: null, returnId: null, orderId: null, channel: null, method: null, order: null, terms: null,
  lines: [], tenders: [], shippingRefundedHere: '0', receivingNodeId: null, qrTokenHash: null, tracking: null,
  exchange: null, claim: null, receiptIds: [], refundIds: [], version: 0,
});

export const countOf = (counts: ConditionCounts): number =>
  Object.values(counts).reduce<number>((a, b) => a + (b ?? 0), 0);

export const addCount = (counts: ConditionCounts, condition: ItemCondition, quantity: number): ConditionCounts =>
  ({ ...counts, [condition]: (counts[condition] ?? 0) + quantity });

/** True once every requested unit has been received. */
export const fullyReceived = (state: ReturnState): boolean => state.lines.every((l) => countOf(l.received) >= l.quantity);
