import type { Actor } from '../shared/decider.js';
import { compare, fromJson, subtract, toJson, zero } from '../shared/money.js';
import { openAmounts, computeTotals, prorate, subtractAmounts } from './amounts.js';
import type { LineAmountsUpdate, OrderChange, StockRelease, UnitMove } from './events.js';
import { covers, settle } from './payments.js';
import type { Order, ShippingAmounts } from './state.js';
import { activeQuantity } from './units.js';
import { zeroShipping } from './amounts.js';

/**
 * Money side of cancelling units: each line gives up the pro-rata share of its not-yet-handed-over
 * amount (so a line's successive cancellations and captures always add up to what it cost). The
 * shipping charge is given back only when the whole order is cancelled before any hand-over.
 */
export const cancellationAmounts = (order: Order, moves: readonly UnitMove[]): { lineAmounts: LineAmountsUpdate[]; shipping: ShippingAmounts } => {
  const cancelled = new Map<string, number>();
  for (const m of moves) if (m.to.stage === 'cancelled') cancelled.set(m.lineId, (cancelled.get(m.lineId) ?? 0) + m.quantity);
  const lineAmounts: LineAmountsUpdate[] = [];
  let activeLeft = 0;
  for (const line of order.lines) {
    const k = cancelled.get(line.lineId) ?? 0;
    activeLeft += activeQuantity(line) - k;
    if (k === 0) continue;
    const open = activeQuantity(line) - line.fulfilledUnits;
    const share = prorate(openAmounts(line, order.taxInclusive), k, open, order.taxInclusive);
    lineAmounts.push({ lineId: line.lineId, amounts: subtractAmounts(line.amounts, share, order.taxInclusive) });
  }
  const everythingCancelled = activeLeft === 0 && !order.shippingFulfilled;
  return { lineAmounts, shipping: everythingCancelled ? zeroShipping(order.currency, order.shipping.rateId) : order.shipping };
};

/**
 * Completes a change: the new totals, the money difference against the old ones, and the
 * settlement that brings the payment ledger in line (void first, refund what was captured beyond).
 */
export const finishChange = (
  order: Order,
  args: {
    actor: Actor;
    reason: string;
    moves: readonly UnitMove[];
    stockToRelease: readonly StockRelease[];
    lineAmounts: readonly LineAmountsUpdate[];
    shipping: ShippingAmounts;
    taxInclusive?: boolean;
  },
): OrderChange => {
  const updated = order.lines.map((l) => ({ amounts: args.lineAmounts.find((u) => u.lineId === l.lineId)?.amounts ?? l.amounts }));
  const before = fromJson(computeTotals(order.currency, order.lines, order.shipping).total);
  const totals = computeTotals(order.currency, updated, args.shipping);
  const after = fromJson(totals.total);
  const diff = subtract(after, before);
  const direction = diff.amount.isZero() ? 'none' : compare(diff, zero(order.currency)) > 0 ? 'charge' : 'refund';
  return {
    actor: args.actor,
    reason: args.reason,
    moves: [...args.moves],
    stockToRelease: [...args.stockToRelease],
    lineAmounts: [...args.lineAmounts],
    shipping: args.shipping,
    taxInclusive: args.taxInclusive ?? order.taxInclusive,
    moneyDifference: { amount: toJson({ ...diff, amount: diff.amount.abs() }).amount, currency: order.currency, direction },
    settlement: settle(order.tenders, after),
    totals,
    paymentCleared: order.paymentCleared || covers(order.tenders, after),
    version: order.version + 1,
  };
};
