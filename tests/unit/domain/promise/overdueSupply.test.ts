import { expect } from 'chai';
import { withOverdueSupplyAt, type AvailabilityRow } from '../../../../domain/promise/index.js';

const NOW = '2026-03-05T12:00:00.000Z';

describe('domain/promise/overdueSupply', () => {
  it('given supply whose ETA passed without arriving, then it is dated as arriving now (not already in hand)', () => {
    const rows = [{ nodeId: 'dc-north', sku: 'MUG', available: 0, expected: [{ quantity: 4, eta: '2026-03-04T08:00:00.000Z' }, { quantity: 2, eta: '2026-03-07T08:00:00.000Z' }] }];
    expect(withOverdueSupplyAt(rows, NOW)).to.deep.equal([
      { nodeId: 'dc-north', sku: 'MUG', available: 0, expected: [{ quantity: 4, eta: NOW }, { quantity: 2, eta: '2026-03-07T08:00:00.000Z' }] },
    ]);
  });

  it('given no overdue supply, then the rows are returned as they are', () => {
    const row = { nodeId: 'dc-north', sku: 'MUG', available: 3, expected: [{ quantity: 2, eta: NOW }] };
    const bare: AvailabilityRow = { nodeId: 'dc-south', sku: 'MUG', available: 1 };
    const out = withOverdueSupplyAt<AvailabilityRow>([row, bare], NOW);
    expect(out[0]).to.equal(row);
    expect(out[1]).to.equal(bare);
  });
});
