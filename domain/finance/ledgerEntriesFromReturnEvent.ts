import type { ReturnEvent } from '../return/events.js';
import { causeOf, entryIdOf, type LedgerEntry, type LedgerSource } from './ledgerEntry.js';

/**
 * Money movements of the returns domain: a refund is one `refunded` entry per tender paid back; an
 * exchange difference paid by the customer is one `charged_difference` entry. Every other return
 * event moves no money and maps to nothing.
 */
export const ledgerEntriesFromReturnEvent = (event: ReturnEvent, source: LedgerSource): LedgerEntry[] => {
  switch (event.type) {
    case 'RefundIssued': {
      const d = event.data;
      return d.tenders
        .filter((t) => !/^0*(\.0*)?$/.test(t.amount.amount))
        .map((t, i) => ({
          entryId: entryIdOf(source, i), orderId: d.orderId, tenderId: t.tenderId, method: t.method, channel: d.orderChannel,
          kind: 'refunded' as const, amount: t.amount.amount, currency: t.amount.currency,
          causedBy: causeOf(event.type, source), at: d.at,
        }));
    }
    case 'ExchangeDifferenceCharged': {
      const d = event.data;
      return [{
        entryId: entryIdOf(source, 0), orderId: d.orderId, tenderId: d.tenderId, method: d.method, channel: d.orderChannel,
        kind: 'charged_difference', amount: d.amount.amount, currency: d.amount.currency,
        causedBy: causeOf(event.type, source), at: d.at,
      }];
    }
    default:
      return [];
  }
};
