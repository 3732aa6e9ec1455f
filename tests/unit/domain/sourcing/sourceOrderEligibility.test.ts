import { expect } from 'chai';
import { sourceOrder } from '../../../../domain/sourcing/sourceOrder.js';
import { node, rule, ruleSet, sourcingInput } from './sourcingFixtures.js';

describe('sourceOrder — eligibility and exclusions', () => {
  const network = [
    node('OK', { km: 20 }),
    node('CLOSED', { km: 1, status: 'closed' }),
    node('BLOCKED', { km: 1, blockedChannels: ['web'] }),
    node('NOSHIP', { km: 1, capabilities: ['pickup'] }),
    node('FAR', { km: 400 }),
    node('EMPTY', { km: 1 }),
    node('FULL', { km: 1 }),
    node('REJECTED', { km: 1 }),
  ];
  const stock = { OK: { A: 1 }, CLOSED: { A: 1 }, BLOCKED: { A: 1 }, NOSHIP: { A: 1 }, FAR: { A: 1 }, EMPTY: { A: 0 }, FULL: { A: 1 }, REJECTED: { A: 1 } };
  const decide = () =>
    sourceOrder(
      sourcingInput({
        nodes: network,
        stock,
        maxDistanceKm: 300,
        capacityLeft: { FULL: 0 },
        excludedNodes: [{ nodeId: 'REJECTED', reason: 'DAMAGED' }],
      }),
    );

  it('given ineligible nodes nearer than the only good one, when sourced, then the good one ships and each other node carries its reason', () => {
    const d = decide();
    expect(d.assignments.map((a) => a.node)).to.deep.equal(['OK']);
    expect(d.excluded.map((e) => [e.node, e.reason])).to.deep.equal([
      ['CLOSED', 'CLOSED'],
      ['BLOCKED', 'CHANNEL_BLOCKED'],
      ['NOSHIP', 'NO_CAPABILITY'],
      ['FAR', 'TOO_FAR'],
      ['EMPTY', 'NO_STOCK'],
      ['FULL', 'CAPACITY_FULL'],
      ['REJECTED', 'EXCLUDED_REJECTED'],
    ]);
    expect(d.excluded.find((e) => e.node === 'REJECTED')!.detail).to.equal('DAMAGED');
    expect(d.excludedCounts).to.deep.equal({ CLOSED: 1, CHANNEL_BLOCKED: 1, NO_CAPABILITY: 1, TOO_FAR: 1, NO_STOCK: 1, CAPACITY_FULL: 1, EXCLUDED_REJECTED: 1 });
  });

  it('given full explanation, then every candidate and every excluded node is named in it', () => {
    const d = decide();
    const text = d.explanation.join('\n');
    for (const n of network) expect(text, n.id).to.match(new RegExp(`(candidate|excluded) ${n.id}\\b`));
    expect(d.candidates.map((c) => c.node)).to.deep.equal(['OK']);
  });

  it('given summary explanation, then far and stock-less nodes are counted, the rest still listed', () => {
    const d = sourceOrder({ ...sourcingInput({ nodes: network, stock, maxDistanceKm: 300 }), explain: 'summary' });
    expect(d.explanation.join('\n')).to.contain('excluded 5 node(s): CLOSED 1, CHANNEL_BLOCKED 1, NO_CAPABILITY 1, TOO_FAR 1, NO_STOCK 1');
    expect(d.excluded.map((e) => e.node)).to.deep.equal(['CLOSED', 'BLOCKED', 'NOSHIP']);
    expect(d.excludedCounts).to.deep.equal({ CLOSED: 1, CHANNEL_BLOCKED: 1, NO_CAPABILITY: 1, TOO_FAR: 1, NO_STOCK: 1 });
    // Same choice as full mode would make: the nearest eligible nodes tie on cost, id decides.
    expect(d.assignments.map((a) => a.node)).to.deep.equal(['FULL']);
  });

  it('given a node type without a rate for the service, when sourced, then it is NO_CAPABILITY with the reason', () => {
    const d = sourceOrder(sourcingInput({ nodes: [node('LOCKER', { type: 'locker' })], stock: { LOCKER: { A: 1 } } }));
    expect(d.excluded).to.deep.equal([{ node: 'LOCKER', reason: 'NO_CAPABILITY', detail: 'no standard rate for locker' }]);
    expect(d.outcome).to.equal('backordered');
  });

  it('given a rule filter by node type and capacity, when sourced, then filtered nodes are reported with the rule name', () => {
    const nodes = [node('DC', { km: 1 }), node('STORE', { km: 5, type: 'store' }), node('BUSY', { km: 2, type: 'store' })];
    const d = sourceOrder(
      sourcingInput({
        nodes,
        stock: { DC: { A: 1 }, STORE: { A: 1 }, BUSY: { A: 1 } },
        capacityLeft: { BUSY: 1 },
        ruleSet: ruleSet([rule({ name: 'stores', filters: { nodeTypes: ['store'], minCapacityLeft: 2 } })]),
      }),
    );
    expect(d.assignments.map((a) => a.node)).to.deep.equal(['STORE']);
    expect(d.excluded).to.deep.include({ node: 'DC', reason: 'FILTERED_BY_RULE', rule: 'stores', detail: 'type dc not in store' });
    expect(d.excluded).to.deep.include({ node: 'BUSY', reason: 'FILTERED_BY_RULE', rule: 'stores', detail: 'capacity left 1 < 2' });
    expect(d.candidates.find((c) => c.node === 'DC')).to.include({ feasible: false, score: null });
    expect(d.candidates.find((c) => c.node === 'STORE')).to.include({ feasible: true, score: 1 });
  });

  it('given the rule set, when decided, then its id and version are stamped on the decision', () => {
    const d = decide();
    expect(d).to.include({ ruleSetId: 'rs-main', ruleSetVersion: 3, ruleApplied: 'cost-optimal' });
  });

  it('given an invalid rule set, when sourcing, then it is refused before deciding anything', () => {
    const bad = ruleSet([rule({ sort: ['cheapest' as 'cost'] })]);
    expect(() => sourceOrder(sourcingInput({ nodes: network, stock, ruleSet: bad }))).to.throw().with.property('code', 'INVALID_RULE_SET');
    expect(() => sourceOrder(sourcingInput({ nodes: network, stock, ruleSet: ruleSet([]) }))).to.throw().with.property('code', 'INVALID_RULE_SET');
  });

  it('given pickup, when the store holds the order, then it serves it with handling cost only', () => {
    const shop = node('SHOP', { type: 'store', km: 3 });
    const d = sourceOrder(sourcingInput({ nodes: [shop, node('DC', { km: 1 })], stock: { SHOP: { A: 1 }, DC: { A: 1 } }, deliveryMethod: 'pickup', pickupNodeId: 'SHOP' }));
    expect(d.assignments.map((a) => a.node)).to.deep.equal(['SHOP']);
    expect(d.totalCost.amount).to.equal('2.50');
    expect(d.candidates.map((c) => c.node)).to.deep.equal(['SHOP']);
  });

  it('given ship-to-store, when the store lacks stock, then a DC ships to the store at the DC → store distance', () => {
    const shop = node('SHOP', { type: 'store', km: 50 });
    const dc = node('DC', { km: 60 });
    const d = sourceOrder(sourcingInput({ nodes: [shop, dc], stock: { DC: { A: 1 } }, deliveryMethod: 'shipToStore', pickupNodeId: 'SHOP', destination: undefined }));
    expect(d.assignments.map((a) => a.node)).to.deep.equal(['DC']);
    expect(d.shipmentDetails[0]!.distanceKm).to.be.closeTo(10, 0.01);
  });
});
