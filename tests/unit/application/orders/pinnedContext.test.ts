import { expect } from 'chai';
import { pinnedContext } from '../../../../application/orders/pinnedContext.js';
import type { SourcingContext } from '../../../../application/orders/sourcingContext.js';
import { buildAvailabilityIndex } from '../../../../domain/promise/index.js';

const rows = [
  { nodeId: 'seller-a', sku: 'MUG', available: 5, expected: [] },
  { nodeId: 'seller-b', sku: 'MUG', available: 9, expected: [] },
  { nodeId: 'seller-b', sku: 'TEE', available: 2, expected: [] },
  { nodeId: 'seller-c', sku: 'TEE', available: 7, expected: [] },
];
const ctx: SourcingContext = { nodes: [], rows, availability: buildAvailabilityIndex(rows) };
const holders = (c: SourcingContext) => c.rows.map((r) => `${r.sku}@${r.nodeId}`).sort();

describe('pinned placement (marketplace: a line ships from its seller)', () => {
  it('given no pins, then the context is unchanged', () => {
    expect(pinnedContext(ctx, [{ sku: 'MUG', quantity: 1 }])).to.equal(ctx);
  });

  it('given a pinned line, then only the pinned node holds that SKU; other SKUs keep every holder', () => {
    const pinned = pinnedContext(ctx, [{ sku: 'MUG', quantity: 1, node: 'seller-a' }, { sku: 'TEE', quantity: 1 }]);
    expect(holders(pinned)).to.deep.equal(['MUG@seller-a', 'TEE@seller-b', 'TEE@seller-c']);
    // The availability index the optimiser and the promise read is rebuilt from the same rows.
    const index = buildAvailabilityIndex(pinned.rows);
    expect(pinned.availability).to.deep.equal(index);
  });

  it('given the same SKU pinned to two sellers on two lines, then both stay', () => {
    expect(holders(pinnedContext(ctx, [{ sku: 'MUG', quantity: 1, node: 'seller-a' }, { sku: 'MUG', quantity: 1, node: 'seller-b' }]))).to.deep.equal(['MUG@seller-a', 'MUG@seller-b', 'TEE@seller-b', 'TEE@seller-c']);
  });

  it('given the SKU also on an unpinned line, then every holder stays (that line may come from anywhere)', () => {
    expect(holders(pinnedContext(ctx, [{ sku: 'MUG', quantity: 1, node: 'seller-a' }, { sku: 'MUG', quantity: 2 }]))).to.have.length(4);
  });

  it('given a pin to a node without the SKU, then nobody holds it (placement answers OUT_OF_STOCK, never another seller)', () => {
    expect(holders(pinnedContext(ctx, [{ sku: 'TEE', quantity: 1, node: 'seller-a' }]))).to.deep.equal(['MUG@seller-a', 'MUG@seller-b']);
  });
});
