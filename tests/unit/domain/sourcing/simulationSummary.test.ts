import { expect } from 'chai';
import fc from 'fast-check';
import {
  deliveredOnTime, planChanged, promisedLeadDays, summarizeSimulation, type OrderComparison, type PlanFigures,
} from '../../../../domain/sourcing/simulationSummary.js';

const plan = (over: Partial<PlanFigures> = {}): PlanFigures => ({
  ruleSet: 'live@1',
  outcome: 'sourced',
  nodes: ['dc-a'],
  shipments: 1,
  distanceKm: 10,
  cost: { amount: '10.00', currency: 'EUR' },
  backorderedUnits: 0,
  promisedBy: '2026-03-05',
  ...over,
});

const row = (id: string, recorded: Partial<PlanFigures>, candidate: Partial<PlanFigures>, deliveredAt?: string): OrderComparison => ({
  orderId: id,
  placedAt: '2026-03-02T12:00:00.000Z',
  recorded: plan(recorded),
  candidate: plan({ ruleSet: 'cand@1', ...candidate }),
  ...(deliveredAt ? { deliveredAt } : {}),
});

describe('simulation summary — comparison maths', () => {
  it('promised lead is measured to the start of the promised UTC day, as promise-accuracy does', () => {
    expect(promisedLeadDays('2026-03-02T12:00:00.000Z', '2026-03-05')).to.equal(2.5);
    expect(promisedLeadDays('2026-03-02T00:00:00.000Z', '2026-03-02')).to.equal(0);
  });

  it('on time = delivered on or before the promised UTC calendar day', () => {
    expect(deliveredOnTime('2026-03-05T23:59:59.000Z', '2026-03-05')).to.equal(true);
    expect(deliveredOnTime('2026-03-06T00:00:00.000Z', '2026-03-05')).to.equal(false);
    expect(deliveredOnTime('2026-03-01T10:00:00.000Z', '2026-03-05')).to.equal(true);
  });

  it('aggregates split rate, distance, cost, lead and on-time for both sides with candidate − recorded deltas', () => {
    const rows = [
      row('o1', { nodes: ['dc-a', 'dc-b'], shipments: 2, distanceKm: 30, cost: { amount: '20.00', currency: 'EUR' }, promisedBy: '2026-03-04' },
        { nodes: ['dc-c'], distanceKm: 12, cost: { amount: '11.00', currency: 'EUR' }, promisedBy: '2026-03-06' }, '2026-03-05T10:00:00.000Z'),
      row('o2', {}, { distanceKm: 10 }, '2026-03-05T10:00:00.000Z'),
      row('o3', {}, { nodes: [], outcome: 'backordered', backorderedUnits: 2, distanceKm: 0, cost: { amount: '0.00', currency: 'EUR' }, promisedBy: null }),
    ];
    const s = summarizeSimulation(rows);
    expect(s.orders).to.equal(3);
    expect(s.changedOrders).to.equal(2);
    expect(s.delivered).to.equal(2);
    expect(s.recorded.splitRate).to.equal(0.3333);
    expect(s.candidate.splitRate).to.equal(0);
    expect(s.delta.splitRate).to.equal(-0.3333);
    expect(s.recorded.meanDistanceKm).to.equal(16.667);
    expect(s.candidate.meanDistanceKm).to.equal(7.333);
    expect(s.recorded.cost).to.deep.equal([{ currency: 'EUR', total: '40.00', mean: '13.33' }]);
    expect(s.candidate.cost).to.deep.equal([{ currency: 'EUR', total: '21.00', mean: '7.00' }]);
    expect(s.delta.cost).to.deep.equal([{ currency: 'EUR', total: '-19.00', mean: '-6.33' }]);
    expect(s.candidate.backorderedUnits).to.equal(2);
    // Recorded: leads 1.5, 2.5, 2.5; candidate: 3.5, 2.5 (o3 has no promise).
    expect(s.recorded.meanPromisedLeadDays).to.equal(2.17);
    expect(s.candidate.promised).to.equal(2);
    expect(s.candidate.meanPromisedLeadDays).to.equal(3);
    expect(s.delta.meanPromisedLeadDays).to.equal(0.83);
    // Delivered 03-05: recorded o1 promised 03-04 (late), o2 03-05 (on time); candidate both on time.
    expect(s.recorded.onTimeRate).to.equal(0.5);
    expect(s.candidate.onTimeRate).to.equal(1);
    expect(s.delta.onTimeRate).to.equal(0.5);
  });

  it('keeps costs of different currencies apart and reports n/a (null) where nothing was scored', () => {
    const s = summarizeSimulation([
      row('o1', {}, { cost: { amount: '12.00', currency: 'EUR' } }),
      row('o2', { cost: { amount: '5.00', currency: 'GBP' } }, { cost: { amount: '4.00', currency: 'GBP' } }),
    ]);
    expect(s.delta.cost).to.deep.equal([{ currency: 'EUR', total: '2.00', mean: '2.00' }, { currency: 'GBP', total: '-1.00', mean: '-1.00' }]);
    expect(s.recorded.onTimeRate).to.equal(null);
    expect(s.delta.onTimeRate).to.equal(null);
    expect(s.changedOrders).to.equal(0);
    expect(summarizeSimulation([]).recorded.splitRate).to.equal(0);
  });

  it('a candidate identical to the recorded plan shows zero deltas and no changed order (property)', () => {
    const planArb = fc.record({
      nodes: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 3 }).map((n) => [...n].sort()),
      shipments: fc.integer({ min: 1, max: 3 }),
      distanceKm: fc.integer({ min: 0, max: 2000 }),
      cents: fc.integer({ min: 0, max: 100_000 }),
      promisedBy: fc.option(fc.constantFrom('2026-03-03', '2026-03-05', '2026-03-09'), { nil: null }),
      delivered: fc.option(fc.constantFrom('2026-03-04T08:00:00.000Z', '2026-03-07T18:00:00.000Z'), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(planArb, { maxLength: 20 }), (plans) => {
        const rows = plans.map((p, i) => {
          const figures = { nodes: p.nodes, shipments: p.shipments, distanceKm: p.distanceKm, cost: { amount: (p.cents / 100).toFixed(2), currency: 'EUR' }, promisedBy: p.promisedBy };
          return row(`o${i}`, figures, figures, p.delivered);
        });
        const s = summarizeSimulation(rows);
        expect(s.changedOrders).to.equal(0);
        expect(s.delta.splitRate).to.equal(0);
        expect(s.delta.meanDistanceKm).to.equal(0);
        for (const c of s.delta.cost) expect(Number(c.total)).to.equal(0);
        expect(s.recorded).to.deep.equal(s.candidate);
        expect(s.recorded.splitRate).to.be.within(0, 1);
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('planChanged notices another node set or another outcome', () => {
    expect(planChanged(row('o', {}, {}))).to.equal(false);
    expect(planChanged(row('o', {}, { nodes: ['dc-b'] }))).to.equal(true);
    expect(planChanged(row('o', {}, { outcome: 'partial' }))).to.equal(true);
  });
});
