import { add, compare, fromJson, subtract, sum, toJson, zero, type Money } from '../shared/money.js';
import type { Settlement, TenderAmount } from './events.js';
import type { Tender } from './state.js';

/**
 * The payment ledger on the order: per tender authorized, captured, refunded, voided.
 * Captures are taken from tenders in the order they were authorized; voids and refunds go to the
 * most recent tender first (the first tender — often the main card — is kept for later captures).
 */

const m = fromJson;
const max0 = (x: Money): Money => (x.amount.isNegative() ? zero(x.currency) : x);
const minOf = (a: Money, b: Money): Money => (compare(a, b) <= 0 ? a : b);

/** Authorization not yet captured nor voided. */
export const outstanding = (t: Tender): Money => subtract(subtract(m(t.authorized), m(t.captured)), m(t.voided));
export const refundable = (t: Tender): Money => subtract(m(t.captured), m(t.refunded));

export const capturedNet = (tenders: readonly Tender[], currency: string): Money =>
  sum(tenders.map(refundable), currency);
export const outstandingTotal = (tenders: readonly Tender[], currency: string): Money =>
  sum(tenders.map(outstanding), currency);

/** What the customer still has to authorize: total − captured − outstanding authorization. */
export const balanceDue = (tenders: readonly Tender[], total: Money): Money =>
  max0(subtract(subtract(total, capturedNet(tenders, total.currency)), outstandingTotal(tenders, total.currency)));

export const covers = (tenders: readonly Tender[], total: Money): boolean => balanceDue(tenders, total).amount.isZero();

const spread = (amount: Money, tenders: readonly Tender[], capacity: (t: Tender) => Money): { parts: TenderAmount[]; left: Money } => {
  const parts: TenderAmount[] = [];
  let left = amount;
  for (const t of tenders) {
    if (left.amount.isZero()) break;
    const take = minOf(left, max0(capacity(t)));
    if (take.amount.isZero()) continue;
    parts.push({ tenderId: t.tenderId, amount: toJson(take) });
    left = subtract(left, take);
  }
  return { parts, left };
};

/** Capture `amount` from outstanding authorizations; what cannot be covered is the shortfall (a balance due). */
export const allocateCapture = (tenders: readonly Tender[], amount: Money): { allocations: TenderAmount[]; shortfall: Money } => {
  const { parts, left } = spread(amount, tenders, outstanding);
  return { allocations: parts, shortfall: left };
};

/**
 * Brings the ledger in line with a new order total: refund what was captured beyond it, void
 * authorization beyond what the uncaptured remainder still needs. A higher total settles nothing
 * (the difference is a charge: a balance due the payment side must authorize).
 */
export const settle = (tenders: readonly Tender[], newTotal: Money): Settlement => {
  const currency = newTotal.currency;
  const captured = capturedNet(tenders, currency);
  const refund = max0(subtract(captured, newTotal));
  const stillNeeded = max0(subtract(newTotal, captured));
  const voidable = max0(subtract(outstandingTotal(tenders, currency), stillNeeded));
  const newestFirst = [...tenders].reverse();
  return {
    voids: spread(voidable, newestFirst, outstanding).parts,
    refunds: spread(refund, newestFirst, refundable).parts,
  };
};

export const settlementTotal = (s: Settlement, currency: string): { voided: Money; refunded: Money } => ({
  voided: sum(s.voids.map((v) => m(v.amount)), currency),
  refunded: sum(s.refunds.map((r) => m(r.amount)), currency),
});

const bump = (tenders: readonly Tender[], parts: readonly TenderAmount[], field: 'captured' | 'refunded' | 'voided'): Tender[] =>
  tenders.map((t) => {
    const delta = parts.filter((p) => p.tenderId === t.tenderId).map((p) => m(p.amount));
    return delta.length === 0 ? t : { ...t, [field]: toJson(add(m(t[field]), sum(delta, t[field].currency))) };
  });

export const applyCaptures = (tenders: readonly Tender[], parts: readonly TenderAmount[]): Tender[] => bump(tenders, parts, 'captured');
export const applySettlement = (tenders: readonly Tender[], s: Settlement): Tender[] => bump(bump(tenders, s.voids, 'voided'), s.refunds, 'refunded');
