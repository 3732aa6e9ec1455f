import { Decimal } from 'decimal.js';
import { ConflictError } from '../shared/errors.js';
import { fmt, maxDec, minDec } from './amounts.js';
import type { TenderRefund } from './events.js';

export type RefundableTender = Readonly<{
  tenderId: string;
  method: string;
  captured: string;
  /** Everything already refunded on the tender (by this return and before it). */
  refunded: string;
}>;

/**
 * Orders tenders for refunds: methods in `tenderOrder` first, in that order (e.g. store credit
 * first, card, gift card last); methods not listed after them; ties keep the order's tender order.
 */
export const orderTenders = <T extends { method: string }>(tenders: readonly T[], tenderOrder: readonly string[]): T[] => {
  const rank = (m: string): number => {
    const i = tenderOrder.indexOf(m);
    return i === -1 ? tenderOrder.length : i;
  };
  return tenders.map((t, i) => ({ t, i })).sort((a, b) => rank(a.t.method) - rank(b.t.method) || a.i - b.i).map((x) => x.t);
};

/**
 * Splits a refund over the order's tenders, filling each in the configured order up to what it can
 * still take back (captured − refunded). Refusing beats over-refunding: when the tenders cannot
 * absorb the total, nothing is allocated (vendure#1753: the remainder must be spread, never lost or doubled).
 */
export const allocateRefund = (
  total: Decimal, currency: string, tenders: readonly RefundableTender[], tenderOrder: readonly string[],
): TenderRefund[] => {
  let left = total;
  const out: TenderRefund[] = [];
  for (const t of orderTenders(tenders, tenderOrder)) {
    if (left.lessThanOrEqualTo(0)) break;
    const available = maxDec(new Decimal(t.captured).minus(t.refunded), new Decimal(0));
    const take = minDec(available, left);
    if (take.greaterThan(0)) {
      out.push({ tenderId: t.tenderId, method: t.method, amount: { amount: fmt(take, currency), currency } });
      left = left.minus(take);
    }
  }
  if (left.greaterThan(0)) {
    const refundable = tenders.reduce((a, t) => a.plus(maxDec(new Decimal(t.captured).minus(t.refunded), new Decimal(0))), new Decimal(0));
    throw new ConflictError('REFUND_EXCEEDS_CAPTURED',
      `refund of ${fmt(total, currency)} ${currency} exceeds the ${fmt(refundable, currency)} ${currency} still refundable on the order's tenders`,
      { total: fmt(total, currency), refundable: fmt(refundable, currency), currency });
  }
  return out;
};
