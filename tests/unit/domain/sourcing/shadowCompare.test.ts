import { expect } from 'chai';
import { shadowCompare } from '../../../../domain/sourcing/shadowCompare.js';
import { sourceOrder } from '../../../../domain/sourcing/sourceOrder.js';
import { node, rule, ruleSet, sourcingInput } from './sourcingFixtures.js';

describe('shadowCompare', () => {
  const input = sourcingInput({
    nodes: [node('ALL', { km: 800 }), node('ONLY-A', { km: 1 }), node('ONLY-B', { km: 1 })],
    lines: [
      { lineId: 'L1', sku: 'A', quantity: 1, weightGrams: 1000 },
      { lineId: 'L2', sku: 'B', quantity: 1, weightGrams: 1000 },
    ],
    stock: { ALL: { A: 1, B: 1 }, 'ONLY-A': { A: 1 }, 'ONLY-B': { B: 1 } },
  });

  it('given a candidate rule set that splits where live does not, when compared, then nodes, split count, cost and distance deltas are reported', () => {
    const live = sourceOrder(input);
    const candidate = sourceOrder({ ...input, ruleSet: { ...ruleSet([rule({ name: 'nearest', sort: ['distance'] })]), id: 'rs-next', version: 1 } });
    const diff = shadowCompare(live, candidate);
    expect(diff.identical).to.equal(false);
    expect(diff.ruleSets).to.deep.equal({ live: 'rs-main@3', candidate: 'rs-next@1' });
    expect(diff.nodes).to.deep.equal({ live: ['ALL'], candidate: ['ONLY-A', 'ONLY-B'], onlyLive: ['ALL'], onlyCandidate: ['ONLY-A', 'ONLY-B'] });
    expect(diff.shipments).to.deep.equal({ live: 1, candidate: 2, delta: 1 });
    expect(diff.cost.delta).to.deep.equal({ amount: '1.02', currency: 'EUR' });
    expect(diff.distanceKm.delta).to.be.closeTo(2 - 800, 0.01);
    expect(diff.lineChanges.map((c) => c.lineId)).to.deep.equal(['L1', 'L2']);
  });

  it('given the same decision twice, when compared, then it is identical with zero deltas', () => {
    const d = sourceOrder(input);
    const diff = shadowCompare(d, d);
    expect(diff.identical).to.equal(true);
    expect(diff.cost.delta.amount).to.equal('0.00');
    expect(diff.lineChanges).to.have.length(0);
  });

  it('given decisions for different orders, when compared, then it refuses', () => {
    const a = sourceOrder(input);
    const b = sourceOrder({ ...input, orderId: 'ord-2' });
    expect(() => shadowCompare(a, b)).to.throw().with.property('code', 'SHADOW_ORDER_MISMATCH');
  });
});
