import { expect } from 'chai';
import { DEFAULT_FRAUD_RULES, screenOrder, type FraudInput, type FraudRuleSet } from '../../../../domain/fraud/index.js';
import { ValidationError } from '../../../../domain/shared/errors.js';

const T0 = '2026-03-02T12:00:00.000Z';
const hoursBefore = (h: number) => new Date(Date.parse(T0) - h * 3_600_000).toISOString();

const order = (overrides: Partial<FraudInput> = {}): FraudInput => ({
  orderId: 'o-1',
  customerId: 'c-1',
  total: { amount: '120.00', currency: 'EUR' },
  placedAt: T0,
  destinationCountry: 'FR',
  billingCountry: 'FR',
  recentOrders: [],
  ...overrides,
});

describe('domain/fraud/screenOrder', () => {
  it('passes an ordinary order with no reasons', () => {
    const verdict = screenOrder(order(), DEFAULT_FRAUD_RULES);
    expect(verdict).to.include({ decision: 'pass', score: 0, ruleSetId: 'default', ruleSetVersion: 1 });
    expect(verdict.reasons).to.deep.equal([]);
  });

  describe('order value per currency', () => {
    it('holds an order above the threshold of its currency', () => {
      const verdict = screenOrder(order({ total: { amount: '2000.01', currency: 'EUR' } }), DEFAULT_FRAUD_RULES);
      expect(verdict.decision).to.equal('hold');
      expect(verdict.reasons).to.deep.equal(['high-value: order total 2000.01 EUR is above 2000.00']);
    });
    it('passes an order exactly at the threshold (strictly above fires)', () => {
      expect(screenOrder(order({ total: { amount: '2000.00', currency: 'EUR' } }), DEFAULT_FRAUD_RULES).decision).to.equal('pass');
    });
    it('ignores a currency the rule has no threshold for', () => {
      expect(screenOrder(order({ total: { amount: '999999.00', currency: 'JPY' } }), DEFAULT_FRAUD_RULES).hits).to.have.length(0);
    });
  });

  describe('velocity per customer', () => {
    const earlier = (n: number, hours: number) => Array.from({ length: n }, (_, i) => ({ orderId: `e-${i}`, placedAt: hoursBefore(hours) }));
    it('passes the fifth order within 24 h and holds the sixth', () => {
      expect(screenOrder(order({ recentOrders: earlier(4, 2) }), DEFAULT_FRAUD_RULES).decision).to.equal('pass');
      const sixth = screenOrder(order({ recentOrders: earlier(5, 2) }), DEFAULT_FRAUD_RULES);
      expect(sixth.decision).to.equal('hold');
      expect(sixth.reasons[0]).to.contain('6 orders by c-1 within 24 h');
    });
    it('does not count orders outside the window, nor this order or a duplicate twice', () => {
      const recent = [...earlier(5, 25), { orderId: 'o-1', placedAt: T0 }, { orderId: 'e-x', placedAt: hoursBefore(1) }, { orderId: 'e-x', placedAt: hoursBefore(1) }];
      expect(screenOrder(order({ recentOrders: recent }), DEFAULT_FRAUD_RULES).hits).to.have.length(0);
    });
    it('does not count orders placed after this one (a re-screening sees the same history)', () => {
      const later = Array.from({ length: 8 }, (_, i) => ({ orderId: `l-${i}`, placedAt: new Date(Date.parse(T0) + 60_000).toISOString() }));
      expect(screenOrder(order({ recentOrders: later }), DEFAULT_FRAUD_RULES).decision).to.equal('pass');
    });
  });

  describe('billing/shipping country mismatch and destinations', () => {
    it('scores a mismatch below the hold threshold on its own, but reports it', () => {
      const verdict = screenOrder(order({ billingCountry: 'US' }), DEFAULT_FRAUD_RULES);
      expect(verdict).to.include({ decision: 'pass', score: 30 });
      expect(verdict.reasons).to.deep.equal(['billing-shipping-mismatch: billing country US differs from shipping country FR']);
    });
    it('holds when a mismatch adds up with another signal', () => {
      const rules: FraudRuleSet = { ...DEFAULT_FRAUD_RULES, holdThreshold: 60, rules: [...DEFAULT_FRAUD_RULES.rules] };
      const verdict = screenOrder(order({ billingCountry: 'US', total: { amount: '2500.00', currency: 'EUR' } }), rules);
      expect(verdict).to.include({ decision: 'hold', score: 80 });
      expect(verdict.hits.map((h) => h.rule)).to.deep.equal(['high-value', 'billing-shipping-mismatch']);
    });
    it('cannot judge a mismatch without both countries (pickup orders have no destination)', () => {
      expect(screenOrder(order({ billingCountry: 'US', destinationCountry: undefined }), DEFAULT_FRAUD_RULES).hits).to.have.length(0);
      expect(screenOrder(order({ billingCountry: undefined }), DEFAULT_FRAUD_RULES).hits).to.have.length(0);
    });
    it('holds a high-risk destination whatever the case of the code', () => {
      expect(screenOrder(order({ destinationCountry: 'kp', billingCountry: 'KP' }), DEFAULT_FRAUD_RULES).decision).to.equal('hold');
    });
  });

  describe('rules are data', () => {
    it('applies an operator rule set: its own thresholds, scores and version', () => {
      const strict: FraudRuleSet = {
        id: 'strict', version: 7, holdThreshold: 10,
        rules: [{ kind: 'orderValueAbove', name: 'any-above-100', thresholds: { EUR: '100' }, score: 10 }],
      };
      expect(screenOrder(order(), strict)).to.include({ decision: 'hold', ruleSetId: 'strict', ruleSetVersion: 7 });
      expect(screenOrder(order({ total: { amount: '99.99', currency: 'EUR' } }), strict).decision).to.equal('pass');
    });
    it('refuses an invalid rule set instead of screening with it', () => {
      const bad = (rules: FraudRuleSet) => () => screenOrder(order(), rules);
      expect(bad({ ...DEFAULT_FRAUD_RULES, holdThreshold: 0 })).to.throw(ValidationError);
      expect(bad({ ...DEFAULT_FRAUD_RULES, rules: [{ kind: 'velocity', name: 'v', maxOrders: 0, windowHours: 1, score: 1 }] })).to.throw(ValidationError);
      expect(bad({ ...DEFAULT_FRAUD_RULES, rules: [{ kind: 'orderValueAbove', name: 'x', thresholds: { EUR: 'lots' }, score: 1 }] })).to.throw(ValidationError);
      const dup = { kind: 'countryMismatch', name: 'same', score: 1 } as const;
      expect(bad({ ...DEFAULT_FRAUD_RULES, rules: [dup, dup] })).to.throw(/duplicate rule name/);
    });
    it('is deterministic: the same input gives the same verdict', () => {
      const input = order({ billingCountry: 'US', recentOrders: [{ orderId: 'a', placedAt: hoursBefore(1) }] });
      expect(screenOrder(input, DEFAULT_FRAUD_RULES)).to.deep.equal(screenOrder(input, DEFAULT_FRAUD_RULES));
    });
  });
});
