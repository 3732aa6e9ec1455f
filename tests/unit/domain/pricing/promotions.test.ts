import { expect } from 'chai';
import { ValidationError } from '../../../../domain/shared/errors.js';
import { DEFAULT_TAX_RULES, priceOrder, type Promotion } from '../../../../domain/pricing/index.js';
import { amt, expectConsistent, frInput, line } from './pricingFixtures.js';

const eur = (amount: string) => ({ amount, currency: 'EUR' });
const SUMMER10: Promotion = { id: 'promo-summer', code: 'SUMMER10', kind: 'percent_off', percent: '10', combinable: true };

const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).to.be.instanceOf(ValidationError);
    return (e as ValidationError).code;
  }
  return 'no error';
};

describe('priceOrder: promotions (same rules for every channel)', () => {
  it('applies a coupon case-insensitively and allocates the order discount to lines exactly', () => {
    const r = priceOrder(frInput({ promotions: [SUMMER10], coupons: ['  summer10 '] }));
    expectConsistent(r);
    expect(r.lines.map((l) => [amt(l.discount), amt(l.tax)])).to.deep.equal([
      ['6.00', '9.00'],
      ['1.25', '0.59'], // tax extracted from the discounted 11.25
    ]);
    expect([amt(r.totals.discount), amt(r.totals.tax), amt(r.totals.total)]).to.deep.equal(['7.25', '10.57', '71.15']);
    expect(r.promotions.applied).to.have.length(1);
    expect(r.promotions.applied[0]!.id).to.equal('promo-summer');
  });

  it('refuses an unknown coupon with UNKNOWN_COUPON, and a coupon outside its window', () => {
    expect(code(() => priceOrder(frInput({ promotions: [SUMMER10], coupons: ['WINTER'] })))).to.equal('UNKNOWN_COUPON');
    const dated = { ...SUMMER10, startsAt: '2025-06-01T00:00:00Z', endsAt: '2025-09-01T00:00:00Z' };
    expect(code(() => priceOrder(frInput({ promotions: [dated], coupons: ['summer10'], at: '2025-03-01T00:00:00Z' })))).to.equal('COUPON_NOT_ACTIVE');
    const r = priceOrder(frInput({ promotions: [dated], coupons: ['summer10'], at: '2025-07-01T00:00:00Z' }));
    expect(amt(r.totals.discount)).to.equal('7.25');
  });

  it('buy 2 get 1: the cheapest eligible units are free', () => {
    const bxgy: Promotion = { id: 'tees-3for2', kind: 'buy_x_get_y', skus: ['TEE-A', 'TEE-B', 'TEE-C'], buyQuantity: 2, getQuantity: 1, combinable: true };
    const four = priceOrder(frInput({ lines: [line('TEE-A', 2, '20.00'), line('TEE-B', 1, '15.00'), line('TEE-C', 1, '10.00'), line('CAP', 1, '5.00')], promotions: [bxgy] }));
    expectConsistent(four);
    expect(four.lines.map((l) => amt(l.discount))).to.deep.equal(['0.00', '0.00', '10.00', '0.00']); // the cap is not eligible
    const six = priceOrder(frInput({ lines: [line('TEE-A', 3, '20.00'), line('TEE-B', 2, '15.00'), line('TEE-C', 1, '10.00')], promotions: [bxgy] }));
    expectConsistent(six);
    expect(six.lines.map((l) => amt(l.discount))).to.deep.equal(['0.00', '15.00', '10.00']);
    const two = priceOrder(frInput({ lines: [line('TEE-A', 2, '20.00')], promotions: [bxgy] }));
    expect(two.promotions.skipped).to.deep.equal([{ id: 'tees-3for2', reason: 'no_eligible_items' }]);
  });

  it('amount off with a minimum spend: applied above it (split 8.28 / 1.72), skipped below', () => {
    const tenOff: Promotion = { id: 'ten-off-50', kind: 'amount_off', amount: eur('10.00'), minSubtotal: eur('50.00'), combinable: true };
    const r = priceOrder(frInput({ promotions: [tenOff] }));
    expectConsistent(r);
    expect(r.lines.map((l) => amt(l.discount))).to.deep.equal(['8.28', '1.72']);
    const small = priceOrder(frInput({ lines: [line('SKU-A', 1, '40.00')], promotions: [tenOff] }));
    expect(amt(small.totals.discount)).to.equal('0.00');
    expect(small.promotions.skipped).to.deep.equal([{ id: 'ten-off-50', reason: 'min_subtotal_not_met' }]);
  });

  it('line-level amount off applies per unit and never below zero', () => {
    const perUnit: Promotion = { id: 'shirt-5', kind: 'amount_off', skus: ['SKU-SHIRT'], amount: eur('5.00'), combinable: true };
    const r = priceOrder(frInput({ promotions: [perUnit] }));
    expect(r.lines.map((l) => amt(l.discount))).to.deep.equal(['10.00', '0.00']);
    const huge = priceOrder(frInput({ promotions: [{ ...perUnit, amount: eur('99.00') }] }));
    expect(amt(huge.lines[0]!.discount)).to.equal('60.00');
    expectConsistent(huge);
  });

  it('stacking: an exclusive promotion wins only when it beats the combinable set', () => {
    const one = [line('SKU-COAT', 1, '100.00')];
    const combinable: Promotion[] = [
      { id: 'c-10pct', kind: 'percent_off', percent: '10', combinable: true },
      { id: 'c-5off', kind: 'amount_off', amount: eur('5.00'), combinable: true },
    ];
    const big = priceOrder(frInput({ lines: one, promotions: [...combinable, { id: 'x-25pct', kind: 'percent_off', percent: '25', combinable: false }] }));
    expect(amt(big.totals.discount)).to.equal('25.00');
    expect(big.promotions.skipped.map((s) => [s.id, s.reason])).to.deep.equal([['c-10pct', 'not_combinable'], ['c-5off', 'not_combinable']]);
    const small = priceOrder(frInput({ lines: one, promotions: [...combinable, { id: 'x-12pct', kind: 'percent_off', percent: '12', combinable: false }] }));
    expect(amt(small.totals.discount)).to.equal('15.00'); // 10 % then 5 off what is left
    expect(small.promotions.applied.map((a) => [a.id, amt(a.amount)])).to.deep.equal([['c-10pct', '10.00'], ['c-5off', '5.00']]);
    // the order coupons were entered in does not matter
    const reversed = priceOrder(frInput({ lines: one, promotions: [{ id: 'x-12pct', kind: 'percent_off', percent: '12', combinable: false }, ...combinable.slice().reverse()] }));
    expect(amt(reversed.totals.total)).to.equal(amt(small.totals.total));
  });

  it('free shipping removes the charge and its tax', () => {
    const r = priceOrder(frInput({ promotions: [{ id: 'ship-free', code: 'FREESHIP', kind: 'free_shipping', combinable: true }], coupons: ['freeship'] }));
    expectConsistent(r);
    expect([amt(r.shipping.amount), amt(r.shipping.discount), amt(r.shipping.tax), amt(r.totals.total)]).to.deep.equal(['5.90', '5.90', '0.00', '72.50']);
  });

  it('rounds yen discounts half-even to whole yen (10 % of ¥2,885 = 288.5 → ¥288)', () => {
    const r = priceOrder({
      currency: 'JPY',
      lines: [line('SKU-BAG', 1, '2885', 'JPY')],
      destination: { country: 'JP' },
      deliveryMethod: 'pickup',
      taxRules: DEFAULT_TAX_RULES,
      promotions: [{ id: 'jp10', kind: 'percent_off', percent: '10', combinable: true }],
    });
    expectConsistent(r);
    expect([amt(r.lines[0]!.discount), amt(r.lines[0]!.tax), amt(r.totals.total)]).to.deep.equal(['288', '236', '2597']); // 2597 / 11 = 236.09
  });

  it('rejects malformed promotion data', () => {
    expect(code(() => priceOrder(frInput({ promotions: [{ id: 'bad', kind: 'percent_off', percent: '150', combinable: true }] })))).to.equal('INVALID_RATE');
    expect(code(() => priceOrder(frInput({ promotions: [{ id: 'bad', kind: 'amount_off', amount: { amount: '5', currency: 'USD' }, combinable: true }] })))).to.equal('CURRENCY_MISMATCH');
  });
});
