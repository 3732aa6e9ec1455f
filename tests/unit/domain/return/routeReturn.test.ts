import { expect } from 'chai';
import { routeReturn } from '../../../../domain/return/routeReturn.js';
import { LILLE, LYON, node, nodes, PARIS } from './fixtures.js';

const lines = [{ sku: 'SHIRT-1', quantity: 2 }];

describe('return routing: routeReturn', () => {
  it('routes to a node that needs the returned SKU rather than the node that shipped it', () => {
    const d = routeReturn({
      lines, nodes, customerLocation: PARIS, method: 'carrier_label', originNode: 'dc-paris',
      stockNeed: [{ nodeId: 'store-lyon', sku: 'SHIRT-1', quantity: 5 }],
    });
    expect(d.nodeId).to.equal('store-lyon');
    expect(d.explanation).to.contain('needs 2 of 2 returned unit(s) (SHIRT-1×2)').and.contain('not the shipping node dc-paris');
    const lyon = d.candidates.find((c) => c.nodeId === 'store-lyon')!;
    expect(lyon).to.include({ eligible: true, neededUnits: 2 });
    expect(d.candidates.find((c) => c.nodeId === 'dc-paris')!.reasons).to.include('shipped the order');
  });

  it('without stock need, the nearest node wins (proximity through transport cost)', () => {
    const d = routeReturn({ lines, nodes, customerLocation: { lat: 50.5, lng: 3.1 }, method: 'drop_off', originNode: 'dc-paris', stockNeed: [] });
    expect(d.nodeId).to.equal('dc-lille');
    const lille = d.candidates.find((c) => c.nodeId === 'dc-lille')!;
    const paris = d.candidates.find((c) => c.nodeId === 'dc-paris')!;
    expect(lille.distanceKm!).to.be.lessThan(paris.distanceKm!);
  });

  it('a far node needing stock loses when transport costs more than the stock is worth', () => {
    const d = routeReturn({
      lines, nodes, customerLocation: LILLE, method: 'carrier_label', stockNeed: [{ nodeId: 'store-lyon', sku: 'SHIRT-1', quantity: 1 }],
      costs: { needValuePerUnit: '1', transportCostPerKm: '0.05' },
    });
    expect(d.nodeId).to.equal('dc-lille');
  });

  it('handling cost per node shifts the choice', () => {
    const d = routeReturn({
      lines, nodes, customerLocation: PARIS, method: 'carrier_label', stockNeed: [],
      costs: { handlingCost: { 'dc-paris': '20' } },
    });
    expect(d.nodeId).to.equal('dc-lille');
  });

  it('excludes closed nodes, nodes without the returns capability and nodes blocked for the channel, saying why', () => {
    const d = routeReturn({
      lines, method: 'carrier_label', customerLocation: PARIS, stockNeed: [], channel: 'marketplace',
      nodes: [
        node('closed', { status: 'closed' }),
        node('no-returns', { capabilities: ['ship'] }),
        node('blocked', { blockedChannels: ['marketplace'] }),
        node('ok', { location: { ...LYON, country: 'FR', timezone: 'Europe/Paris' } }),
      ],
    });
    expect(d.nodeId).to.equal('ok');
    const reasons = Object.fromEntries(d.candidates.map((c) => [c.nodeId, c.reasons[0]]));
    expect(reasons).to.include({ closed: 'node is closed', 'no-returns': "node lacks the 'returns' capability", blocked: 'node is blocked for channel marketplace' });
  });

  it('in-store returns go to the store at the counter, whatever the stock need elsewhere', () => {
    const d = routeReturn({ lines, nodes, method: 'in_store', dropOffNodeId: 'store-lyon', stockNeed: [{ nodeId: 'dc-lille', sku: 'SHIRT-1', quantity: 9 }] });
    expect(d.nodeId).to.equal('store-lyon');
    expect(d.candidates.find((c) => c.nodeId === 'dc-lille')!.reasons[0]).to.contain('received by the store at the counter');
  });

  it('gives no node when none can receive (unknown store, nothing eligible)', () => {
    expect(routeReturn({ lines, nodes, method: 'in_store', dropOffNodeId: 'store-nowhere', stockNeed: [] })).to.include({ nodeId: null });
    const none = routeReturn({ lines, nodes: [node('x', { capabilities: ['ship'] })], method: 'carrier_label', stockNeed: [] });
    expect(none.nodeId).to.equal(null);
    expect(none.explanation).to.contain('no open node');
  });

  it('on a tie the shipping node is preferred, then the node id', () => {
    const twins = [node('b-node'), node('a-node'), node('origin')];
    expect(routeReturn({ lines, nodes: twins, method: 'carrier_label', stockNeed: [], originNode: 'origin' }).nodeId).to.equal('origin');
    expect(routeReturn({ lines, nodes: twins, method: 'carrier_label', stockNeed: [] }).nodeId).to.equal('a-node');
  });

  it('is JSON-safe (it travels inside ReturnRequested)', () => {
    const d = routeReturn({ lines, nodes, customerLocation: PARIS, method: 'carrier_label', stockNeed: [] });
    expect(JSON.parse(JSON.stringify(d))).to.deep.equal(d);
  });
});
