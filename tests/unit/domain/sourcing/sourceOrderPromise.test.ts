import { expect } from 'chai';
import { buildAvailabilityIndex } from '../../../../domain/promise/availability.js';
import { makeDeliveryEstimator } from '../../../../domain/promise/deliveryEstimator.js';
import { staticTransitModel } from '../../../../domain/promise/staticTransitModel.js';
import { sourceOrder } from '../../../../domain/sourcing/sourceOrder.js';
import { DEST, node, rule, ruleSet, sourcingInput } from './sourcingFixtures.js';

describe('sourceOrder — promise requirement', () => {
  // NEAR is cheap but slow (3 days of processing); FAST is farther but ships today.
  const nodes = [node('NEAR', { km: 5, processingHours: 72 }), node('FAST', { km: 60 })];
  const stock = { NEAR: { A: 2 }, FAST: { A: 2 } };
  const estimate = makeDeliveryEstimator({
    now: '2026-11-23T09:00:00+01:00', // Monday
    destination: DEST,
    channel: 'web',
    nodes,
    availability: buildAvailabilityIndex([
      { nodeId: 'NEAR', sku: 'A', available: 2 },
      { nodeId: 'FAST', sku: 'A', available: 2 },
    ]),
    carrierServices: [{ id: 'standard', handoverLocal: '18:00' }],
    transitModel: staticTransitModel(),
    service: 'standard',
  });

  it('given the estimator, when asked per node, then the slow node lands after the promised date', () => {
    expect(estimate(nodes[1]!, [{ sku: 'A', quantity: 1 }])).to.equal('2026-11-24');
    expect(estimate(nodes[0]!, [{ sku: 'A', quantity: 1 }])).to.equal('2026-11-27');
  });

  it('given a deliverBy the cheap node misses, when the policy is infeasible, then the cheap node is excluded as PROMISE_MISSED', () => {
    const d = sourceOrder(sourcingInput({ nodes, stock, promise: { deliverBy: '2026-11-25', estimate } }));
    expect(d.assignments.map((a) => a.node)).to.deep.equal(['FAST']);
    expect(d.excluded).to.deep.include({ node: 'NEAR', reason: 'PROMISE_MISSED', rule: 'cost-optimal', detail: '2026-11-27 is 2 day(s) late' });
    expect(d.candidates.find((c) => c.node === 'FAST')).to.include({ estimatedDelivery: '2026-11-24', daysLate: 0 });
  });

  it('given the penalise policy, when lateness costs less than the saving, then the late node is used and the penalty is itemised', () => {
    const cheapLate = ruleSet([rule()], { onPromiseMiss: 'penalise', latePenaltyPerDay: '0.10' });
    const d = sourceOrder(sourcingInput({ nodes, stock, promise: { deliverBy: '2026-11-25', estimate }, ruleSet: cheapLate }));
    expect(d.assignments.map((a) => a.node)).to.deep.equal(['NEAR']);
    expect(d.shipmentDetails[0]!.cost.latePenalty).to.equal('0.20');
    const dearLate = ruleSet([rule()], { onPromiseMiss: 'penalise', latePenaltyPerDay: '5.00' });
    expect(sourceOrder(sourcingInput({ nodes, stock, promise: { deliverBy: '2026-11-25', estimate }, ruleSet: dearLate })).assignments[0]!.node).to.equal('FAST');
  });

  it('given a node that cannot deliver at all, when sourced with a promise, then it is excluded before any rule', () => {
    const never = () => null;
    const d = sourceOrder(sourcingInput({ nodes, stock, promise: { deliverBy: '2026-11-25', estimate: never } }));
    expect(d.excluded.map((e) => [e.node, e.reason])).to.deep.equal([['NEAR', 'PROMISE_MISSED'], ['FAST', 'PROMISE_MISSED']]);
    expect(d.outcome).to.equal('backordered');
  });
});
