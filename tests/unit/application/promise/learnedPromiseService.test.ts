import { expect } from 'chai';
import { createLearnedPromiseService } from '../../../../application/promise/learnedPromiseService.js';
import type { EventStore } from '../../../../infrastructure/eventstore/eventStore.js';
import { openSqliteEventStore } from '../../../../infrastructure/eventstore/sqlite/sqliteEventStore.js';

const DAY = 86_400_000;
const T0 = Date.parse('2017-03-01T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const DEST = { lat: -22.9, lng: -43.2, country: 'BR', region: 'RJ' };

/** One order's life: placed at `at`, handed over after `handling` days, delivered `transit` days later. */
const order = async (store: EventStore, id: string, at: number, handling: number, transit: number | null) => {
  const stream = `order-${id}`;
  await store.append(stream, [{ id: crypto.randomUUID(), type: 'OrderPlaced', data: { orderId: id, deliveryMethod: 'standard', destination: DEST, lines: [{ lineId: '1', quantity: 1, proposedNode: 'seller-1' }], placedAt: iso(at) }, metadata: { now: iso(at) } }], { expectedRevision: 'no_stream' });
  const shipped = at + handling * DAY;
  await store.append(stream, [{ id: crypto.randomUUID(), type: 'OrderShipmentShipped', data: { shipmentId: `s-${id}`, node: 'seller-1', shippedAt: iso(shipped), lines: [{ lineId: '1', quantity: 1 }] }, metadata: { now: iso(shipped) } }], { expectedRevision: 0n });
  if (transit === null) return;
  const delivered = shipped + transit * DAY;
  await store.append(stream, [{ id: crypto.randomUUID(), type: 'OrderShipmentDelivered', data: { shipmentId: `s-${id}`, deliveredAt: iso(delivered), moves: [{ lineId: '1', quantity: 1, from: { stage: 'shipped', node: 'seller-1' }, to: { stage: 'delivered', node: 'seller-1' } }] }, metadata: { now: iso(delivered) } }], { expectedRevision: 1n });
};

const daysTo = (date: string, from: number) => (Date.parse(`${date}T00:00:00.000Z`) - from) / DAY;

describe('learned promise service: online quotes from the order events as appended', () => {
  let store: EventStore;
  beforeEach(async () => {
    store = openSqliteEventStore({ path: ':memory:' });
    await store.append('node-seller-1', [{ id: crypto.randomUUID(), type: 'NodeRegistered', data: { nodeId: 'seller-1', node: { location: { lat: -23.5, lng: -46.6, country: 'BR', region: 'SP', timezone: 'America/Sao_Paulo' } }, version: 1 }, metadata: { now: iso(T0 - DAY) } }], { expectedRevision: 'no_stream' });
  });
  afterEach(() => store.close());

  it('given no history, then it knows nothing and says so (null: the engine date stands)', async () => {
    const service = createLearnedPromiseService(store);
    await service.catchUp();
    expect(service.promiser.quoteDelivery({ now: iso(T0), service: 'standard', destination: DEST, nodeIds: ['seller-1'] })).to.equal(null);
  });

  it('given a history of 1-day handling and 3-day transit, then a new order is promised about 4 days out', async () => {
    for (let i = 0; i < 60; i++) await order(store, `o${i}`, T0 + i * 6 * 3_600_000, 1, 3);
    const service = createLearnedPromiseService(store);
    await service.catchUp();
    const now = T0 + 30 * DAY;
    const q = service.promiser.quoteDelivery({ now: iso(now), service: 'standard', destination: DEST, nodeIds: ['seller-1'] })!;
    expect(q).to.not.equal(null);
    expect(daysTo(q.deliverBy, now)).to.be.within(3, 6);
    expect(q.handlingDays).to.be.within(0.5, 2);
    expect(q.transitDays).to.be.within(2, 4.5);
    // The ship-by is the learned hand-over at the same quantile: about a day after the order.
    expect((Date.parse(q.shipBy) - now) / DAY).to.be.within(0.5, 2);
  });

  it('is online: deliveries appended after the last catch-up are not used until the learner has applied them', async () => {
    for (let i = 0; i < 60; i++) await order(store, `o${i}`, T0 + i * 6 * 3_600_000, 1, 3);
    const service = createLearnedPromiseService(store);
    await service.catchUp();
    const now = T0 + 40 * DAY;
    const ask = () => service.promiser.quoteDelivery({ now: iso(now), service: 'standard', destination: DEST, nodeIds: ['seller-1'] })!.deliverBy;
    const before = ask();
    // The lane slows down badly: 80 more orders taking 12 days in transit.
    for (let i = 0; i < 80; i++) await order(store, `slow${i}`, T0 + 16 * DAY + i * 3 * 3_600_000, 1, 12);
    expect(ask()).to.equal(before);
    await service.catchUp();
    expect(ask() > before).to.equal(true);
    expect(service.position()).to.equal(await store.headPosition());
  });

  it('quotes at one instant reuse the learner advanced to it, and answer as a fresh learner would at any instant', async () => {
    for (let i = 0; i < 60; i++) await order(store, `o${i}`, T0 + i * 6 * 3_600_000, 1, i % 3 === 0 ? null : 3 + (i % 4));
    const service = createLearnedPromiseService(store);
    await service.catchUp();
    const ask = (s: typeof service, at: number) => s.promiser.quoteDelivery({ now: iso(at), service: 'standard', destination: DEST, nodeIds: ['seller-1'] });
    // Far enough out that advancing abandons the never-delivered parcels and sweeps expired promises.
    const instants = [T0 + 20 * DAY, T0 + 95 * DAY, T0 + 20 * DAY, T0 + 95 * DAY, T0 + 95 * DAY + 1];
    const answers = instants.map((at) => ask(service, at));
    for (const [i, at] of instants.entries()) {
      const fresh = createLearnedPromiseService(store);
      await fresh.catchUp();
      expect(answers[i], `quote ${i}`).to.deep.equal(ask(fresh, at));
    }
    expect(answers[1]).to.not.equal(null);
  });
});
