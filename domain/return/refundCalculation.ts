import { Decimal } from 'decimal.js';
import { dec, fmt, round, sumOf, ZERO } from './amounts.js';
import type { RefundLine } from './events.js';
import { restockingFeeRateFor } from './policy.js';
import { countOf, type ReturnLineState, type ReturnState } from './state.js';
import { ITEM_CONDITIONS, type ItemCondition } from './vocabulary.js';

export type RefundComputation = Readonly<{ lines: readonly RefundLine[]; shipping: Decimal; fees: Decimal; total: Decimal }>;

type Batch = Readonly<{ line: ReturnLineState; condition: ItemCondition; quantity: number }>;

/**
 * Units that may be refunded now. On request: every requested unit not yet refunded, priced at
 * the condition the customer declared. On receipt: received units not yet refunded, priced at the
 * inspected condition. Claims refund the claimed units (nothing is sent back).
 */
const refundableBatches = (state: ReturnState): Batch[] => {
  const onReceipt = state.kind !== 'claim' && state.terms?.refundTiming === 'on_receipt';
  const batches: Batch[] = [];
  for (const line of state.lines) {
    if (onReceipt) {
      for (const c of ITEM_CONDITIONS) {
        const n = (line.received[c] ?? 0) - (line.refunded[c] ?? 0);
        if (n > 0) batches.push({ line, condition: c, quantity: n });
      }
    } else {
      const n = line.quantity - countOf(line.refunded);
      if (n > 0) batches.push({ line, condition: line.declaredCondition, quantity: n });
    }
  }
  return batches;
};

/** Price of q units rounded once, so refunds of a line in several batches add up to the price of the whole. */
const cumulative = (unit: Decimal, q: number, currency: string): Decimal => round(unit.times(q), currency);

/**
 * Per-line refund amounts (tax included, restocking fee deducted) plus the shipping refund, for
 * the units refundable now. Fees are waived for merchant-fault reasons and for claims.
 */
export const computeLineRefund = (state: ReturnState): RefundComputation => {
  const order = state.order!;
  const terms = state.terms!;
  const currency = order.currency;
  const refundedSoFar = new Map(state.lines.map((l) => [l.lineId, countOf(l.refunded)]));
  const lines: RefundLine[] = [];
  for (const { line, condition, quantity } of refundableBatches(state)) {
    const price = dec(line.unitPricePaid.amount);
    const tax = dec(line.taxPerUnit.amount);
    const unitGross = order.taxInclusive ? price : price.plus(tax);
    const q0 = refundedSoFar.get(line.lineId)!;
    const gross = cumulative(unitGross, q0 + quantity, currency).minus(cumulative(unitGross, q0, currency));
    const taxPart = cumulative(tax, q0 + quantity, currency).minus(cumulative(tax, q0, currency));
    refundedSoFar.set(line.lineId, q0 + quantity);
    const rate = line.merchantFault || state.kind === 'claim' ? '0' : restockingFeeRateFor(terms.restockingFees, line.category, condition);
    const fee = round(gross.times(rate), currency);
    lines.push({
      lineId: line.lineId, sku: line.sku, quantity, condition,
      gross: { amount: fmt(gross, currency), currency }, tax: { amount: fmt(taxPart, currency), currency },
      restockingFeeRate: rate, restockingFee: { amount: fmt(fee, currency), currency },
      refund: { amount: fmt(gross.minus(fee), currency), currency },
    });
  }
  const shipping = lines.length === 0 ? ZERO : shippingRefund(state, lines, refundedSoFar);
  const fees = sumOf(lines.map((l) => l.restockingFee.amount));
  return { lines, shipping, fees, total: sumOf(lines.map((l) => l.refund.amount)).plus(shipping) };
};

/**
 * Original shipping goes back (once) when the merchant is at fault for a line in this refund, or
 * when, counting the units refunded by this return, every unit the order was to deliver is back.
 */
const shippingRefund = (state: ReturnState, batch: readonly RefundLine[], refundedAfter: ReadonlyMap<string, number>): Decimal => {
  const order = state.order!;
  const rule = state.terms!.shippingRefund;
  const remaining = dec(order.shipping.charged.amount).minus(order.shipping.refunded.amount).minus(state.shippingRefundedHere);
  if (remaining.lessThanOrEqualTo(0)) return ZERO;
  const batchIds = new Set(batch.map((l) => l.lineId));
  const merchantFault = state.lines.some((l) => l.merchantFault && batchIds.has(l.lineId));
  const wholeOrder = order.units.some((u) => u.expected > 0)
    && order.units.every((u) => u.returnedBefore + (refundedAfter.get(u.lineId) ?? 0) >= u.expected);
  return (rule.onMerchantFault && merchantFault) || (rule.onWholeOrder && wholeOrder) ? remaining : ZERO;
};
