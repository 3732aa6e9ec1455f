import type { LineRef, MoneyText, TrackingEntry, TrackingReturnDocument } from './trackingDocuments.js';
import { returnDocumentId } from './trackingDocuments.js';

/**
 * Folds return events (stream `return-<returnId>`, see domain/return/events.ts) into the return's
 * tracking document. The shapes are read defensively from the event data — only the fields the
 * customer sees — so this projection does not break when the returns feature grows its events.
 */
type ReturnData = Readonly<{
  returnId?: string;
  orderId?: string;
  kind?: string;
  status?: string;
  lines?: readonly Readonly<{ lineId?: string; quantity?: number }>[];
  reason?: string;
  carrier?: string;
  trackingNumber?: string;
  refundId?: string;
  total?: MoneyText;
  amount?: MoneyText;
  at?: string;
}>;

const REQUESTS: Readonly<Record<string, string>> = { ReturnRequested: 'return', ExchangeRequested: 'exchange', ClaimOpened: 'claim' };

const ENTRY: Readonly<Record<string, TrackingEntry['type']>> = {
  ReturnApproved: 'return_approved',
  ReturnRejected: 'return_rejected',
  ReturnInTransit: 'return_in_transit',
  ReturnReceived: 'return_received',
  RefundIssued: 'refund_issued',
  ReturnCancelled: 'return_cancelled',
  ReturnClosed: 'return_closed',
};

const STATUS: Readonly<Record<string, string>> = {
  ReturnApproved: 'authorized',
  ReturnRejected: 'rejected',
  ReturnInTransit: 'in_transit',
  ReturnReceived: 'received',
  RefundIssued: 'refunded',
  ReturnCancelled: 'cancelled',
  ReturnClosed: 'closed',
};

const lineRefs = (lines: ReturnData['lines']): LineRef[] =>
  (lines ?? []).flatMap((l) => (typeof l.lineId === 'string' && typeof l.quantity === 'number' ? [{ lineId: l.lineId, quantity: l.quantity }] : []));

/** Whether an event type belongs to the return stream category this projection understands. */
export const isTrackedReturnEvent = (type: string): boolean => type in REQUESTS || type in ENTRY || type === 'ExchangeDifferenceCharged';

export const evolveTrackingReturn = (doc: TrackingReturnDocument | null, type: string, raw: unknown, eventAt: string): TrackingReturnDocument | null => {
  const data = (raw ?? {}) as ReturnData;
  const at = typeof data.at === 'string' ? data.at : eventAt;
  const kind = REQUESTS[type];
  if (kind !== undefined) {
    if (typeof data.returnId !== 'string' || typeof data.orderId !== 'string') return doc;
    const lines = lineRefs(data.lines);
    return {
      _id: returnDocumentId(data.returnId),
      kind: 'return',
      returnId: data.returnId,
      orderId: data.orderId,
      returnKind: kind,
      status: typeof data.status === 'string' ? data.status : 'requested',
      lines,
      carrier: null,
      trackingNumber: null,
      refunded: [],
      timeline: [{ type: 'return_requested', at, returnId: data.returnId, lines }],
      requestedAt: at,
      updatedAt: at,
    };
  }
  if (!doc) return null;
  if (type === 'ExchangeDifferenceCharged' && data.amount) {
    return { ...doc, updatedAt: at, timeline: [...doc.timeline, { type: 'refund_issued', at, returnId: doc.returnId, amount: data.amount, direction: 'charge' }] };
  }
  const entryType = ENTRY[type];
  if (!entryType) return doc;
  const next: TrackingReturnDocument = { ...doc, status: STATUS[type] ?? doc.status, updatedAt: at };
  const entry: TrackingEntry = { type: entryType, at, returnId: doc.returnId, ...(typeof data.reason === 'string' ? { reason: data.reason } : {}) };
  if (type === 'ReturnInTransit') {
    next.carrier = data.carrier ?? doc.carrier;
    next.trackingNumber = data.trackingNumber ?? doc.trackingNumber;
    next.timeline = [...doc.timeline, { ...entry, ...(data.carrier ? { carrier: data.carrier } : {}), ...(data.trackingNumber ? { trackingNumber: data.trackingNumber } : {}) }];
    return next;
  }
  if (type === 'RefundIssued' && data.total) {
    next.refunded = [...doc.refunded, data.total];
    next.timeline = [...doc.timeline, { ...entry, amount: data.total, direction: 'refund' }];
    return next;
  }
  next.timeline = [...doc.timeline, entry];
  return next;
};
