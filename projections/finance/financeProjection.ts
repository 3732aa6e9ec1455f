import { financeBalance, type OrderBalance, type TenderBalance } from '../../domain/finance/financeBalance.js';
import type { LedgerEntry } from '../../domain/finance/ledgerEntry.js';
import type { DocumentProjection } from '../runtime/projection.js';
import { LEDGER_FILTER, ledgerOfEvent } from './ledgerOfEvent.js';

export const FINANCE = 'finance';

/**
 * `finance`: one document per order — every money movement on it (per tender, and per line where
 * the fact is split), each with the event that caused it, and the balances per tender and per
 * currency (authorized, captured, refunded, voided, written off, net paid), recomputed exactly
 * with decimal.js from the entries on every change.
 */
export type FinanceDocument = {
  _id: string;
  orderId: string;
  entries: LedgerEntry[];
  tenders: TenderBalance[];
  totals: OrderBalance[];
  lastPosition: string;
  updatedAt: string;
};

export const financeProjection = (version = 1): DocumentProjection<FinanceDocument> => ({
  kind: 'document',
  name: FINANCE,
  version,
  filter: LEDGER_FILTER,
  documentIds: (recorded) => [...new Set(ledgerOfEvent(recorded).map((e) => e.orderId))],
  evolve: (doc, recorded, orderId) => {
    const known = new Set((doc?.entries ?? []).map((e) => e.entryId));
    const added = ledgerOfEvent(recorded).filter((e) => e.orderId === orderId && !known.has(e.entryId));
    if (added.length === 0) return doc;
    const entries = [...(doc?.entries ?? []), ...added];
    const balance = financeBalance(entries);
    return {
      _id: orderId, orderId, entries, tenders: [...balance.tenders], totals: [...balance.orders],
      lastPosition: recorded.position.toString(), updatedAt: added[added.length - 1]!.at,
    };
  },
});
