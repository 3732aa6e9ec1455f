import { expect } from 'chai';
import {
  conditionRuleFor, evaluateClaim, evaluateReturn, refundTimingFor, restockingFeeRateFor, windowDaysFor, type ReturnEvaluation,
} from '../../../../domain/return/policy.js';
import type { ReturnRequestLine } from '../../../../domain/return/snapshot.js';
import { DEFAULT_NOW, line, policy, snapshot } from './fixtures.js';

const request = (...lines: ReturnRequestLine[]) => ({ channel: 'web' as const, lines });
const refused = (r: ReturnEvaluation) => {
  if (r.eligible) expect.fail(`expected a refusal, got eligible ${JSON.stringify(r.lines)}`);
  return r;
};
const accepted = (r: ReturnEvaluation) => {
  if (!r.eligible) expect.fail(`expected eligible, got ${r.code}: ${r.explanation}`);
  return r;
};

describe('return policy: evaluateReturn', () => {
  it('accepts a line inside its window and states when the window ends', () => {
    const r = accepted(evaluateReturn(policy(), snapshot(), request({ lineId: 'L1', quantity: 2, reason: 'wrong_size' }), DEFAULT_NOW));
    expect(r.lines).to.have.length(1);
    expect(r.lines[0]).to.include({ lineId: 'L1', quantity: 2, reason: 'wrong_size', declaredCondition: 'new', merchantFault: false, windowEndsAt: '2025-03-12T12:00:00.000Z' });
  });

  it('refuses RETURN_WINDOW_EXPIRED after the default window (30 days from delivery)', () => {
    const r = refused(evaluateReturn(policy(), snapshot(), request({ lineId: 'L1', quantity: 1, reason: 'changed_mind' }), '2025-03-12T12:00:00.001Z'));
    expect(r.code).to.equal('RETURN_WINDOW_EXPIRED');
    expect(r.explanation).to.contain('30-day').and.contain('2025-03-12T12:00:00.000Z');
    // The last millisecond of the window is still inside.
    accepted(evaluateReturn(policy(), snapshot(), request({ lineId: 'L1', quantity: 1, reason: 'changed_mind' }), '2025-03-12T12:00:00.000Z'));
  });

  it('uses the category override (electronics 14 days) and the more specific category × channel one (7 on marketplace)', () => {
    const phone = request({ lineId: 'L2', quantity: 1, reason: 'changed_mind' });
    accepted(evaluateReturn(policy(), snapshot(), phone, '2025-03-06T11:00:00.000Z'));
    expect(refused(evaluateReturn(policy(), snapshot(), phone, '2025-03-06T13:00:00.000Z')).code).to.equal('RETURN_WINDOW_EXPIRED');
    const marketplace = snapshot({ channel: 'marketplace' });
    expect(refused(evaluateReturn(policy(), marketplace, phone, '2025-02-28T13:00:00.000Z')).code).to.equal('RETURN_WINDOW_EXPIRED');
    expect(windowDaysFor(policy(), 'electronics', 'marketplace')).to.equal(7);
    expect(windowDaysFor(policy(), 'electronics', 'web')).to.equal(14);
    expect(windowDaysFor(policy(), 'apparel', 'marketplace')).to.equal(30);
  });

  it('counts the window from the purchase when the policy says so', () => {
    const p = policy({ window: { defaultDays: 20, startsAt: 'purchase', overrides: [] } });
    // purchased 02-01, delivered 02-10: 20 days from purchase end 02-21.
    expect(refused(evaluateReturn(p, snapshot(), request({ lineId: 'L1', quantity: 1, reason: 'changed_mind' }), '2025-02-22T00:00:00.000Z')).code).to.equal('RETURN_WINDOW_EXPIRED');
  });

  it('refuses NOT_RETURNABLE for final-sale lines, non-returnable categories and SKUs', () => {
    const s = snapshot({
      lines: [
        line({ lineId: 'A', returnable: false }),
        line({ lineId: 'B', category: 'gift_cards' }),
        line({ lineId: 'C', sku: 'SKU-FINAL' }),
      ],
    });
    for (const [lineId, text] of [['A', 'final sale'], ['B', 'category gift_cards'], ['C', 'SKU SKU-FINAL']] as const) {
      const r = refused(evaluateReturn(policy(), s, request({ lineId, quantity: 1, reason: 'changed_mind' }), DEFAULT_NOW));
      expect(r.code).to.equal('NOT_RETURNABLE');
      expect(r.explanation).to.contain(text);
    }
  });

  it('refuses QUANTITY_EXCEEDS_DELIVERED beyond delivered − already returned', () => {
    const s = snapshot({ lines: [line({ lineId: 'L1', quantityDelivered: 3, quantityReturned: 2 })] });
    accepted(evaluateReturn(policy(), s, request({ lineId: 'L1', quantity: 1, reason: 'changed_mind' }), DEFAULT_NOW));
    const r = refused(evaluateReturn(policy(), s, request({ lineId: 'L1', quantity: 2, reason: 'changed_mind' }), DEFAULT_NOW));
    expect(r.code).to.equal('QUANTITY_EXCEEDS_DELIVERED');
    expect(r.refusals[0]!.details).to.include({ requested: 2, delivered: 3, alreadyReturned: 2 });
  });

  it('refuses UNKNOWN_LINE and NOT_DELIVERED', () => {
    expect(refused(evaluateReturn(policy(), snapshot(), request({ lineId: 'L9', quantity: 1, reason: 'other' }), DEFAULT_NOW)).code).to.equal('UNKNOWN_LINE');
    const undelivered = snapshot({ lines: [line({ lineId: 'L1', quantityDelivered: 0, deliveredAt: undefined })] });
    expect(refused(evaluateReturn(policy(), undelivered, request({ lineId: 'L1', quantity: 1, reason: 'other' }), DEFAULT_NOW)).code).to.equal('NOT_DELIVERED');
  });

  it('refuses CONDITION_NOT_ACCEPTED when the category does not take the declared condition back', () => {
    const r = refused(evaluateReturn(policy(), snapshot(), request({ lineId: 'L3', quantity: 1, reason: 'changed_mind', condition: 'opened' }), DEFAULT_NOW));
    expect(r.code).to.equal('CONDITION_NOT_ACCEPTED');
    accepted(evaluateReturn(policy(), snapshot(), request({ lineId: 'L3', quantity: 1, reason: 'changed_mind', condition: 'new' }), DEFAULT_NOW));
  });

  it('lists every refused line, the first one giving the code; a repeated line is DUPLICATE_LINE', () => {
    const r = refused(evaluateReturn(policy(), snapshot(), request(
      { lineId: 'L1', quantity: 5, reason: 'other' }, { lineId: 'L9', quantity: 1, reason: 'other' }, { lineId: 'L1', quantity: 1, reason: 'other' },
    ), DEFAULT_NOW));
    expect(r.code).to.equal('QUANTITY_EXCEEDS_DELIVERED');
    expect(r.refusals.map((x) => x.code)).to.deep.equal(['QUANTITY_EXCEEDS_DELIVERED', 'UNKNOWN_LINE', 'DUPLICATE_LINE']);
  });

  it('flags the whole order and merchant fault', () => {
    const all = accepted(evaluateReturn(policy(), snapshot(), request(
      { lineId: 'L1', quantity: 2, reason: 'changed_mind' }, { lineId: 'L2', quantity: 1, reason: 'changed_mind' }, { lineId: 'L3', quantity: 3, reason: 'changed_mind' },
    ), DEFAULT_NOW));
    expect(all).to.include({ wholeOrder: true, merchantFault: false });
    const part = accepted(evaluateReturn(policy(), snapshot(), request({ lineId: 'L2', quantity: 1, reason: 'defective' }), DEFAULT_NOW));
    expect(part).to.include({ wholeOrder: false, merchantFault: true });
    // Units not yet delivered (ordered 3, delivered 2) keep the order from being whole.
    const s = snapshot({ lines: [line({ lineId: 'L1', quantityOrdered: 3, quantityDelivered: 2 })] });
    expect(accepted(evaluateReturn(policy(), s, request({ lineId: 'L1', quantity: 2, reason: 'other' }), DEFAULT_NOW)).wholeOrder).to.equal(false);
    const cancelled = snapshot({ lines: [line({ lineId: 'L1', quantityOrdered: 3, quantityCancelled: 1, quantityDelivered: 2 })] });
    expect(accepted(evaluateReturn(policy(), cancelled, request({ lineId: 'L1', quantity: 2, reason: 'other' }), DEFAULT_NOW)).wholeOrder).to.equal(true);
  });

  it('asks for review by reason or above an amount', () => {
    const p = policy({ review: { reasons: ['not_as_described'], aboveAmount: '250.00' } });
    expect(accepted(evaluateReturn(p, snapshot(), request({ lineId: 'L1', quantity: 1, reason: 'wrong_size' }), DEFAULT_NOW)).reviewReasons).to.deep.equal([]);
    expect(accepted(evaluateReturn(p, snapshot(), request({ lineId: 'L1', quantity: 1, reason: 'not_as_described' }), DEFAULT_NOW)).reviewReasons).to.have.length(1);
    expect(accepted(evaluateReturn(p, snapshot(), request({ lineId: 'L2', quantity: 1, reason: 'changed_mind' }), DEFAULT_NOW)).reviewReasons[0]).to.contain('exceeds the review threshold 250.00');
  });

  it('claims ignore final sale and condition rules but have their own window', () => {
    const s = snapshot({ lines: [line({ lineId: 'A', returnable: false })] });
    accepted(evaluateClaim(policy(), s, [{ lineId: 'A', quantity: 1, reason: 'damaged' }], DEFAULT_NOW));
    const p = policy({ claims: { windowDays: 5, requireApproval: false } });
    expect(refused(evaluateClaim(p, s, [{ lineId: 'A', quantity: 1, reason: 'damaged' }], DEFAULT_NOW)).code).to.equal('CLAIM_WINDOW_EXPIRED');
  });
});

describe('return policy: rule lookups', () => {
  it('restocking fee: most specific rule wins, no rule means no fee', () => {
    const rules = [{ condition: 'opened' as const, rate: '0.10' }, { category: 'electronics', condition: 'opened' as const, rate: '0.15' }, { category: 'electronics', rate: '0.05' }];
    expect(restockingFeeRateFor(rules, 'electronics', 'opened')).to.equal('0.15');
    expect(restockingFeeRateFor(rules, 'electronics', 'new')).to.equal('0.05');
    expect(restockingFeeRateFor(rules, 'apparel', 'opened')).to.equal('0.10');
    expect(restockingFeeRateFor(rules, 'apparel', 'new')).to.equal('0');
  });

  it('condition rules default to restock new/opened, dispose damaged, refurbish defective', () => {
    expect(conditionRuleFor([], 'x', 'new').disposition).to.equal('restock');
    expect(conditionRuleFor([], 'x', 'opened').disposition).to.equal('restock');
    expect(conditionRuleFor([], 'x', 'damaged').disposition).to.equal('dispose');
    expect(conditionRuleFor([], 'x', 'defective').disposition).to.equal('refurbish');
    expect(conditionRuleFor(policy().conditionRules, 'hygiene', 'opened')).to.include({ accepted: false, disposition: 'dispose' });
  });

  it('refund timing per return method, with a default', () => {
    const p = policy({ refundTiming: { default: 'on_receipt', byMethod: { box_free: 'on_request' } } });
    expect(refundTimingFor(p, 'box_free')).to.equal('on_request');
    expect(refundTimingFor(p, 'carrier_label')).to.equal('on_receipt');
  });
});
