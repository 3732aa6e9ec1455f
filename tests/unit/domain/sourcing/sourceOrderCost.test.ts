import { expect } from 'chai';
import { sourceOrder } from '../../../../domain/sourcing/sourceOrder.js';
import { node, sourcingInput } from './sourcingFixtures.js';

const twoLines = [
  { lineId: 'L1', sku: 'A', quantity: 1, weightGrams: 1000 },
  { lineId: 'L2', sku: 'B', quantity: 1, weightGrams: 1000 },
];

describe('sourceOrder — cost optimisation', () => {
  it('given two DCs holding the item, when sourced, then the cheaper (nearer) one ships and the cost is itemised', () => {
    const d = sourceOrder(sourcingInput({ nodes: [node('FAR', { km: 100 }), node('NEAR', { km: 10 })], stock: { FAR: { A: 5 }, NEAR: { A: 5 } } }));
    expect(d.outcome).to.equal('sourced');
    expect(d.assignments).to.deep.equal([{ lineId: 'L1', sku: 'A', node: 'NEAR', quantity: 1, rule: 'cost-optimal' }]);
    // 5.00 base + 0.50 (1 kg) + 0.10 (10 km) + 1.00 handling
    expect(d.totalCost).to.deep.equal({ amount: '6.60', currency: 'EUR' });
    expect(d.shipmentDetails[0]!.cost).to.deep.equal({ base: '5.00', weight: '0.50', distance: '0.10', handling: '1.00', latePenalty: '0.00', total: '6.60', currency: 'EUR' });
    expect(d.shipments).to.equal(1);
    expect(d.totalDistanceKm).to.be.closeTo(10, 0.01);
  });

  it('given the decimal.js shipment cost and the fast candidate breakdown, then they agree to the cent', () => {
    const d = sourceOrder(
      sourcingInput({
        nodes: [node('N1', { km: 37.123 })],
        lines: [{ lineId: 'L1', sku: 'A', quantity: 3, weightGrams: 1234 }],
        stock: { N1: { A: 3 } },
      }),
    );
    expect(d.candidates[0]!.cost).to.deep.equal(d.shipmentDetails[0]!.cost);
    expect(d.totalCost.amount).to.equal(d.candidates[0]!.cost.total);
  });

  it('given one far node with everything and two near nodes with one line each, when the split penalty outweighs the saving, then the single node wins', () => {
    // single: 5 + 1.00 (2 kg) + 8.00 (800 km) + 1 = 15.00; split: 2 × (5 + 0.50 + 0.01 + 1) = 13.02 (+ penalty 3.00 = 16.02)
    const input = sourcingInput({
      nodes: [node('ALL', { km: 800 }), node('ONLY-A', { km: 1 }), node('ONLY-B', { km: 1 })],
      lines: twoLines,
      stock: { ALL: { A: 1, B: 1 }, 'ONLY-A': { A: 1 }, 'ONLY-B': { B: 1 } },
    });
    const single = sourceOrder(input);
    expect(single.shipments).to.equal(1);
    expect(single.assignments.map((a) => a.node)).to.deep.equal(['ALL', 'ALL']);
    expect(single.totalCost.amount).to.equal('15.00');
    // With a 1.00 penalty the split (14.02) is cheaper than the single node (15.00).
    const split = sourceOrder({ ...input, splitPenalty: '1.00' });
    expect(split.shipments).to.equal(2);
    expect(split.assignments.map((a) => a.node)).to.deep.equal(['ONLY-A', 'ONLY-B']);
    expect(split.totalCost.amount).to.equal('14.02');
    expect(split.splitPenalty.amount).to.equal('1.00');
  });

  it('given no node holding every line, when sourced, then it splits and pays the split penalty', () => {
    const d = sourceOrder(sourcingInput({ nodes: [node('ONLY-A', { km: 1 }), node('ONLY-B', { km: 1 })], lines: twoLines, stock: { 'ONLY-A': { A: 1 }, 'ONLY-B': { B: 1 } } }));
    expect(d.outcome).to.equal('sourced');
    expect(d.shipments).to.equal(2);
    expect(d.totalCost.amount).to.equal('16.02');
  });

  it('given a line larger than any node holds, when splits are allowed, then its units come from several nodes, cheapest filled first', () => {
    const d = sourceOrder(
      sourcingInput({
        nodes: [node('N1', { km: 1 }), node('N2', { km: 2 }), node('N3', { km: 300 })],
        lines: [{ lineId: 'L1', sku: 'A', quantity: 5, weightGrams: 1000 }],
        stock: { N1: { A: 3 }, N2: { A: 2 }, N3: { A: 5 } },
        splitPenalty: '0.00',
      }),
    );
    // N3 alone: 5 + 2.50 + 3.00 + 1 = 11.50; N1+N2: (5 + 1.50 + 0.01 + 1) + (5 + 1.00 + 0.02 + 1) = 14.53
    expect(d.assignments.map((a) => [a.node, a.quantity])).to.deep.equal([['N3', 5]]);
    const tight = sourceOrder(
      sourcingInput({
        nodes: [node('N1', { km: 1 }), node('N2', { km: 2 }), node('N3', { km: 300 })],
        lines: [{ lineId: 'L1', sku: 'A', quantity: 5, weightGrams: 1000 }],
        stock: { N1: { A: 3 }, N2: { A: 2 }, N3: { A: 4 } },
        splitPenalty: '0.00',
      }),
    );
    expect(tight.assignments.map((a) => [a.node, a.quantity])).to.deep.equal([['N1', 3], ['N2', 2]]);
  });

  it('given a keep-together kit, when its parts sit on different nearby nodes, then the kit ships whole from one node', () => {
    const kit = twoLines.map((l) => ({ ...l, keepTogetherGroup: 'kit-1' }));
    const input = sourcingInput({
      nodes: [node('ALL', { km: 800 }), node('ONLY-A', { km: 1 }), node('ONLY-B', { km: 1 })],
      lines: kit,
      stock: { ALL: { A: 1, B: 1 }, 'ONLY-A': { A: 1 }, 'ONLY-B': { B: 1 } },
      splitPenalty: '0.00',
    });
    const d = sourceOrder(input);
    expect(d.assignments.map((a) => a.node)).to.deep.equal(['ALL', 'ALL']);
    // Without the group the split is cheaper — so the group is what decided.
    expect(sourceOrder({ ...input, lines: twoLines }).shipments).to.equal(2);
    // And with no node holding the whole kit it is backordered, never split.
    const none = sourceOrder({ ...input, nodes: input.nodes.filter((n) => n.id !== 'ALL') });
    expect(none.assignments).to.have.length(0);
    expect(none.backordered).to.deep.equal([{ lineId: 'L1', sku: 'A', qty: 1 }, { lineId: 'L2', sku: 'B', qty: 1 }]);
    expect(none.outcome).to.equal('backordered');
  });

  it('given splitPolicy minimize, when a 2-node plan is cheaper than a 1-node plan, then the 1-node plan still wins', () => {
    const input = sourcingInput({
      nodes: [node('ALL', { km: 800 }), node('ONLY-A', { km: 1 }), node('ONLY-B', { km: 1 })],
      lines: twoLines,
      stock: { ALL: { A: 1, B: 1 }, 'ONLY-A': { A: 1 }, 'ONLY-B': { B: 1 } },
      splitPenalty: '0.00',
    });
    expect(sourceOrder(input).shipments).to.equal(2);
    const d = sourceOrder({ ...input, ruleSet: { id: 'min', version: 1, rules: [{ name: 'fewest', sort: ['cost'], splitPolicy: 'minimize', onShortfall: 'backorder' }] } });
    expect(d.shipments).to.equal(1);
  });

  it('given a search budget too small to prove optimality, when sourced, then the best plan found is returned marked bounded', () => {
    // Each node holds one of the three SKUs: every plan needs three shipments, so nothing is pruned up front.
    const nodes = Array.from({ length: 12 }, (_, i) => node(`N${i}`, { km: 1 + i * 3 }));
    const stock = Object.fromEntries(nodes.map((n, i) => [n.id, { A: i % 3 === 0 ? 1 : 0, B: i % 3 === 1 ? 1 : 0, C: i % 3 === 2 ? 1 : 0 }]));
    const lines = ['A', 'B', 'C'].map((sku, i) => ({ lineId: `L${i}`, sku, quantity: 1, weightGrams: 500 }));
    const exact = sourceOrder(sourcingInput({ nodes, stock, lines }));
    const bounded = sourceOrder({ ...sourcingInput({ nodes, stock, lines }), maxExpansions: 0 });
    expect(exact.rulesTried[0]!.search).to.equal('exact');
    expect(bounded.rulesTried[0]!.search).to.equal('bounded');
    expect(bounded.outcome).to.equal('sourced');
    expect(Number(bounded.totalCost.amount)).to.be.at.least(Number(exact.totalCost.amount));
  });

  it('given the same input twice, then the decision is identical and survives JSON', () => {
    const input = sourcingInput({ nodes: [node('N1', { km: 3 }), node('N2', { km: 4 })], lines: twoLines, stock: { N1: { A: 1 }, N2: { A: 1, B: 1 } } });
    const d = sourceOrder(input);
    expect(sourceOrder(input)).to.deep.equal(d);
    expect(JSON.parse(JSON.stringify(d))).to.deep.equal(d);
  });
});
