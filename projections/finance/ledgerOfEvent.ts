import type { LedgerEntry } from '../../domain/finance/ledgerEntry.js';
import { ledgerEntriesFromReturnEvent } from '../../domain/finance/ledgerEntriesFromReturnEvent.js';
import { ledgerEntriesFromPaymentFact, PAYMENT_EVENT_KINDS, type PaymentFact } from '../../domain/finance/paymentFacts.js';
import type { ReturnEvent } from '../../domain/return/events.js';
import type { EventFilter, RecordedEvent } from '../../infrastructure/eventstore/eventStore.js';

/**
 * Where money movements are recorded, and the one mapping from a recorded event to finance
 * ledger entries — used by the finance projections and by `oms reconcile`, which recomputes the
 * ledger from the log with exactly this function:
 * - gateway facts of the order fulfilment process (`process-orderFulfilment-<orderId>`:
 *   authorizations, captures, voids, refunds of order changes) and of the returns feature
 *   (`process-returnPayments-<orderId>`: exchange credit authorizations), in PaymentFact shape;
 * - decided refunds and exchange differences on `return-<returnId>`.
 * Entry ids derive from the event id, so a re-delivered event never counts twice.
 */
export const LEDGER_STREAM_PREFIXES = ['process-orderFulfilment-', 'process-returnPayments-', 'return-'] as const;
export const LEDGER_EVENT_TYPES = [...Object.keys(PAYMENT_EVENT_KINDS), 'RefundIssued', 'ExchangeDifferenceCharged'];
export const LEDGER_FILTER: EventFilter = { streamPrefixes: [...LEDGER_STREAM_PREFIXES], eventTypes: LEDGER_EVENT_TYPES };

export const ledgerOfEvent = (recorded: RecordedEvent): LedgerEntry[] => {
  const source = { eventId: recorded.id };
  if (recorded.streamName.startsWith('return-')) return ledgerEntriesFromReturnEvent({ type: recorded.type, data: recorded.data } as ReturnEvent, source);
  if (!recorded.streamName.startsWith('process-')) return [];
  return ledgerEntriesFromPaymentFact(recorded.type, recorded.data as unknown as PaymentFact, source);
};

/** The UTC calendar day of an entry (settlement documents are per UTC day). */
export const dayOf = (entry: LedgerEntry): string => new Date(entry.at).toISOString().slice(0, 10);
