import { expect } from 'chai';
import { summarizeShadow, type ShadowRecord } from '../../../../../domain/sourcing/ruleSets/index.js';
import { shadowCompare } from '../../../../../domain/sourcing/shadowCompare.js';
import { sourceOrder } from '../../../../../domain/sourcing/sourceOrder.js';
import { node, rule, ruleSet, sourcingInput } from '../sourcingFixtures.js';

describe('summarizeShadow', () => {
  const input = sourcingInput({
    nodes: [node('ALL', { km: 800 }), node('ONLY-A', { km: 1 }), node('ONLY-B', { km: 1 })],
    lines: [
      { lineId: 'L1', sku: 'A', quantity: 1, weightGrams: 1000 },
      { lineId: 'L2', sku: 'B', quantity: 1, weightGrams: 1000 },
    ],
    stock: { ALL: { A: 1, B: 1 }, 'ONLY-A': { A: 1 }, 'ONLY-B': { B: 1 } },
  });
  const nearest = { ...ruleSet([rule({ name: 'nearest', sort: ['distance'] })]), id: 'rs-next', version: 1 };
  const record = (orderId: string, at: string, candidateRuleSet = nearest): ShadowRecord => {
    const i = { ...input, orderId };
    return { orderId, at, diff: shadowCompare(sourceOrder(i), sourceOrder({ ...i, ruleSet: candidateRuleSet })) };
  };

  it('given one differing and one identical order, then rates, sums and samples describe exactly that', () => {
    const same = record('o-same', '2026-01-01T10:00:00Z', input.ruleSet);
    const split = record('o-split', '2026-01-01T11:00:00Z');
    const s = summarizeShadow('rs-next@1', [same, split]);
    expect(s).to.include({ candidate: 'rs-next@1', ordersCompared: 2, identical: 1, sameNodes: 1, sameNodesRate: 0.5, outcomeChanged: 0, backorderedUnitsDelta: 0 });
    expect(s.splitRate).to.deep.equal({ live: 0, candidate: 0.5, delta: 0.5 });
    expect(s.shipments).to.deep.equal({ live: 2, candidate: 3, delta: 1 });
    expect(s.costDelta).to.deep.equal([split.diff.cost.delta]);
    expect(s.distanceKm.delta).to.be.closeTo(2 - 800, 0.01);
    expect(s.distanceKm.meanDeltaPerOrder).to.be.closeTo((2 - 800) / 2, 0.01);
    expect(s.samples.map((x) => x.orderId)).to.deep.equal(['o-split']);
  });

  it('averages the promised lead over the orders where both decisions could be promised', () => {
    const a = { ...record('o-a', '2026-01-01T10:00:00Z'), promisedLeadDays: { live: 2, candidate: 1.5 } };
    const b = { ...record('o-b', '2026-01-01T11:00:00Z'), promisedLeadDays: { live: 3, candidate: 3.5 } };
    const c = { ...record('o-c', '2026-01-01T12:00:00Z'), promisedLeadDays: { live: 3, candidate: null } };
    expect(summarizeShadow('rs-next@1', [a, b, c]).promisedLeadDays).to.deep.equal({ compared: 2, live: 2.5, candidate: 2.5, meanDelta: 0 });
    expect(summarizeShadow('rs-next@1', [a]).promisedLeadDays).to.deep.equal({ compared: 1, live: 2, candidate: 1.5, meanDelta: -0.5 });
    expect(summarizeShadow('rs-next@1', [c]).promisedLeadDays).to.equal(null);
  });

  it('given no comparisons, then zeros and no samples (never NaN)', () => {
    const s = summarizeShadow(null, []);
    expect(s).to.include({ ordersCompared: 0, sameNodesRate: 0 });
    expect(s.splitRate).to.deep.equal({ live: 0, candidate: 0, delta: 0 });
    expect(s.costDelta).to.deep.equal([]);
    expect(s.samples).to.deep.equal([]);
  });

  it('keeps the newest differing orders up to the sample size', () => {
    const records = [1, 2, 3, 4].map((h) => record(`o-${h}`, `2026-01-01T0${h}:00:00Z`));
    expect(summarizeShadow('rs-next@1', records, 2).samples.map((x) => x.orderId)).to.deep.equal(['o-4', 'o-3']);
  });
});
