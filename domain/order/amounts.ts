import { Decimal } from 'decimal.js';
import { add, fromJson, money, roundMoney, subtract, sum, toJson, zero, type Money, type MoneyJson } from '../shared/money.js';
import type { TotalsJson } from '../pricing/pricingJson.js';
import type { LineAmounts, Order, OrderLine, ShippingAmounts } from './state.js';

/**
 * Money arithmetic on the JSON amounts kept in state and events. Every total is recomputed from
 * its components (total = subtotal − discount + added tax + duty), never rounded on its own, so
 * the totals identity holds exactly after any split or reduction.
 */

const m = fromJson;
const j = toJson;
const COMPONENTS = ['subtotal', 'discount', 'tax', 'duty', 'merchantDuty'] as const;

export const zeroAmounts = (currency: string): LineAmounts => {
  const z = j(zero(currency));
  return { subtotal: z, discount: z, tax: z, duty: z, merchantDuty: z, total: z };
};

export const lineTotal = (a: Omit<LineAmounts, 'total'>, taxInclusive: boolean): MoneyJson => {
  const base = subtract(m(a.subtotal), m(a.discount));
  return j(add(taxInclusive ? base : add(base, m(a.tax)), m(a.duty)));
};

const build = (parts: Record<(typeof COMPONENTS)[number], Money>, taxInclusive: boolean): LineAmounts => {
  const json = {
    subtotal: j(parts.subtotal),
    discount: j(parts.discount),
    tax: j(parts.tax),
    duty: j(parts.duty),
    merchantDuty: j(parts.merchantDuty),
  };
  return { ...json, total: lineTotal(json, taxInclusive) };
};

const combine = (a: LineAmounts, b: LineAmounts, op: (x: Money, y: Money) => Money, taxInclusive: boolean): LineAmounts =>
  build(
    Object.fromEntries(COMPONENTS.map((c) => [c, op(m(a[c]), m(b[c]))])) as Record<(typeof COMPONENTS)[number], Money>,
    taxInclusive,
  );

export const addAmounts = (a: LineAmounts, b: LineAmounts, taxInclusive: boolean): LineAmounts => combine(a, b, add, taxInclusive);
export const subtractAmounts = (a: LineAmounts, b: LineAmounts, taxInclusive: boolean): LineAmounts => combine(a, b, subtract, taxInclusive);

/**
 * The share of `k` out of `n` units of an amount, each component rounded half-even; the last
 * share (k = n) is the exact remainder, so successive shares always add up to the whole.
 */
export const prorate = (remainder: LineAmounts, k: number, n: number, taxInclusive: boolean): LineAmounts => {
  if (k === n) return remainder;
  const ratio = new Decimal(k).dividedBy(n);
  return build(
    Object.fromEntries(COMPONENTS.map((c) => [c, roundMoney(money(m(remainder[c]).amount.times(ratio), remainder[c].currency))])) as Record<
      (typeof COMPONENTS)[number],
      Money
    >,
    taxInclusive,
  );
};

/** The part of a line not yet handed over: what cancellations reduce and later hand-overs capture. */
export const openAmounts = (line: OrderLine, taxInclusive: boolean): LineAmounts => subtractAmounts(line.amounts, line.fulfilledAmounts, taxInclusive);

export const shippingTotal = (s: Omit<ShippingAmounts, 'total' | 'rateId'>, taxInclusive: boolean): MoneyJson => {
  const base = subtract(m(s.amount), m(s.discount));
  return j(taxInclusive ? base : add(base, m(s.tax)));
};

export const zeroShipping = (currency: string, rateId: string | null = null): ShippingAmounts => {
  const z = j(zero(currency));
  return { rateId, amount: z, discount: z, tax: z, total: z };
};

/** Order totals, always the sum of the line and shipping components. */
export const computeTotals = (
  currency: string,
  lines: readonly Pick<OrderLine, 'amounts'>[],
  shipping: ShippingAmounts,
): TotalsJson => {
  const total = (f: (a: LineAmounts) => MoneyJson): Money => sum(lines.map((l) => m(f(l.amounts))), currency);
  return {
    currency,
    subtotal: j(total((a) => a.subtotal)),
    discount: j(add(total((a) => a.discount), m(shipping.discount))),
    shipping: shipping.amount,
    tax: j(add(total((a) => a.tax), m(shipping.tax))),
    duties: j(total((a) => a.duty)),
    total: j(add(total((a) => a.total), m(shipping.total))),
  };
};

export const orderTotals = (order: Order): TotalsJson => computeTotals(order.currency, order.lines, order.shipping);

/** The value handed over so far: fulfilled line shares plus shipping once the first hand-over happened. */
export const fulfilledValue = (order: Order): Money =>
  add(
    sum(order.lines.map((l) => m(l.fulfilledAmounts.total)), order.currency),
    order.shippingFulfilled ? m(order.shipping.total) : zero(order.currency),
  );

/** total = subtotal − discount + shipping + (taxInclusive ? 0 : tax) + duties — must hold at every step. */
export const totalsIdentityHolds = (t: TotalsJson, taxInclusive: boolean): boolean => {
  const expected = add(subtract(add(m(t.subtotal), m(t.shipping)), m(t.discount)), add(taxInclusive ? zero(t.currency) : m(t.tax), m(t.duties)));
  return expected.amount.equals(m(t.total).amount);
};
