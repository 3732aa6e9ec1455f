import { add, fromJson, subtract, toJson, zero, type Money } from '../shared/money.js';
import { addAmounts, fulfilledValue, openAmounts, prorate } from './amounts.js';
import type { Fulfilment, UnitMove } from './events.js';
import { allocateCapture, capturedNet } from './payments.js';
import type { Order } from './state.js';
import { activeQuantity } from './units.js';

/**
 * A hand-over (shipment, or pickup in store) makes its units' share of the order capturable —
 * plus the shipping charge with the first hand-over. The capture is what is capturable minus what
 * was already captured (sale-type tenders capture up front), taken from outstanding authorizations;
 * anything they cannot cover is reported as a shortfall (a balance due), never invented.
 */
export const buildFulfilment = (order: Order, moves: readonly UnitMove[]): Fulfilment => {
  const handed = new Map<string, number>();
  for (const m of moves) handed.set(m.lineId, (handed.get(m.lineId) ?? 0) + m.quantity);
  const lines = order.lines
    .filter((l) => (handed.get(l.lineId) ?? 0) > 0)
    .map((l) => {
      const k = handed.get(l.lineId)!;
      const share = prorate(openAmounts(l, order.taxInclusive), k, activeQuantity(l) - l.fulfilledUnits, order.taxInclusive);
      return { lineId: l.lineId, fulfilledUnits: l.fulfilledUnits + k, fulfilledAmounts: addAmounts(l.fulfilledAmounts, share, order.taxInclusive) };
    });
  const before = fulfilledValue(order);
  const gained = lines.reduce(
    (acc, l) => add(acc, subtract(fromJson(l.fulfilledAmounts.total), fromJson(order.lines.find((x) => x.lineId === l.lineId)!.fulfilledAmounts.total))),
    zero(order.currency),
  );
  const shippingNow: Money = order.shippingFulfilled ? zero(order.currency) : fromJson(order.shipping.total);
  const capturable = add(add(before, gained), shippingNow);
  const due = subtract(capturable, capturedNet(order.tenders, order.currency));
  const amount = due.amount.isNegative() ? zero(order.currency) : due;
  const { allocations, shortfall } = allocateCapture(order.tenders, amount);
  return {
    lines,
    shippingFulfilled: true,
    capture: { amount: toJson(subtract(amount, shortfall)), allocations, shortfall: toJson(shortfall) },
  };
};
