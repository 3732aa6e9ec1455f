import { expect } from 'chai';
import { sourceOrder } from '../../../../domain/sourcing/sourceOrder.js';
import type { ShortfallAction } from '../../../../domain/sourcing/types.js';
import { node, rule, ruleSet, sourcingInput } from './sourcingFixtures.js';

describe('sourceOrder — rules and shortfall actions', () => {
  // Stores hold 2 of the 3 units; the DC holds everything.
  const nodes = [node('STORE-1', { type: 'store', km: 2 }), node('DC', { km: 30 })];
  const stock = { 'STORE-1': { A: 2 }, DC: { A: 10 } };
  const lines = [{ lineId: 'L1', sku: 'A', quantity: 3, weightGrams: 500 }];
  const withAction = (onShortfall: ShortfallAction) =>
    sourceOrder(
      sourcingInput({
        nodes,
        stock,
        lines,
        ruleSet: ruleSet([
          rule({ name: 'stores-first', filters: { nodeTypes: ['store'] }, onShortfall, queue: 'wait-for-stores' }),
          rule({ name: 'dc-fallback', filters: { nodeTypes: ['dc'] } }),
        ]),
      }),
    );

  it('given allocatePartial, when stores fall short, then stores keep what they have and the next rule sources the rest', () => {
    const d = withAction('allocatePartial');
    expect(d.assignments).to.deep.equal([
      { lineId: 'L1', sku: 'A', node: 'DC', quantity: 1, rule: 'dc-fallback' },
      { lineId: 'L1', sku: 'A', node: 'STORE-1', quantity: 2, rule: 'stores-first' },
    ]);
    expect(d.outcome).to.equal('sourced');
    expect(d.rulesTried.map((t) => [t.rule, t.action])).to.deep.equal([['stores-first', 'allocatePartial'], ['dc-fallback', 'complete']]);
    expect(d.shipments).to.equal(2);
  });

  it('given nextRule, when stores fall short, then the whole order moves to the next rule', () => {
    const d = withAction('nextRule');
    expect(d.assignments).to.deep.equal([{ lineId: 'L1', sku: 'A', node: 'DC', quantity: 3, rule: 'dc-fallback' }]);
    expect(d.ruleApplied).to.equal('dc-fallback');
  });

  it('given backorder, when stores fall short, then stores ship what they have and the rest is backordered without trying more rules', () => {
    const d = withAction('backorder');
    expect(d.assignments).to.deep.equal([{ lineId: 'L1', sku: 'A', node: 'STORE-1', quantity: 2, rule: 'stores-first' }]);
    expect(d.backordered).to.deep.equal([{ lineId: 'L1', sku: 'A', qty: 1 }]);
    expect(d.outcome).to.equal('partial');
    expect(d.rulesTried).to.have.length(1);
  });

  it('given queue, when stores fall short, then nothing is allocated and the order waits in the named queue', () => {
    const d = withAction('queue');
    expect(d).to.include({ outcome: 'queued', queue: 'wait-for-stores' });
    expect(d.assignments).to.have.length(0);
    expect(d.backordered).to.have.length(0);
    expect(d.queued).to.deep.equal([{ lineId: 'L1', sku: 'A', qty: 3 }]);
  });

  it('given nextRule on the last rule, when it falls short, then the remainder is backordered', () => {
    const d = sourceOrder(sourcingInput({ nodes, stock: { 'STORE-1': { A: 2 } }, lines, ruleSet: ruleSet([rule({ onShortfall: 'nextRule' })]) }));
    expect(d.backordered).to.deep.equal([{ lineId: 'L1', sku: 'A', qty: 3 }]);
    expect(d.outcome).to.equal('backordered');
  });

  it('given a priority walk rule, when sourced, then nodes are used in the rule set priority order, not by cost', () => {
    const many = [node('CHEAP', { km: 1 }), node('PREFERRED', { km: 80 })];
    const d = sourceOrder(
      sourcingInput({
        nodes: many,
        stock: { CHEAP: { A: 5 }, PREFERRED: { A: 5 } },
        ruleSet: ruleSet([rule({ name: 'priority', sort: ['priority'], splitPolicy: 'allowed' })], { nodePriority: { PREFERRED: 1, CHEAP: 2 } }),
      }),
    );
    expect(d.assignments.map((a) => a.node)).to.deep.equal(['PREFERRED']);
    expect(d.rulesTried[0]!.search).to.equal('sequence');
  });

  it('given a highest-stock rule (Saleor PRIORITIZE_HIGH_STOCK), when sourced, then the node with most stock ships', () => {
    const d = sourceOrder(
      sourcingInput({
        nodes: [node('LOW', { km: 1 }), node('HIGH', { km: 50 })],
        stock: { LOW: { A: 1 }, HIGH: { A: 9 } },
        ruleSet: ruleSet([rule({ name: 'balance', sort: ['stockDesc'], splitPolicy: 'none' })]),
      }),
    );
    expect(d.assignments.map((a) => a.node)).to.deep.equal(['HIGH']);
  });

  it('given splitPolicy none, when no node holds everything, then the best single node ships what it can and the rest follows the action', () => {
    const d = sourceOrder(
      sourcingInput({
        nodes: [node('N1', { km: 1 }), node('N2', { km: 2 })],
        stock: { N1: { A: 1 }, N2: { B: 1 } },
        lines: [
          { lineId: 'L1', sku: 'A', quantity: 1, weightGrams: 100 },
          { lineId: 'L2', sku: 'B', quantity: 1, weightGrams: 100 },
        ],
        ruleSet: ruleSet([rule({ splitPolicy: 'none', onShortfall: 'backorder' })]),
      }),
    );
    expect(d.shipments).to.equal(1);
    expect(d.backordered).to.have.length(1);
  });
});
