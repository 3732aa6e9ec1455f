import { expect } from 'chai';
import { ValidationError } from '../../../../domain/shared/errors.js';
import { DEFAULT_TAX_RULES, EU_MEMBER_STATES, priceOrder, type DutyRule, type PricingInput, type ShippingRate } from '../../../../domain/pricing/index.js';
import { amt, expectConsistent, frInput, line } from './pricingFixtures.js';

const gbp = (amount: string) => ({ amount, currency: 'GBP' });
const GB_DUTY: DutyRule = { country: 'GB', dutyRate: '12', deMinimis: gbp('135.00'), paidBy: 'customer' };
const gbOrder = (over: Partial<PricingInput> = {}): PricingInput => ({
  currency: 'GBP',
  lines: [line('SKU-JACKET', 1, '240.00', 'GBP', { originCountry: 'US' })],
  destination: { country: 'GB' },
  deliveryMethod: 'standard',
  taxRules: DEFAULT_TAX_RULES,
  shippingRates: [{ id: 'gb', deliveryMethod: 'standard', bands: [{ amount: gbp('9.99') }] }],
  dutyRules: [GB_DUTY],
  ...over,
});

describe('priceOrder: cross-border duties', () => {
  it('charges duty on the net customs value above de minimis when the customer pays (DDP in totals)', () => {
    const r = priceOrder(gbOrder());
    expectConsistent(r);
    expect([amt(r.lines[0]!.net), amt(r.lines[0]!.duty), amt(r.lines[0]!.total)]).to.deep.equal(['200.00', '24.00', '264.00']);
    expect([amt(r.totals.duties), amt(r.totals.total), amt(r.merchantDuties)]).to.deep.equal(['24.00', '273.99', '0.00']);
  });

  it('records but does not charge duty the merchant absorbs', () => {
    const r = priceOrder(gbOrder({ dutyRules: [{ ...GB_DUTY, paidBy: 'merchant' }] }));
    expectConsistent(r);
    expect([amt(r.totals.duties), amt(r.totals.total), amt(r.merchantDuties), amt(r.lines[0]!.merchantDuty)]).to.deep.equal(['0.00', '249.99', '24.00', '24.00']);
  });

  it('charges nothing at or below de minimis, for domestic goods, or for exempt origins', () => {
    expect(amt(priceOrder(gbOrder({ lines: [line('SKU-SCARF', 1, '120.00', 'GBP', { originCountry: 'US' })] })).totals.duties)).to.equal('0.00');
    expect(amt(priceOrder(gbOrder({ lines: [line('SKU-JACKET', 1, '240.00', 'GBP', { originCountry: 'GB' })] })).totals.duties)).to.equal('0.00');
    const eu: DutyRule = { country: 'FR', exemptOrigins: EU_MEMBER_STATES, dutyRate: '8', deMinimis: { amount: '150.00', currency: 'EUR' }, paidBy: 'customer' };
    const fromDe = priceOrder(frInput({ lines: [line('SKU-TV', 1, '600.00', 'EUR', { originCountry: 'DE' })], dutyRules: [eu] }));
    expect(amt(fromDe.totals.duties)).to.equal('0.00');
    const fromCn = priceOrder(frInput({ lines: [line('SKU-TV', 1, '600.00', 'EUR', { originCountry: 'CN' })], dutyRules: [eu] }));
    expect(amt(fromCn.totals.duties)).to.equal('40.00'); // 8 % of the 500.00 net of VAT
    expectConsistent(fromCn);
  });

  it('adds import tax on value + duty where the border collects it', () => {
    const r = priceOrder({
      currency: 'CHF',
      lines: [line('SKU-WATCH', 1, '200.00', 'CHF', { originCountry: 'DE' })],
      destination: { country: 'CH' },
      deliveryMethod: 'standard',
      taxRules: [{ country: 'CH', pricesIncludeTax: false, rates: { standard: '0' }, shippingTaxable: false }],
      shippingRates: [{ id: 'ch', deliveryMethod: 'standard', bands: [{ amount: { amount: '0.00', currency: 'CHF' } }] }],
      dutyRules: [{ country: 'CH', dutyRate: '5', importTaxRate: '8.1', deMinimis: { amount: '62.00', currency: 'CHF' }, paidBy: 'customer' }],
    });
    expectConsistent(r);
    expect(amt(r.lines[0]!.duty)).to.equal('27.01'); // 10.00 duty + 8.1 % × 210.00 = 17.01
  });
});

describe('priceOrder: shipping charges', () => {
  const rates: ShippingRate[] = [
    { id: 'us-all', deliveryMethod: 'standard', countries: ['US'], bands: [{ amount: { amount: '7.00', currency: 'USD' } }] },
    { id: 'us-ca', deliveryMethod: 'standard', countries: ['US'], regions: ['CA'], bands: [{ maxGrams: 1000, amount: { amount: '5.00', currency: 'USD' } }] },
  ];
  const us = (region: string, grams = 250) =>
    priceOrder({ currency: 'USD', lines: [line('SKU-MUG', 1, '10.00', 'USD', { weightGrams: grams })], destination: { country: 'US', region }, deliveryMethod: 'standard', taxRules: DEFAULT_TAX_RULES, shippingRates: rates });

  it('picks the most specific rate and the first weight band that covers the parcel', () => {
    expect(amt(us('CA').shipping.amount)).to.equal('5.00');
    expect(amt(us('NY').shipping.amount)).to.equal('7.00');
    expect(amt(priceOrder(frInput({ lines: [line('SKU-DESK', 1, '80.00', 'EUR', { weightGrams: 2500 })] })).shipping.amount)).to.equal('9.90');
  });

  it('ships free above the threshold (after discounts) and pickup costs nothing', () => {
    const free = frInput();
    const withThreshold = priceOrder({ ...free, shippingRates: [{ ...free.shippingRates![0]!, freeOver: { amount: '70.00', currency: 'EUR' } }] });
    expect(amt(withThreshold.shipping.total)).to.equal('0.00');
    expect(amt(priceOrder({ ...frInput(), deliveryMethod: 'pickup' }).shipping.total)).to.equal('0.00');
  });

  it('refuses when no rate serves the destination, method or weight', () => {
    const codeOf = (f: () => unknown) => {
      try {
        f();
        return 'none';
      } catch (e) {
        expect(e).to.be.instanceOf(ValidationError);
        return (e as ValidationError).code;
      }
    };
    expect(codeOf(() => priceOrder({ ...frInput(), deliveryMethod: 'express' }))).to.equal('NO_SHIPPING_RATE');
    expect(codeOf(() => us('CA', 1500))).to.equal('NO_SHIPPING_RATE');
  });
});
