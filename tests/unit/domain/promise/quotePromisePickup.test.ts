import { expect } from 'chai';
import { quotePromise } from '../../../../domain/promise/quotePromise.js';
import type { PickupOption, PromiseQuote, ShipToStoreOption } from '../../../../domain/promise/types.js';
import { PARIS, node, promiseInput, stock, store } from './promiseFixtures.js';

const pickup = (q: PromiseQuote): PickupOption[] => q.options.filter((o): o is PickupOption => o.method === 'pickup');
const shipToStore = (q: PromiseQuote): ShipToStoreOption | undefined => q.options.find((o): o is ShipToStoreOption => o.method === 'shipToStore');

describe('quotePromise — pickup and ship-to-store', () => {
  // Mon–Sat 10:00–19:00, 1 h processing, cut-off 18:00.
  const shop = store('PAR-ST1', { location: { ...PARIS, lat: 48.8606, lng: 2.3376 } });
  const input = (over: Parameters<typeof promiseInput>[0]) =>
    promiseInput({ pickupNodeId: 'PAR-ST1', deliveryMethods: ['pickup'], ...over });

  it('given an order during opening hours, when quoted, then it is ready after processing the same day', () => {
    const [o] = pickup(quotePromise(input({ nodes: [shop], now: '2026-11-28T11:15:00+01:00' })));
    expect(o!.node).to.equal('PAR-ST1');
    expect(o!.readyBy).to.equal('2026-11-28T12:15:00+01:00');
  });

  it('given an order before opening, when quoted, then processing starts at opening', () => {
    const [o] = pickup(quotePromise(input({ nodes: [shop], now: '2026-11-28T07:00:00+01:00' })));
    expect(o!.readyBy).to.equal('2026-11-28T11:00:00+01:00');
  });

  it('given processing that runs past closing, when quoted, then the rest is done at the next opening (Sunday closed)', () => {
    const lateCutoff = store('PAR-ST1', { location: PARIS, cutoffLocal: '19:00' });
    const [o] = pickup(quotePromise(input({ nodes: [lateCutoff], now: '2026-11-28T18:30:00+01:00' })));
    // 30 min on Saturday, 30 min on Monday from 10:00.
    expect(o!.readyBy).to.equal('2026-11-30T10:30:00+01:00');
  });

  it('given an order completed after closing, when quoted, then it is ready at the next opening', () => {
    const instant = store('PAR-ST1', { location: PARIS, processingHours: 0, cutoffLocal: '22:00' });
    const [o] = pickup(quotePromise(input({ nodes: [instant], now: '2026-11-27T20:30:00+01:00' })));
    expect(o!.readyBy).to.equal('2026-11-28T10:00:00+01:00');
    expect(o!.explanation.join('\n')).to.contain('outside opening hours → ready at next opening 2026-11-28T10:00:00+01:00');
  });

  it('given an order after the store cut-off, when quoted, then processing starts the next working day', () => {
    const [o] = pickup(quotePromise(input({ nodes: [shop], now: '2026-11-27T18:05:00+01:00' })));
    expect(o!.readyBy).to.equal('2026-11-28T11:00:00+01:00');
  });

  it('given the store lacks stock, when quoted, then pickup is unavailable with NO_STOCK', () => {
    const q = quotePromise(input({ nodes: [shop], stockRows: [stock('PAR-ST1', 'SKU-1', 0)] }));
    expect(pickup(q)).to.have.length(0);
    expect(q.unavailable).to.deep.include({ method: 'pickup', node: 'PAR-ST1', reason: 'NO_STOCK', detail: 'PAR-ST1 cannot cover the cart, even with expected supply' });
  });

  it('given an unknown or closed pickup store, when quoted, then the reason is reported', () => {
    expect(quotePromise(input({ nodes: [shop], pickupNodeId: 'NOPE' })).unavailable[0]!.reason).to.equal('UNKNOWN_NODE');
    const closed = store('PAR-ST1', { status: 'closed' });
    expect(quotePromise(input({ nodes: [closed] })).unavailable[0]!.reason).to.equal('CLOSED');
  });

  it('given no chosen store, when quoted with a destination, then the nearest stocked pickup stores are offered, earliest first', () => {
    const near = store('NEAR', { location: { ...PARIS, lat: 48.857, lng: 2.353 } });
    const empty = store('EMPTY', { location: { ...PARIS, lat: 48.8567, lng: 2.3523 } });
    const far = store('FAR', { location: { ...PARIS, lat: 49.9, lng: 2.3 } });
    const q = quotePromise(
      promiseInput({
        nodes: [near, empty, far],
        deliveryMethods: ['pickup'],
        destination: { lat: PARIS.lat, lng: PARIS.lng, country: 'FR' },
        now: '2026-11-28T11:00:00+01:00',
        stockRows: [stock('NEAR', 'SKU-1', 1), stock('FAR', 'SKU-1', 1)],
      }),
    );
    expect(pickup(q).map((o) => o.node)).to.deep.equal(['NEAR']);
    expect(q.unavailable.map((u) => u.node)).to.deep.equal(['EMPTY']);
  });

  it('given a store without stock and a stocked DC, when ship-to-store is quoted, then it is ready after transit plus receiving in opening hours', () => {
    const dc = node('PAR-DC', { location: { ...PARIS, lat: 48.9, lng: 2.4 } });
    const q = quotePromise(
      promiseInput({
        nodes: [shop, dc],
        pickupNodeId: 'PAR-ST1',
        deliveryMethods: ['pickup', 'shipToStore'],
        now: '2026-11-26T10:00:00+01:00',
        stockRows: [stock('PAR-DC', 'SKU-1', 4)],
      }),
    );
    expect(pickup(q)).to.have.length(0);
    const o = shipToStore(q)!;
    expect(o).to.include({ shipFrom: 'PAR-DC', pickupNode: 'PAR-ST1', service: 'standard', arrivesOn: '2026-11-27' });
    expect(o.shipBy).to.equal('2026-11-26T18:00:00+01:00');
    // Booked in at 10:00 opening + 2 h receiving.
    expect(o.readyBy).to.equal('2026-11-27T12:00:00+01:00');
    expect(o.explanation.length).to.be.greaterThan(3);
  });
});
