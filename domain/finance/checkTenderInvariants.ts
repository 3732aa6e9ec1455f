import { Decimal } from 'decimal.js';
import { financeBalance } from './financeBalance.js';
import type { LedgerEntry } from './ledgerEntry.js';

export const TENDER_VIOLATION_CODES = [
  'REFUNDED_EXCEEDS_CAPTURED', 'CAPTURED_EXCEEDS_AUTHORIZED', 'VOIDED_EXCEEDS_UNCAPTURED', 'CURRENCY_MISMATCH', 'NEGATIVE_AMOUNT',
] as const;
export type TenderViolationCode = (typeof TENDER_VIOLATION_CODES)[number];

export type TenderViolation = Readonly<{
  code: TenderViolationCode;
  orderId: string;
  tenderId: string;
  message: string;
  details: Readonly<Record<string, string | readonly string[]>>;
}>;

/**
 * Money rules every tender must obey, whatever sequence of events produced the ledger:
 * - refunded ≤ captured + charged differences (never give back more than was taken);
 * - for tenders with an authorisation: captured ≤ authorized, and captured + voided ≤ authorized
 *   (tenders without any authorisation are direct charges, e.g. cash at a store);
 * - one currency per tender; no negative amounts.
 * Returns every violation found (empty = healthy), for audits and the projection's self-check.
 */
export const checkTenderInvariants = (entries: readonly LedgerEntry[]): TenderViolation[] => {
  const violations: TenderViolation[] = [];
  const currencies = new Map<string, Set<string>>();
  for (const e of entries) {
    const key = JSON.stringify([e.orderId, e.tenderId]);
    currencies.set(key, (currencies.get(key) ?? new Set()).add(e.currency));
    if (new Decimal(e.amount).isNegative()) {
      violations.push({ code: 'NEGATIVE_AMOUNT', orderId: e.orderId, tenderId: e.tenderId, message: `entry ${e.entryId} has a negative amount ${e.amount}`, details: { entryId: e.entryId, amount: e.amount } });
    }
  }
  for (const [key, set] of currencies) {
    if (set.size > 1) {
      const [orderId, tenderId] = JSON.parse(key) as [string, string];
      const list = [...set].sort();
      violations.push({ code: 'CURRENCY_MISMATCH', orderId, tenderId, message: `tender ${tenderId} of order ${orderId} has entries in ${list.join(', ')}`, details: { currencies: list } });
    }
  }
  for (const b of financeBalance(entries).tenders) {
    const d = (v: string) => new Decimal(v);
    const at = (msg: string) => `tender ${b.tenderId} of order ${b.orderId}: ${msg}`;
    const takenIn = d(b.captured).plus(b.chargedDifference);
    if (d(b.refunded).greaterThan(takenIn)) {
      violations.push({ code: 'REFUNDED_EXCEEDS_CAPTURED', orderId: b.orderId, tenderId: b.tenderId, message: at(`refunded ${b.refunded} > captured ${takenIn.toFixed()} ${b.currency}`), details: { refunded: b.refunded, captured: b.captured, chargedDifference: b.chargedDifference, currency: b.currency } });
    }
    if (d(b.authorized).isZero()) continue;
    if (d(b.captured).greaterThan(b.authorized)) {
      violations.push({ code: 'CAPTURED_EXCEEDS_AUTHORIZED', orderId: b.orderId, tenderId: b.tenderId, message: at(`captured ${b.captured} > authorized ${b.authorized} ${b.currency}`), details: { captured: b.captured, authorized: b.authorized, currency: b.currency } });
    } else if (d(b.captured).plus(b.voided).greaterThan(b.authorized)) {
      violations.push({ code: 'VOIDED_EXCEEDS_UNCAPTURED', orderId: b.orderId, tenderId: b.tenderId, message: at(`captured ${b.captured} + voided ${b.voided} > authorized ${b.authorized} ${b.currency}`), details: { captured: b.captured, voided: b.voided, authorized: b.authorized, currency: b.currency } });
    }
  }
  return violations;
};
