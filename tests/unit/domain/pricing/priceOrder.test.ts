import { expect } from 'chai';
import { ValidationError } from '../../../../domain/shared/errors.js';
import { DEFAULT_TAX_RULES, priceOrder, pricingToJson, TAX_RATES_AS_OF, type TaxRule } from '../../../../domain/pricing/index.js';
import { amt, expectConsistent, frInput, line } from './pricingFixtures.js';

const usRates = [
  { id: 'us-std', deliveryMethod: 'standard' as const, countries: ['US'], bands: [{ amount: { amount: '7.00', currency: 'USD' } }] },
];
const us = (region: string, lines = [line('SKU-MUG', 2, '19.99', 'USD')]) =>
  priceOrder({ currency: 'USD', lines, destination: { country: 'US', region }, deliveryMethod: 'standard', taxRules: DEFAULT_TAX_RULES, shippingRates: usRates });

const fails = (f: () => unknown, code: string) => {
  try {
    f();
  } catch (e) {
    expect(e).to.be.instanceOf(ValidationError);
    expect((e as ValidationError).code).to.equal(code);
    return e as ValidationError;
  }
  return expect.fail(`expected ${code}`);
};

describe('priceOrder: taxes by destination', () => {
  it('extracts VAT from inclusive French prices per line and class, shipping at the standard rate', () => {
    const r = priceOrder(frInput());
    expectConsistent(r);
    expect(r.taxInclusive).to.equal(true);
    expect(r.lines.map((l) => [amt(l.subtotal), l.taxRate, amt(l.tax), amt(l.net), amt(l.total)])).to.deep.equal([
      ['60.00', '20', '10.00', '50.00', '60.00'],
      ['12.50', '5.5', '0.65', '11.85', '12.50'], // 12.50 × 5.5 / 105.5 = 0.6516…
    ]);
    expect(amt(r.shipping.tax)).to.equal('0.98'); // 5.90 / 6 = 0.9833…
    expect(pricingToJson(r).totals).to.deep.equal({
      currency: 'EUR',
      subtotal: { amount: '72.50', currency: 'EUR' },
      discount: { amount: '0.00', currency: 'EUR' },
      shipping: { amount: '5.90', currency: 'EUR' },
      tax: { amount: '11.63', currency: 'EUR' },
      duties: { amount: '0.00', currency: 'EUR' },
      total: { amount: '78.40', currency: 'EUR' },
    });
  });

  it('adds US sales tax on top; California does not tax separately stated shipping', () => {
    const r = us('CA');
    expectConsistent(r);
    expect(r.taxInclusive).to.equal(false);
    expect(amt(r.lines[0]!.tax)).to.equal('2.90'); // 39.98 × 7.25 % = 2.8985…
    expect(amt(r.shipping.tax)).to.equal('0.00');
    expect([amt(r.totals.subtotal), amt(r.totals.tax), amt(r.totals.total)]).to.deep.equal(['39.98', '2.90', '49.88']);
  });

  it('taxes shipping where the state does (New York) and charges nothing in Oregon', () => {
    const ny = us('NY');
    expectConsistent(ny);
    expect([amt(ny.lines[0]!.tax), amt(ny.shipping.tax), amt(ny.totals.total)]).to.deep.equal(['1.60', '0.28', '48.86']);
    const or = us('OR');
    expect([amt(or.totals.tax), amt(or.totals.total)]).to.deep.equal(['0.00', '46.98']);
  });

  it('rounds half-even at line level (6.25 % of 0.40 is 0.025 → 0.02; of 0.56 is 0.035 → 0.04)', () => {
    const r = us('TX', [line('SKU-PEN', 1, '0.40', 'USD'), line('SKU-CLIP', 1, '0.56', 'USD')]);
    expect(r.lines.map((l) => amt(l.tax))).to.deep.equal(['0.02', '0.04']);
    expectConsistent(r);
  });

  it('carries no tax on zero-rated (UK children clothing) and exempt goods', () => {
    const r = priceOrder({
      currency: 'GBP',
      lines: [line('SKU-KIDS', 2, '15.00', 'GBP', { taxClass: 'zero' }), line('SKU-LAMP', 1, '10.00', 'GBP')],
      destination: { country: 'GB' },
      deliveryMethod: 'standard',
      taxRules: DEFAULT_TAX_RULES,
      shippingRates: [{ id: 'gb', deliveryMethod: 'standard', bands: [{ amount: { amount: '3.99', currency: 'GBP' } }] }],
    });
    expectConsistent(r);
    expect(r.lines.map((l) => [l.taxRate, amt(l.tax)])).to.deep.equal([['0', '0.00'], ['20', '1.67']]);
    expect(amt(r.shipping.tax)).to.equal('0.66'); // 3.99 / 6 = 0.665 exactly → half-even 0.66
    expect([amt(r.totals.tax), amt(r.totals.total)]).to.deep.equal(['2.33', '43.99']);
    const exempt = us('NY', [line('SKU-GIFTCARD', 1, '50.00', 'USD', { taxClass: 'exempt' })]);
    expect(amt(exempt.lines[0]!.tax)).to.equal('0.00');
  });

  it('prices yen with no decimals, VAT-inclusive at 10 % and the 8 % reduced rate', () => {
    const r = priceOrder({
      currency: 'JPY',
      lines: [line('SKU-BAG', 1, '1999', 'JPY'), line('SKU-TEA', 3, '298', 'JPY', { taxClass: 'reduced' })],
      destination: { country: 'JP' },
      deliveryMethod: 'standard',
      taxRules: DEFAULT_TAX_RULES,
      shippingRates: [{ id: 'jp', deliveryMethod: 'standard', bands: [{ amount: { amount: '550', currency: 'JPY' } }] }],
    });
    expectConsistent(r);
    expect(r.lines.map((l) => [amt(l.subtotal), amt(l.tax)])).to.deep.equal([['1999', '182'], ['894', '66']]);
    expect(pricingToJson(r).totals.total).to.deep.equal({ amount: '3443', currency: 'JPY' });
    expect(amt(r.totals.tax)).to.equal('298');
  });

  it('uses rules supplied as data instead of the default table', () => {
    const mine: TaxRule[] = [{ country: 'FR', pricesIncludeTax: false, rates: { standard: '10', reduced: '1' }, shippingTaxable: false }];
    const r = priceOrder(frInput({ taxRules: mine }));
    expectConsistent(r);
    // 12.50 × 1 % = 0.125 → half-even 0.12
    expect([amt(r.lines[0]!.tax), amt(r.lines[1]!.tax), amt(r.totals.total)]).to.deep.equal(['6.00', '0.12', '84.52']);
  });

  it('refuses destinations and classes the rules do not cover, and malformed amounts', () => {
    const anywhere = [{ id: 'any', deliveryMethod: 'standard' as const, bands: [{ amount: { amount: '5.00', currency: 'EUR' } }] }];
    fails(() => priceOrder(frInput({ destination: { country: 'XX' }, shippingRates: anywhere })), 'NO_TAX_RULE');
    fails(() => us('CA', [line('SKU-FOOD', 1, '3.00', 'USD', { taxClass: 'reduced' })]), 'NO_TAX_RATE_FOR_CLASS');
    fails(() => priceOrder(frInput({ lines: [line('SKU-A', 1, '10.00', 'USD')] })), 'CURRENCY_MISMATCH');
    fails(() => priceOrder(frInput({ lines: [line('SKU-A', 1, '10.005')] })), 'INVALID_MONEY');
    fails(() => priceOrder(frInput({ lines: [line('SKU-A', 0, '10.00')] })), 'INVALID_QUANTITY');
    fails(() => priceOrder(frInput({ lines: [] })), 'NO_LINES');
    const yen = fails(() => priceOrder({ ...frInput(), currency: 'JPY', lines: [line('SKU-A', 1, '1999.5', 'JPY')] }), 'INVALID_MONEY');
    expect(yen.details).to.include({ field: 'lines[0].unitPrice' });
  });

  it('ships a dated default table in which every rule has a parsable standard rate', () => {
    expect(TAX_RATES_AS_OF).to.match(/^\d{4}-\d{2}-\d{2}$/);
    for (const rule of DEFAULT_TAX_RULES) {
      expect(rule.rates.standard, `${rule.country}${rule.region ?? ''}`).to.match(/^\d+(\.\d+)?$/);
    }
    const fr = DEFAULT_TAX_RULES.find((r) => r.country === 'FR')!;
    expect([fr.rates.standard, fr.rates.reduced, fr.pricesIncludeTax]).to.deep.equal(['20', '5.5', true]);
  });
});
