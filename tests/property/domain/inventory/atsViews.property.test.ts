import { expect } from 'chai';
import fc from 'fast-check';
import { computeAts, networkAvailability, type AtsView, type ChannelProtection } from '../../../../domain/availability/index.js';
import type { InventoryPosition } from '../../../../domain/inventory/index.js';
import type { FulfilmentNode } from '../../../../domain/network/index.js';

const NOW = '2025-03-01T10:00:00.000Z';
const DAY = 86_400_000;
const CHANNELS = ['web', 'store', 'marketplace'] as const;

const nodeArb = (id: string): fc.Arbitrary<FulfilmentNode> =>
  fc.record({
    type: fc.constantFrom('dc' as const, 'store' as const),
    status: fc.constantFrom('open' as const, 'open' as const, 'closed' as const),
    blocked: fc.subarray([...CHANNELS], { maxLength: 1 }),
  }).map(({ type, status, blocked }) => ({
    id, type, name: id, status, blockedChannels: blocked, version: 1,
    location: { lat: 0, lng: 0, country: 'FR', timezone: 'Europe/Paris' },
    capabilities: ['ship'], processingHours: 1, cutoffLocal: '12:00', calendar: { workingDays: [1], holidays: [] }, dailyCapacity: 1,
  }));

const positionArb = (nodeId: string): fc.Arbitrary<InventoryPosition> =>
  fc.record({
    onHand: fc.integer({ min: 0, max: 50 }),
    reserved: fc.integer({ min: 0, max: 60 }),
    safetyStock: fc.integer({ min: 0, max: 10 }),
    supplies: fc.array(fc.record({
      kind: fc.constantFrom('purchase_order' as const, 'transfer' as const),
      quantity: fc.integer({ min: 1, max: 30 }),
      etaDays: fc.integer({ min: -3, max: 20 }),
    }), { maxLength: 3 }),
  }).map(({ supplies, ...levels }) => ({
    nodeId, sku: 'SKU-1', version: 1, ...levels,
    supplies: supplies.map((s, i) => ({ supplyId: `s${i}`, kind: s.kind, quantity: s.quantity, eta: new Date(Date.parse(NOW) + s.etaDays * DAY).toISOString() })),
  }));

const protectionArb: fc.Arbitrary<ChannelProtection> = fc.oneof(
  fc.record({ channel: fc.constantFrom(...CHANNELS), units: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ channel: fc.constantFrom(...CHANNELS), percent: fc.integer({ min: 1, max: 10_000 }).map((bp) => bp / 100) }),
);

const viewArb: fc.Arbitrary<AtsView> = fc.record({
  channels: fc.subarray([...CHANNELS], { minLength: 1 }),
  onHand: fc.boolean(),
  inTransit: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
  onOrder: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
  useNode: fc.boolean(),
  extra: fc.integer({ min: 0, max: 5 }),
  protections: fc.array(protectionArb, { maxLength: 3 }),
  minimum: fc.integer({ min: 0, max: 20 }),
  cap: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  respectNodeStatus: fc.boolean(),
  respectBlockedChannels: fc.boolean(),
}).map((v) => ({
  name: 'v', version: 1, channels: v.channels, nodes: {},
  supply: { onHand: v.onHand, inTransitWithinDays: v.inTransit, onOrderWithinDays: v.onOrder },
  safetyStock: { useNodeSafetyStock: v.useNode, extraPerNode: v.extra },
  channelProtection: v.protections, threshold: { minimum: v.minimum, cap: v.cap },
  respectNodeStatus: v.respectNodeStatus, respectBlockedChannels: v.respectBlockedChannels,
}));

const ids = ['n0', 'n1', 'n2', 'n3'];
const networkArb = fc.tuple(fc.tuple(...ids.map(nodeArb)), fc.tuple(...ids.map(positionArb)));

describe('ATS view properties (fast-check)', () => {
  it('totals equal Σ per-node rows; displayed ATS respects threshold and cap; excluded nodes count 0', () => {
    fc.assert(fc.property(networkArb, viewArb, ([nodes, positions], view) => {
      const r = computeAts(view, nodes, positions, NOW);
      expect(r.rawAvailable).to.equal(r.byNode.reduce((t, row) => t + row.available, 0));
      expect(r.available).to.be.at.least(0).and.at.most(r.rawAvailable);
      if (view.threshold.cap !== null) expect(r.available).to.be.at.most(view.threshold.cap);
      if (r.rawAvailable < view.threshold.minimum) expect(r.available).to.equal(0);
      for (const row of r.byNode) {
        expect(row.available).to.be.at.least(0);
        expect(row.available).to.be.at.most((view.supply.onHand ? row.onHand : 0) + row.inTransit + row.onOrder);
        expect(row.protected).to.be.at.most(row.onHand);
        if (row.excluded) expect(row.available).to.equal(0);
      }
    }), { numRuns: 500, seed: 11 });
  });

  it('more protection or more safety stock never shows more; longer horizons never show less', () => {
    fc.assert(fc.property(networkArb, viewArb, protectionArb, fc.integer({ min: 1, max: 5 }), ([nodes, positions], view, extraRule, days) => {
      const base = computeAts(view, nodes, positions, NOW).rawAvailable;
      const protectedMore = { ...view, channelProtection: [...view.channelProtection, extraRule] };
      const saferMore = { ...view, safetyStock: { ...view.safetyStock, extraPerNode: view.safetyStock.extraPerNode + 1 } };
      const longer = {
        ...view,
        supply: {
          ...view.supply,
          inTransitWithinDays: view.supply.inTransitWithinDays === null ? null : view.supply.inTransitWithinDays + days,
          onOrderWithinDays: view.supply.onOrderWithinDays === null ? null : view.supply.onOrderWithinDays + days,
        },
      };
      expect(computeAts(protectedMore, nodes, positions, NOW).rawAvailable).to.be.at.most(base);
      expect(computeAts(saferMore, nodes, positions, NOW).rawAvailable).to.be.at.most(base);
      expect(computeAts(longer, nodes, positions, NOW).rawAvailable).to.be.at.least(base);
    }), { numRuns: 300, seed: 12 });
  });

  it('a rule-free view over every node shows exactly the network-wide available total', () => {
    fc.assert(fc.property(networkArb, ([nodes, positions]) => {
      const plain: AtsView = {
        name: 'all', version: 1, channels: ['web'], nodes: {},
        supply: { onHand: true, inTransitWithinDays: null, onOrderWithinDays: null },
        safetyStock: { useNodeSafetyStock: true, extraPerNode: 0 }, channelProtection: [],
        threshold: { minimum: 0, cap: null }, respectNodeStatus: false, respectBlockedChannels: false,
      };
      const [network] = networkAvailability(positions);
      expect(computeAts(plain, nodes, positions, NOW).available).to.equal(network!.available);
    }), { numRuns: 300, seed: 13 });
  });
});
