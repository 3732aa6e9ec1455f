import type { MoneyJson } from '../shared/money.js';
import { causeOf, entryIdOf, type LedgerEntry, type LedgerKind, type LedgerSource } from './ledgerEntry.js';

/**
 * The shape the order wiring should give its payment events so the ledger projection can map them
 * without knowing the Order aggregate. One event = one movement on one tender:
 *
 *   { orderId, channel, tenderId, method, amount: { amount: "59.90", currency: "EUR" }, at: ISO,
 *     lines?: [{ lineId, amount: { amount, currency } }] }   // optional split per order line
 *
 * with the event type telling the kind (default names below; another name can be mapped by
 * passing the kind explicitly). Amounts are non-negative; a void carries the released amount.
 * An authorisation that captures at once (sale / CHARGE flow) produces two facts: authorized
 * and captured, in that order, so `captured ≤ authorized` holds for the tender.
 */
export type PaymentFact = Readonly<{
  orderId: string;
  channel: string;
  tenderId: string;
  method: string;
  amount: MoneyJson;
  at: string;
  lines?: readonly Readonly<{ lineId: string; amount: MoneyJson }>[];
}>;

export const PAYMENT_EVENT_KINDS: Readonly<Record<string, LedgerKind>> = {
  PaymentAuthorized: 'authorized',
  PaymentCaptured: 'captured',
  PaymentVoided: 'voided',
  PaymentWrittenOff: 'written_off',
  PaymentRefunded: 'refunded',
};

/**
 * Maps one payment fact to ledger entries: one entry, or one per line when the fact is split by
 * line (their amounts must add up to the fact's amount; the split is the wiring's job).
 */
export const ledgerEntriesFromPaymentFact = (
  eventType: string, fact: PaymentFact, source: LedgerSource, kind: LedgerKind | undefined = PAYMENT_EVENT_KINDS[eventType],
): LedgerEntry[] => {
  if (kind === undefined) return [];
  const base = {
    orderId: fact.orderId, tenderId: fact.tenderId, method: fact.method, channel: fact.channel, kind,
    causedBy: causeOf(eventType, source), at: fact.at,
  };
  const parts = fact.lines !== undefined && fact.lines.length > 0
    ? fact.lines.map((l) => ({ lineId: l.lineId, amount: l.amount }))
    : [{ lineId: undefined, amount: fact.amount }];
  return parts.map((p, i) => ({
    entryId: entryIdOf(source, i), ...base, ...(p.lineId === undefined ? {} : { lineId: p.lineId }),
    amount: p.amount.amount, currency: p.amount.currency,
  }));
};
