import { expect } from 'chai';
import { add, subtract, sum, toJson, type Money } from '../../../../domain/shared/money.js';
import { DEFAULT_TAX_RULES, type PricingInput, type PricingLineInput, type PricingResult } from '../../../../domain/pricing/index.js';

export const amt = (m: Money): string => toJson(m).amount;

export const line = (sku: string, quantity: number, unitPrice: string, currency = 'EUR', extra: Partial<PricingLineInput> = {}): PricingLineInput => ({
  sku,
  quantity,
  unitPrice: { amount: unitPrice, currency },
  taxClass: 'standard',
  weightGrams: 250,
  ...extra,
});

export const frInput = (over: Partial<PricingInput> = {}): PricingInput => ({
  currency: 'EUR',
  lines: [line('SKU-SHIRT', 2, '30.00'), line('SKU-BOOK', 1, '12.50', 'EUR', { taxClass: 'reduced' })],
  destination: { country: 'FR' },
  deliveryMethod: 'standard',
  taxRules: DEFAULT_TAX_RULES,
  shippingRates: [{ id: 'fr-std', deliveryMethod: 'standard', countries: ['FR'], bands: [{ maxGrams: 2000, amount: { amount: '5.90', currency: 'EUR' } }, { amount: { amount: '9.90', currency: 'EUR' } }] }],
  ...over,
});

/** The identities every pricing result must satisfy exactly, checked in every test. */
export const expectConsistent = (r: PricingResult): void => {
  const t = r.totals;
  const expected = add(add(subtract(add(t.subtotal, t.shipping), t.discount), r.taxInclusive ? subtract(t.tax, t.tax) : t.tax), t.duties);
  expect(amt(t.total), 'total = subtotal − discount + shipping + added tax + duties').to.equal(amt(expected));
  expect(amt(sum(r.lines.map((l) => l.total), r.currency)), 'Σ line totals + shipping total = total').to.equal(amt(subtract(t.total, r.shipping.total)));
  expect(amt(add(sum(r.lines.map((l) => l.discount), r.currency), r.shipping.discount))).to.equal(amt(t.discount));
  expect(amt(add(sum(r.lines.map((l) => l.tax), r.currency), r.shipping.tax))).to.equal(amt(t.tax));
  expect(amt(sum(r.lines.map((l) => l.duty), r.currency))).to.equal(amt(t.duties));
};
