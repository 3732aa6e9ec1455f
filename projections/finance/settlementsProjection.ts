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

/**
 * The entry ids of a day's `entries` array, memoised per array. A day document holds every entry
 * of the day and each capture adds one, so rebuilding the set per event made a day quadratic in
 * its entries (~5 % of a rebuild). When an event appends, the set moves on to the new array (the
 * old array's memo is dropped, being now a superset): folding on from the newest document is
 * linear, and anything else (an older document, one just read from the store) rebuilds the set.
 * Invisible to callers: evolve stays a pure function of its arguments.
 */
const entryIds = new WeakMap<readonly LedgerEntry[], Set<string>>();

const knownIds = (entries: readonly LedgerEntry[]): Set<string> => {
  let ids = entryIds.get(entries);
  if (!ids) {
    ids = new Set(entries.map((e) => e.entryId));
    entryIds.set(entries, ids);
  }
  return ids;
};

export const settlementsProjection = (version = 1): DocumentProjection<SettlementDayDocument> => ({
  kind: 'document',
  name: SETTLEMENTS,
  version,
  filter: LEDGER_FILTER,
  documentIds: (recorded) => [...new Set(moved(recorded).map(dayOf))],
  evolve: (doc, recorded, date) => {
    const before = doc?.entries ?? [];
    const known = knownIds(before);
    const added = moved(recorded).filter((e) => dayOf(e) === date && !known.has(e.entryId));
    if (added.length === 0) return doc;
    const entries = [...before, ...added];
    entryIds.delete(before);
    for (const e of added) known.add(e.entryId);
    entryIds.set(entries, known);
    return { _id: date, date, entries };
  },
});
