import { expect } from 'chai';
import { computeAts, computeAtsBySku, protectedShare, protectionsOf } from '../../../../domain/availability/index.js';
import { NOW, inDays, node, position, view } from './fixtures.js';

const availableOf = (result: ReturnType<typeof computeAts>) => Object.fromEntries(result.byNode.map((r) => [r.node, r.available]));

describe('computeAts: per-node formula and totals', () => {
  const nodes = [node('a'), node('b'), node('c')];

  it('available per node = onHand − reserved − safetyStock; the total is the sum of the rows', () => {
    const result = computeAts(view(), nodes, [position('a', 10, { reserved: 3, safetyStock: 2 }), position('b', 4)], NOW);
    expect(result.byNode).to.deep.equal([
      { node: 'a', onHand: 10, reserved: 3, safetyStock: 2, inTransit: 0, onOrder: 0, protected: 0, available: 5 },
      { node: 'b', onHand: 4, reserved: 0, safetyStock: 0, inTransit: 0, onOrder: 0, protected: 0, available: 4 },
      { node: 'c', onHand: 0, reserved: 0, safetyStock: 0, inTransit: 0, onOrder: 0, protected: 0, available: 0 },
    ]);
    expect(result).to.include({ sku: 'SKU-1', view: 'web', viewVersion: 1, asOf: NOW, rawAvailable: 9, available: 9 });
  });

  it('clamps each node at 0 before summing, so a node in shortfall hides nothing elsewhere', () => {
    const result = computeAts(view(), nodes, [position('a', 2, { reserved: 5 }), position('b', 4)], NOW);
    expect(availableOf(result)).to.deep.equal({ a: 0, b: 4, c: 0 });
    expect(result.available).to.equal(4);
  });

  it('ignores positions of nodes it has no configuration for', () => {
    expect(computeAts(view(), [node('a')], [position('a', 1), position('ghost', 50)], NOW).available).to.equal(1);
  });

  it('stamps the view version it used', () => {
    expect(computeAts(view({}, 7), nodes, [position('a', 1)], NOW).viewVersion).to.equal(7);
  });
});

describe('computeAts: node selection', () => {
  const nodes = [
    node('dc-paris', { type: 'dc', capabilities: ['ship'] }),
    node('store-lyon', { region: 'ARA' }),
    node('store-berlin', { country: 'DE', region: 'BE', capabilities: ['pickup'] }),
  ];
  const positions = [position('dc-paris', 10), position('store-lyon', 3), position('store-berlin', 5)];
  const selected = (nodesSelector: Parameters<typeof view>[0]) => computeAts(view(nodesSelector), nodes, positions, NOW).byNode.map((r) => r.node);

  it('by node ids', () => expect(selected({ nodes: { nodeIds: ['store-lyon'] } })).to.deep.equal(['store-lyon']));
  it('by node types', () => expect(selected({ nodes: { nodeTypes: ['store'] } })).to.deep.equal(['store-berlin', 'store-lyon']));
  it('by countries', () => expect(selected({ nodes: { countries: ['DE'] } })).to.deep.equal(['store-berlin']));
  it('by regions', () => expect(selected({ nodes: { regions: ['ARA', 'IDF'] } })).to.deep.equal(['dc-paris', 'store-lyon']));
  it('by required capabilities (all of them)', () => expect(selected({ nodes: { capabilities: ['ship', 'pickup'] } })).to.deep.equal(['store-lyon']));
  it('combining criteria with AND', () => expect(selected({ nodes: { countries: ['FR'], nodeTypes: ['store'] } })).to.deep.equal(['store-lyon']));
  it('with exclusions winning over inclusions', () => expect(selected({ nodes: { nodeTypes: ['store'], excludeNodeIds: ['store-lyon'] } })).to.deep.equal(['store-berlin']));
  it('counting every node when the selector is empty', () => expect(computeAts(view(), nodes, positions, NOW).available).to.equal(18));
});

describe('computeAts: supply rules', () => {
  const nodes = [node('a')];
  const supplies = [
    { supplyId: 'TR-late', kind: 'transfer' as const, quantity: 4, eta: inDays(3) },
    { supplyId: 'TR-soon', kind: 'transfer' as const, quantity: 2, eta: inDays(1) },
    { supplyId: 'TR-overdue', kind: 'transfer' as const, quantity: 1, eta: inDays(-1) },
    { supplyId: 'PO-1', kind: 'purchase_order' as const, quantity: 20, eta: inDays(10) },
  ];
  const positions = [position('a', 5, { reserved: 1, supplies })];
  const row = (supply: Partial<ReturnType<typeof view>['supply']>) =>
    computeAts(view({ supply: { onHand: true, inTransitWithinDays: null, onOrderWithinDays: null, ...supply } }), nodes, positions, NOW).byNode[0]!;

  it('counts on-hand only by default', () => expect(row({})).to.include({ inTransit: 0, onOrder: 0, available: 4 }));
  it('counts transfers due within N days, overdue ones included', () => expect(row({ inTransitWithinDays: 2 })).to.include({ inTransit: 3, available: 7 }));
  it('counts a transfer due exactly at the horizon', () => expect(row({ inTransitWithinDays: 3 })).to.include({ inTransit: 7 }));
  it('with horizon 0 counts only what is already due', () => expect(row({ inTransitWithinDays: 0 })).to.include({ inTransit: 1 }));
  it('counts purchase orders only under the on-order rule', () => {
    expect(row({ onOrderWithinDays: 9 })).to.include({ onOrder: 0, inTransit: 0 });
    expect(row({ onOrderWithinDays: 10 })).to.include({ onOrder: 20, inTransit: 0, available: 24 });
  });
  it('can leave on-hand out (a pre-order view), reservations still netting against what it counts', () => {
    expect(row({ onHand: false, onOrderWithinDays: 30 })).to.include({ onHand: 5, onOrder: 20, available: 19 });
  });
});

describe('computeAts: safety stock policy', () => {
  const positions = [position('a', 10, { safetyStock: 3 }), position('b', 10)];
  const nodes = [node('a'), node('b')];

  it('uses node safety stock by default', () => expect(computeAts(view(), nodes, positions, NOW).available).to.equal(17));
  it('can ignore node safety stock', () =>
    expect(computeAts(view({ safetyStock: { useNodeSafetyStock: false, extraPerNode: 0 } }), nodes, positions, NOW).available).to.equal(20));
  it('adds the view-level extra at every node', () => {
    const result = computeAts(view({ safetyStock: { useNodeSafetyStock: true, extraPerNode: 2 } }), nodes, positions, NOW);
    expect(result.byNode.map((r) => r.safetyStock)).to.deep.equal([5, 2]);
    expect(result.available).to.equal(13);
  });
});

describe('computeAts: channel protection', () => {
  const nodes = [node('store-1'), node('dc-1', { type: 'dc' })];
  const positions = [position('store-1', 10), position('dc-1', 10)];
  const storeKeeps20 = { channel: 'store', percent: 20 };

  it('hides a percentage of on-hand kept for another channel (rounded up)', () => {
    const result = computeAts(view({ channelProtection: [{ channel: 'store', percent: 15 }] }), nodes, positions, NOW);
    expect(result.byNode.map((r) => r.protected)).to.deep.equal([2, 2]);
    expect(result.available).to.equal(16);
  });

  it('does not hide it from a view that serves the protected channel', () => {
    expect(computeAts(view({ channels: ['store', 'web'], channelProtection: [storeKeeps20] }), nodes, positions, NOW).available).to.equal(20);
  });

  it('keeps a fixed number of units, capped at on-hand', () => {
    const result = computeAts(view({ channelProtection: [{ channel: 'store', units: 12 }] }), nodes, [position('store-1', 10), position('dc-1', 15)], NOW);
    expect(result.byNode.map((r) => [r.node, r.protected, r.available])).to.deep.equal([['dc-1', 12, 3], ['store-1', 10, 0]]);
  });

  it('applies a rule only at the nodes it selects', () => {
    const result = computeAts(view({ channelProtection: [{ channel: 'store', units: 4, nodes: { nodeTypes: ['store'] } }] }), nodes, positions, NOW);
    expect(availableOf(result)).to.deep.equal({ 'dc-1': 10, 'store-1': 6 });
  });

  it('takes the largest rule per channel and sums across channels', () => {
    const rules = [{ channel: 'store', units: 1 }, { channel: 'store', units: 3 }, { channel: 'marketplace', percent: 10 }];
    expect(computeAts(view({ channelProtection: rules }), [node('a')], [position('a', 10)], NOW).byNode[0]).to.include({ protected: 4, available: 6 });
  });

  it('honours protections declared by other views when given the network-wide list', () => {
    const storeView = view({ name: 'store', channels: ['store'], channelProtection: [storeKeeps20] });
    const webView = view();
    const rules = protectionsOf([storeView, webView]);
    expect(computeAts(webView, nodes, positions, NOW).available).to.equal(20);
    expect(computeAts(webView, nodes, positions, NOW, { protections: rules }).available).to.equal(16);
    expect(computeAts(storeView, nodes, positions, NOW, { protections: rules }).available).to.equal(20);
  });

  it('computes percentages exactly in basis points', () => {
    expect(protectedShare({ channel: 'x', percent: 33.33 }, 300)).to.equal(100);
    expect(protectedShare({ channel: 'x', percent: 0.01 }, 1)).to.equal(1);
    expect(protectedShare({ channel: 'x', percent: 100 }, 7)).to.equal(7);
  });
});

describe('computeAts: display threshold', () => {
  const nodes = [node('a')];
  it('shows 0 below the minimum', () => {
    const result = computeAts(view({ threshold: { minimum: 3, cap: null } }), nodes, [position('a', 2)], NOW);
    expect(result).to.include({ rawAvailable: 2, available: 0 });
  });
  it('shows the total at or above the minimum', () =>
    expect(computeAts(view({ threshold: { minimum: 3, cap: null } }), nodes, [position('a', 3)], NOW).available).to.equal(3));
  it('caps the displayed quantity', () => {
    const result = computeAts(view({ threshold: { minimum: 0, cap: 50 } }), nodes, [position('a', 80)], NOW);
    expect(result).to.include({ rawAvailable: 80, available: 50 });
  });
});

describe('computeAts: node status and blocked channels', () => {
  const nodes = [node('open'), node('closed', { status: 'closed' }), node('no-web', { blockedChannels: ['web'] }), node('no-mkt', { blockedChannels: ['marketplace'] })];
  const positions = nodes.map((n) => position(n.id, 5));

  it('counts closed nodes and nodes blocked for a served channel as 0, saying why', () => {
    const result = computeAts(view(), nodes, positions, NOW);
    expect(result.byNode.map((r) => [r.node, r.available, r.excluded ?? null])).to.deep.equal([
      ['closed', 0, 'closed'], ['no-mkt', 5, null], ['no-web', 0, 'blocked'], ['open', 5, null],
    ]);
    expect(result.available).to.equal(10);
  });

  it('excludes a node blocked for any one of the channels a multi-channel view serves', () => {
    expect(computeAts(view({ channels: ['marketplace', 'web'] }), nodes, positions, NOW).available).to.equal(5);
  });

  it('can be told to ignore status and blocks', () => {
    expect(computeAts(view({ respectNodeStatus: false, respectBlockedChannels: false }), nodes, positions, NOW).available).to.equal(20);
  });
});

describe('computeAts: inputs', () => {
  it('requires one SKU: mixed positions throw unless a SKU is named', () => {
    const mixed = [position('a', 1), { ...position('a', 7), sku: 'SKU-2' }];
    expect(() => computeAts(view(), [node('a')], mixed, NOW)).to.throw(RangeError);
    expect(computeAts(view(), [node('a')], mixed, NOW, { sku: 'SKU-2' }).available).to.equal(7);
    expect(computeAtsBySku(view(), [node('a')], mixed, NOW).map((r) => [r.sku, r.available])).to.deep.equal([['SKU-1', 1], ['SKU-2', 7]]);
  });

  it('needs a SKU when there are no positions, and then shows 0', () => {
    expect(() => computeAts(view(), [node('a')], [], NOW)).to.throw(RangeError);
    expect(computeAts(view(), [node('a')], [], NOW, { sku: 'SKU-9' })).to.include({ sku: 'SKU-9', available: 0 });
  });

  it('uses the newest snapshot when a node appears twice', () => {
    expect(computeAts(view(), [node('a')], [position('a', 9, { version: 3 }), position('a', 1, { version: 2 })], NOW).available).to.equal(9);
  });

  it('rejects a now that is not an ISO instant', () => {
    expect(() => computeAts(view(), [node('a')], [position('a', 1)], 'now')).to.throw(RangeError);
  });
});
