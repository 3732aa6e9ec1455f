import { expect } from 'chai';
import request from 'supertest';
import { startTestOms, type TestOms } from '../../support/testOms.js';
import { key, NODE, settle, SKU } from '../../support/inventoryScenario.js';

const DAY = 86_400_000;

describe('api/inventory: available-to-sell', () => {
  let t: TestOms;
  let nowMs = Date.parse('2025-09-01T09:00:00.000Z');
  before(async () => {
    t = await startTestOms({}, { clock: () => new Date(nowMs) });
    await request(t.app).post('/network/nodes').send(NODE('dc-1', { capabilities: ['ship'] })).expect(201);
    await request(t.app).post('/network/nodes').send(NODE('store-1', { type: 'store', capabilities: ['pickup'] })).expect(201);
    for (const sku of ['A', 'B', 'EMPTY']) await request(t.app).put(`/catalog/skus/${sku}`).send(SKU(sku)).expect(201);
    await request(t.app).put('/availability-views/online').send({ channels: ['web'], supply: { inTransitWithinDays: 2 } }).expect(201);
    await request(t.app).put('/availability-views/pickup').send({ channels: ['pickup'], nodes: { capabilities: ['pickup'] }, safetyStock: { extraPerNode: 1 } }).expect(201);
  });
  after(async () => t.close());

  const post = (path: string, body: object) => request(t.app).post(path).set('Idempotency-Key', key()).send(body);
  const ats = async (query: string) => (await request(t.app).get(`/availability?${query}`).expect(200)).body;

  it('answers per SKU with the view, the total and the per-node breakdown, in the order asked', async () => {
    await post('/inventory/receipts', { node: 'dc-1', sku: 'A', quantity: 30, reference: 'g1' }).expect(201);
    await post('/inventory/receipts', { node: 'store-1', sku: 'A', quantity: 5, reference: 'g2' }).expect(201);
    const last = await post('/inventory/receipts', { node: 'dc-1', sku: 'B', quantity: 7, reference: 'g3' }).expect(201);
    // Read-your-writes: minPosition waits for the projection instead of the caller polling.
    const body = await ats(`sku=B&sku=A&sku=EMPTY&view=online&minPosition=${last.body.position}`);
    expect(body.map((r: { sku: string }) => r.sku)).to.deep.equal(['B', 'A', 'EMPTY']);
    const [b, a, empty] = body;
    expect(b).to.include({ sku: 'B', view: 'online', viewVersion: 1, available: 7 });
    expect(a.available).to.equal(35);
    expect(a.byNode.map((n: { node: string; onHand: number; available: number }) => [n.node, n.onHand, n.available])).to.deep.equal([['dc-1', 30, 30], ['store-1', 5, 5]]);
    expect(empty).to.include({ sku: 'EMPTY', available: 0 });
    expect(empty.byNode).to.have.length(2);
    const pickup = await ats('sku=A&view=pickup');
    expect(pickup[0]).to.include({ available: 4 });
    expect(pickup[0].byNode.map((n: { node: string }) => n.node)).to.deep.equal(['store-1']);
  });

  it('follows reservations, node status and view changes (each an event the projection applies)', async () => {
    await post('/inventory/reservations', { node: 'dc-1', sku: 'A', quantity: 10, orderId: 'o-9', lineId: 'l-1', ttlSeconds: 3600 }).expect(201);
    await settle(t.oms);
    expect((await ats('sku=A'))[0].available).to.equal(25);
    await request(t.app).put('/network/nodes/store-1/status').send({ status: 'closed' }).expect(200);
    await settle(t.oms);
    const closed = (await ats('sku=A'))[0];
    expect(closed.available).to.equal(20);
    expect(closed.byNode.find((n: { node: string }) => n.node === 'store-1')).to.include({ excluded: 'closed', available: 0 });
    const changed = await request(t.app).put('/availability-views/online').set('Idempotency-Key', key())
      .send({ channels: ['web'], supply: { inTransitWithinDays: 2 }, threshold: { cap: 12 } }).expect(200);
    expect(changed.body.version).to.equal(2);
    await settle(t.oms);
    expect((await ats('sku=A'))[0]).to.include({ viewVersion: 2, available: 12, rawAvailable: 20 });
  });

  it('excludes a node blocked for a channel the view serves, and counts it again once unblocked (each a versioned node event)', async () => {
    const blocked = await request(t.app).put('/network/nodes/dc-1/blocked-channels/web').send({ blocked: true }).expect(200);
    expect(blocked.body.blockedChannels).to.deep.equal(['web']);
    const version = blocked.body.version as number;
    await settle(t.oms);
    const [a] = await ats('sku=A');
    expect(a.byNode.find((n: { node: string }) => n.node === 'dc-1')).to.include({ excluded: 'blocked', available: 0 });
    expect(a.available).to.equal(0); // store-1 was closed above: nothing left for the web
    const unblocked = await request(t.app).put('/network/nodes/dc-1/blocked-channels/web').send({ blocked: false }).expect(200);
    expect(unblocked.body).to.include({ version: version + 1 });
    await settle(t.oms);
    expect((await ats('sku=A'))[0].byNode.find((n: { node: string }) => n.node === 'dc-1')).to.include({ available: 20 }).and.not.have.property('excluded');
  });

  it('counts a transfer once its ETA enters the view\'s horizon, with no event needed', async () => {
    const eta = new Date(nowMs + 3 * DAY).toISOString();
    await post('/inventory/supply', { node: 'dc-1', sku: 'B', supplyId: 'TR-1', kind: 'transfer', quantity: 6, eta }).expect(201);
    await settle(t.oms);
    expect((await ats('sku=B'))[0].byNode[0]).to.include({ inTransit: 0, available: 7 });
    nowMs += DAY + 60_000; // now the ETA is within 2 days
    const later = (await ats('sku=B'))[0];
    expect(later.byNode[0]).to.include({ inTransit: 6, available: 13 });
    expect(later.asOf).to.equal(new Date(nowMs).toISOString());
  });

  it('shows network-wide visibility per SKU: on hand, reserved, in transit, on order, available per node', async () => {
    await settle(t.oms);
    const res = await request(t.app).get('/inventory/A').expect(200);
    expect(res.body).to.include({ sku: 'A', onHand: 35, reserved: 10, available: 25 });
    expect(res.body.byNode.map((n: { node: string }) => n.node)).to.deep.equal(['dc-1', 'store-1']);
    expect(res.body.byNode[0]).to.include({ node: 'dc-1', onHand: 30, reserved: 10, inTransit: 0, onOrder: 0, available: 20 });
    const none = await request(t.app).get('/inventory/EMPTY').expect(200);
    expect(none.body).to.include({ onHand: 0, available: 0 });
  });

  it('answers unknown SKUs and views with 404 and malformed queries with 400', async () => {
    const sku = await request(t.app).get('/availability?sku=A&sku=NOPE').expect(404);
    expect(sku.body).to.include({ code: 'SKU_NOT_FOUND' });
    expect(sku.body.skus).to.deep.equal(['NOPE']);
    expect((await request(t.app).get('/availability?sku=A&view=nope').expect(404)).body.code).to.equal('ATS_VIEW_NOT_FOUND');
    expect((await request(t.app).get('/availability').expect(400)).body.errors[0].field).to.equal('sku');
    expect((await request(t.app).get('/availability?sku=a~b').expect(400)).body.errors[0].field).to.equal('sku');
    expect((await request(t.app).get('/inventory/NOPE').expect(404)).body.code).to.equal('SKU_NOT_FOUND');
  });
});
