import { expect } from 'chai';
import { haversineKm, roundKm } from '../../../../domain/geo/haversine.js';
import { buildAvailabilityIndex } from '../../../../domain/promise/availability.js';
import { sourceOrder } from '../../../../domain/sourcing/sourceOrder.js';
import type { SourcingInput } from '../../../../domain/sourcing/types.js';
import { generateNetwork, generateStock, prng } from './generatedNetwork.js';
import { rule, ruleSet } from './sourcingFixtures.js';

describe('sourceOrder — generated 3,000-node network', () => {
  const nodes = generateNetwork(3000, 11);
  const skus = Array.from({ length: 40 }, (_, i) => `SKU-${i}`);
  const availability = buildAvailabilityIndex(generateStock(nodes, skus, 0.3, 12));
  const input = (seed: number): SourcingInput => {
    const r = prng(seed);
    return {
      orderId: `ord-${seed}`,
      lines: Array.from({ length: 10 }, (_, i) => ({ lineId: `L${i}`, sku: skus[Math.floor(r() * skus.length)]!, quantity: 1 + Math.floor(r() * 2), weightGrams: 200 + Math.floor(r() * 1800) })),
      destination: { lat: 30 + r() * 15, lng: -118 + r() * 42, country: 'US' },
      channel: 'web',
      deliveryMethod: 'delivery',
      nodes,
      availability,
      rateCard: { currency: 'USD', services: { standard: { dc: { base: '6.00', perKg: '0.40', perKm: '0.004' }, store: { base: '7.50', perKg: '0.90', perKm: '0.010' } } } },
      handlingCost: { dc: '1.20', store: '3.00' },
      splitPenalty: '4.00',
      maxDistanceKm: 400,
      ruleSet: ruleSet([rule({ sort: ['cost', 'distance'] })]),
      explain: 'summary',
    };
  };

  for (const seed of [1, 2, 3]) {
    it(`given order ${seed}, when sourced with the grid prefilter, then candidates and exclusions match a brute-force scan exactly`, () => {
      const i = input(seed);
      const d = sourceOrder(i);
      const orderSkus = new Set(i.lines.map((l) => l.sku));
      const expected = nodes
        .filter((n) => n.status === 'open' && !n.blockedChannels.includes('web'))
        .filter((n) => roundKm(haversineKm(i.destination!, n.location)) <= 400)
        .filter((n) => [...orderSkus].some((s) => (availability.get(s)?.get(n.id)?.available ?? 0) > 0))
        .map((n) => n.id)
        .sort();
      expect(d.candidates.map((c) => c.node).sort()).to.deep.equal(expected);
      // Every node is accounted for exactly once: as a candidate, a listed or a counted exclusion.
      const counted = Object.values(d.excludedCounts).reduce((a, b) => a + b, 0);
      expect(d.candidates.length + counted).to.equal(nodes.length);
      const tooFar = nodes.filter((n) => roundKm(haversineKm(i.destination!, n.location)) > 400).length;
      expect(d.excludedCounts.TOO_FAR).to.equal(tooFar);
      // Full mode lists the very same nodes one by one.
      const full = sourceOrder({ ...i, explain: 'full' });
      expect(full.excluded).to.have.length(counted);
      expect(new Set([...full.candidates.map((c) => c.node), ...full.excluded.map((e) => e.node)]).size).to.equal(nodes.length);
      expect(full.excludedCounts).to.deep.equal(d.excludedCounts);
      expect(full.assignments).to.deep.equal(d.assignments);
    });

    it(`given order ${seed}, when the radius is applied by a rule filter instead of the prefilter, then the decision is the same`, () => {
      const i = input(seed);
      const prefiltered = sourceOrder(i);
      const unfiltered = sourceOrder({ ...i, maxDistanceKm: undefined, ruleSet: ruleSet([rule({ sort: ['cost', 'distance'], filters: { maxDistanceKm: 400 } })]) });
      expect(unfiltered.assignments).to.deep.equal(prefiltered.assignments);
      expect(unfiltered.totalCost).to.deep.equal(prefiltered.totalCost);
      expect(unfiltered.backordered).to.deep.equal(prefiltered.backordered);
    });
  }

  it('given a sourced order, then no single in-range node that holds everything would have been cheaper', () => {
    for (const seed of [4, 5, 6, 7]) {
      const d = sourceOrder({ ...input(seed), lines: input(seed).lines.slice(0, 3) });
      if (d.outcome !== 'sourced') continue;
      const singles = d.candidates.filter((c) => c.servesAll).map((c) => Number(c.cost.total));
      if (singles.length > 0) expect(Number(d.totalCost.amount)).to.be.at.most(Math.min(...singles));
    }
  });
});
