import type { LedgerEntry, LedgerKind } from '../../../../domain/finance/ledgerEntry.js';

let n = 0;
/** A ledger entry with sensible defaults: order O1, card tender T1, web, EUR. */
export const entry = (kind: LedgerKind, amount: string, over: Partial<LedgerEntry> = {}): LedgerEntry => ({
  entryId: `e${++n}`, orderId: 'O1', tenderId: 'T1', method: 'card', channel: 'web', kind, amount, currency: 'EUR',
  causedBy: { eventType: 'Test', eventId: `ev${n}` }, at: '2025-03-01T10:00:00.000Z',
  ...over,
});
