import { expect } from 'chai';
import fc from 'fast-check';
import { minorUnits } from '../../../../domain/shared/money.js';
import { DEFAULT_TAX_RULES, priceOrder, type Promotion } from '../../../../domain/pricing/index.js';
import { expectConsistent, line } from './pricingFixtures.js';

/** Whatever the basket, destination and promotions: the totals identities hold to the last minor unit. */
describe('priceOrder identities (fast-check)', () => {
  const destinations = [
    { currency: 'EUR', country: 'FR' },
    { currency: 'EUR', country: 'DE' },
    { currency: 'GBP', country: 'GB' },
    { currency: 'USD', country: 'US', region: 'NY' },
    { currency: 'USD', country: 'US', region: 'CA' },
    { currency: 'JPY', country: 'JP' },
  ];
  const promoArb = (currency: string): fc.Arbitrary<Promotion[]> =>
    fc.subarray([
      { id: 'p10', kind: 'percent_off', percent: '10', combinable: true },
      { id: 'p33', kind: 'percent_off', percent: '33.3', combinable: false },
      { id: 'a5', kind: 'amount_off', amount: { amount: currency === 'JPY' ? '500' : '5.00', currency }, combinable: true },
      { id: 'sku1', kind: 'amount_off', skus: ['SKU-1'], amount: { amount: currency === 'JPY' ? '300' : '3.00', currency }, combinable: true },
      { id: 'bxgy', kind: 'buy_x_get_y', buyQuantity: 1, getQuantity: 1, percent: '50', combinable: true },
      { id: 'ship', kind: 'free_shipping', combinable: true },
    ] as Promotion[]);

  it('keeps total = subtotal − discount + shipping + added tax + duties exactly', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...destinations).chain((d) =>
          fc.record({
            d: fc.constant(d),
            lines: fc.array(
              fc.record({ q: fc.integer({ min: 1, max: 5 }), minor: fc.integer({ min: 0, max: 500_000 }), cls: fc.constantFrom(d.country === 'US' ? 'standard' : 'reduced', 'standard', 'zero') }),
              { minLength: 1, maxLength: 5 },
            ),
            promotions: promoArb(d.currency),
          }),
        ),
        ({ d, lines, promotions }) => {
          const scale = 10 ** minorUnits(d.currency);
          const r = priceOrder({
            currency: d.currency,
            lines: lines.map((l, i) => line(`SKU-${i + 1}`, l.q, (l.minor / scale).toFixed(minorUnits(d.currency)), d.currency, { taxClass: l.cls })),
            destination: { country: d.country, ...(d.region ? { region: d.region } : {}) },
            deliveryMethod: 'standard',
            taxRules: DEFAULT_TAX_RULES,
            shippingRates: [{ id: 'any', deliveryMethod: 'standard', bands: [{ amount: { amount: d.currency === 'JPY' ? '700' : '6.95', currency: d.currency } }] }],
            promotions,
          });
          expectConsistent(r);
          for (const l of r.lines) {
            expect(l.discount.amount.lessThanOrEqualTo(l.subtotal.amount)).to.equal(true);
            expect(l.tax.amount.isNegative()).to.equal(false);
            expect(l.total.amount.decimalPlaces()).to.be.at.most(minorUnits(d.currency));
          }
        },
      ),
      { numRuns: 300, seed: 4242 },
    );
  });
});
