import type { LedgerEntry } from '../../domain/finance/ledgerEntry.js';
import type { DocumentProjection } from '../runtime/projection.js';
import { dayOf, LEDGER_FILTER, ledgerOfEvent } from './ledgerOfEvent.js';

export const SETTLEMENTS = 'settlements';

/**
 * `settlements`: one document per UTC day with the money actually taken and given back that day
 * (captures, exchange differences charged, refunds); `GET /finance/settlements?date=` groups it
 * per currency × order channel × payment method with `settlementReport`. Authorisations and
 * voids move no money and are left out.
 */
export type SettlementDayDocument = { _id: string; date: string; entries: LedgerEntry[] };

const MONEY_MOVED = new Set(['captured', 'refunded', 'charged_difference']);
const moved = (recorded: Parameters<typeof ledgerOfEvent>[0]) => ledgerOfEvent(recorded).filter((e) => MONEY_MOVED.has(e.kind));

export const settlementsProjection = (version = 1): DocumentProjection<SettlementDayDocument> => ({
  kind: 'document',
  name: SETTLEMENTS,
  version,
  filter: LEDGER_FILTER,
  documentIds: (recorded) => [...new Set(moved(recorded).map(dayOf))],
  evolve: (doc, recorded, date) => {
    const known = new Set((doc?.entries ?? []).map((e) => e.entryId));
    const added = moved(recorded).filter((e) => dayOf(e) === date && !known.has(e.entryId));
    if (added.length === 0) return doc;
    return { _id: date, date, entries: [...(doc?.entries ?? []), ...added] };
  },
});
