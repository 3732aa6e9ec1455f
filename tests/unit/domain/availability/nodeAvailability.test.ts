import { expect } from 'chai';
import { networkAvailability, nodeAvailability } from '../../../../domain/availability/index.js';
import { availableOf, inventoryDecider, positionFromState, type InventoryEvent } from '../../../../domain/inventory/index.js';
import { fold } from '../../../../domain/shared/decider.js';
import { inDays, position } from './fixtures.js';

describe('nodeAvailability', () => {
  it('gives per-(node, SKU) ATS = max(0, onHand − reserved − safetyStock) with open supply by kind', () => {
    const p = position('a', 10, {
      reserved: 4, safetyStock: 1,
      supplies: [
        { supplyId: 'PO', kind: 'purchase_order', quantity: 7, eta: inDays(9) },
        { supplyId: 'TR', kind: 'transfer', quantity: 2, eta: inDays(1) },
      ],
    });
    expect(nodeAvailability(p)).to.deep.equal({
      nodeId: 'a', sku: 'SKU-1', onHand: 10, reserved: 4, safetyStock: 1, available: 5, shortfall: 0, inTransit: 2, onOrder: 7,
    });
  });

  it('reports a shortfall and 0 available when reservations exceed on-hand', () => {
    expect(nodeAvailability(position('a', 2, { reserved: 5 }))).to.include({ available: 0, shortfall: 3 });
  });

  it('agrees with the number the inventory decider reserves against', () => {
    const key = { nodeId: 'a', sku: 'SKU-1' };
    const events: InventoryEvent[] = [
      { type: 'StockReceived', data: { ...key, quantity: 9, reference: 'g', onHand: 9 } },
      { type: 'SafetyStockSet', data: { ...key, quantity: 2, previous: 0 } },
      { type: 'StockReserved', data: { ...key, reservationId: 'r', orderId: 'o', lineId: 'l', quantity: 3, expiresAt: inDays(1) } },
    ];
    const state = fold(inventoryDecider, events);
    expect(nodeAvailability(positionFromState(state)!).available).to.equal(availableOf(state)).and.to.equal(4);
  });
});

describe('networkAvailability', () => {
  const positions = [
    position('b', 2, { reserved: 5 }),
    position('a', 10, { reserved: 1, safetyStock: 1 }),
    { ...position('a', 3), sku: 'SKU-0' },
  ];

  it('groups by SKU and sorts SKUs and nodes', () => {
    const result = networkAvailability(positions);
    expect(result.map((r) => [r.sku, r.byNode.map((n) => n.nodeId)])).to.deep.equal([['SKU-0', ['a']], ['SKU-1', ['a', 'b']]]);
  });

  it('makes every total the sum of its per-node rows (totals never disagree with locations)', () => {
    const sku1 = networkAvailability(positions)[1]!;
    expect(sku1).to.include({ onHand: 12, reserved: 6, safetyStock: 1, available: 8, shortfall: 3 });
    for (const k of ['onHand', 'reserved', 'safetyStock', 'available', 'shortfall', 'inTransit', 'onOrder'] as const) {
      expect(sku1[k], k).to.equal(sku1.byNode.reduce((t, r) => t + r[k], 0));
    }
  });

  it('does not let one node\'s shortfall hide another node\'s stock', () => {
    // Netting first (12 − 6 − 1 = 5) would under-report: node a alone can sell 8.
    expect(networkAvailability(positions)[1]!.available).to.equal(8);
  });
});
