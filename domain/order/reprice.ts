import { ValidationError } from '../shared/errors.js';
import { toJson, type MoneyJson } from '../shared/money.js';
import type { PricingJson } from '../pricing/pricingJson.js';
import { readMoney } from '../pricing/validate.js';
import { computeTotals, lineTotal, shippingTotal } from './amounts.js';
import type { LineAmounts, ShippingAmounts } from './state.js';

export type ExpectedLine = Readonly<{ lineId: string; sku: string; quantity: number }>;
export type AcceptedPricing = Readonly<{
  lines: ReadonlyMap<string, Readonly<{ amounts: LineAmounts; taxRate: string }>>;
  shipping: ShippingAmounts;
  taxInclusive: boolean;
}>;

const mismatch = (message: string, details: Record<string, unknown> = {}) => new ValidationError('PRICING_MISMATCH', message, details);
const inconsistent = (message: string, details: Record<string, unknown> = {}) => new ValidationError('PRICING_INCONSISTENT', message, details);

/**
 * Accepts a pricing result computed outside the aggregate (by `priceOrder`) only if it prices
 * exactly the order's active lines and is internally consistent: every line and the shipping
 * satisfy their identities and the totals are the sums. The aggregate never re-prices itself
 * (it has no rule tables), but it refuses to store numbers that do not add up.
 */
export const acceptPricing = (currency: string, expected: readonly ExpectedLine[], pricing: PricingJson): AcceptedPricing => {
  if (pricing === undefined || pricing === null || typeof pricing !== 'object') throw mismatch('pricing is required', { field: 'pricing' });
  if (pricing.currency !== currency) throw mismatch(`pricing is in ${pricing.currency}, the order in ${currency}`, { field: 'pricing.currency' });
  const inclusive = pricing.taxInclusive === true;
  const read = (j: MoneyJson, field: string, allowNegative = false): MoneyJson => toJson(readMoney(j, currency, field, { allowNegative }));
  const lines = new Map<string, { amounts: LineAmounts; taxRate: string }>();
  if (!Array.isArray(pricing.lines) || pricing.lines.length !== expected.length) {
    throw mismatch(`pricing has ${pricing.lines?.length ?? 0} lines, the order ${expected.length} active lines`, { field: 'pricing.lines' });
  }
  for (const e of expected) {
    const p = pricing.lines.find((l) => l.lineId === e.lineId);
    if (p === undefined) throw mismatch(`pricing has no line ${e.lineId}`, { lineId: e.lineId });
    if (p.sku !== e.sku || p.quantity !== e.quantity) {
      throw mismatch(`pricing line ${e.lineId} is for ${p.quantity} × ${p.sku}, expected ${e.quantity} × ${e.sku}`, { lineId: e.lineId });
    }
    const f = `pricing.lines.${e.lineId}`;
    const parts = {
      subtotal: read(p.subtotal, `${f}.subtotal`),
      discount: read(p.discount, `${f}.discount`),
      tax: read(p.tax, `${f}.tax`),
      duty: read(p.duty, `${f}.duty`),
      merchantDuty: read(p.merchantDuty, `${f}.merchantDuty`),
    };
    const total = lineTotal(parts, inclusive);
    if (total.amount !== read(p.total, `${f}.total`, true).amount) throw inconsistent(`line ${e.lineId} total does not add up`, { lineId: e.lineId, expected: total.amount });
    lines.set(e.lineId, { amounts: { ...parts, total }, taxRate: String(p.taxRate) });
  }
  const s = pricing.shipping;
  const shippingParts = {
    amount: read(s?.amount, 'pricing.shipping.amount'),
    discount: read(s?.discount, 'pricing.shipping.discount'),
    tax: read(s?.tax, 'pricing.shipping.tax'),
  };
  const shipping: ShippingAmounts = { rateId: s.rateId ?? null, ...shippingParts, total: shippingTotal(shippingParts, inclusive) };
  if (shipping.total.amount !== read(s.total, 'pricing.shipping.total', true).amount) throw inconsistent('shipping total does not add up');
  const totals = computeTotals(currency, [...lines.values()], shipping);
  for (const k of ['subtotal', 'discount', 'shipping', 'tax', 'duties', 'total'] as const) {
    if (totals[k].amount !== read(pricing.totals?.[k], `pricing.totals.${k}`, true).amount) {
      throw inconsistent(`totals.${k} is not the sum of the lines and shipping`, { field: `pricing.totals.${k}`, expected: totals[k].amount });
    }
  }
  return { lines, shipping, taxInclusive: inclusive };
};
