import { expect } from 'chai';
import request from 'supertest';
import { startTestOms, type TestOms } from '../../support/testOms.js';
import { NODE, SKU, head, key, settle } from '../../support/inventoryScenario.js';

describe('api/inventory: network, catalog and ATS views', () => {
  let t: TestOms;
  before(async () => {
    t = await startTestOms();
  });
  after(async () => t.close());

  describe('POST /network/nodes', () => {
    it('registers a node (201, version 1), confirms an identical re-send (200) and refuses another definition (409)', async () => {
      const created = await request(t.app).post('/network/nodes').send(NODE('dc-a')).expect(201);
      expect(created.headers.location).to.equal('/network/nodes/dc-a');
      expect(created.body).to.include({ id: 'dc-a', version: 1, status: 'open', outcome: 'applied' });
      expect(created.body.calendar).to.deep.equal({ workingDays: [1, 2, 3, 4, 5], holidays: [] });
      const again = await request(t.app).post('/network/nodes').send(NODE('dc-a')).expect(200);
      expect(again.body).to.include({ version: 1, outcome: 'unchanged' });
      const before = await head(t.oms);
      const clash = await request(t.app).post('/network/nodes').send(NODE('dc-a', { dailyCapacity: 5 })).expect(409);
      expect(clash.body.code).to.equal('NODE_ALREADY_EXISTS');
      expect(await head(t.oms)).to.equal(before);
    });

    it('rejects malformed input with 400 naming the field, and domain-invalid input with 422, writing nothing', async () => {
      const before = await head(t.oms);
      const bad = await request(t.app).post('/network/nodes').send(NODE('dc-b', { capabilities: ['teleport'], dailyCapacity: -1 })).expect(400);
      expect(bad.headers['content-type']).to.match(/application\/problem\+json/);
      expect(bad.body.code).to.equal('VALIDATION_FAILED');
      expect(bad.body.errors.map((e: { field: string }) => e.field)).to.include.members(['capabilities', 'dailyCapacity']);
      const zone = await request(t.app).post('/network/nodes')
        .send(NODE('dc-b', { location: { lat: 1, lng: 1, country: 'FR', timezone: 'not a zone' } })).expect(422);
      expect(zone.body).to.include({ code: 'INVALID_NODE', field: 'location.timezone' });
      expect(await head(t.oms)).to.equal(before);
    });

    it('changes configuration as versioned events and lists nodes from the read model', async () => {
      await request(t.app).post('/network/nodes').send(NODE('store-c', { type: 'store' })).expect(201);
      const patched = await request(t.app).patch('/network/nodes/store-c').send({ cutoffLocal: '17:30', location: { timezone: 'Europe/Berlin' } }).expect(200);
      expect(patched.body).to.include({ cutoffLocal: '17:30', version: 2 });
      expect(patched.body.location).to.include({ timezone: 'Europe/Berlin', country: 'FR' });
      const closed = await request(t.app).put('/network/nodes/store-c/status').send({ status: 'closed', reason: 'refit' }).expect(200);
      expect(closed.body).to.include({ status: 'closed', version: 3 });
      await request(t.app).patch('/network/nodes/ghost').send({ name: 'x' }).expect(404);
      await settle(t.oms);
      const list = await request(t.app).get('/network/nodes').expect(200);
      expect(list.body.items.map((n: { id: string }) => n.id)).to.deep.equal(['dc-a', 'store-c']);
      const stores = await request(t.app).get('/network/nodes?type=store').expect(200);
      expect(stores.body.items).to.have.length(1);
      expect(stores.body.items[0]).to.include({ id: 'store-c', status: 'closed', version: 3 });
      const missing = await request(t.app).get('/network/nodes/ghost').expect(404);
      expect(missing.body.code).to.equal('NODE_NOT_FOUND');
    });
  });

  describe('PUT /catalog/skus/:sku', () => {
    it('defines (201), leaves an identical PUT unchanged (200) and versions a price change', async () => {
      const created = await request(t.app).put('/catalog/skus/TEE-1').send(SKU('Tee')).expect(201);
      expect(created.body).to.include({ sku: 'TEE-1', version: 1, taxClass: 'standard', weightGrams: 250 });
      expect(created.body.prices).to.deep.equal({ EUR: '19.99', GBP: '17.50' });
      const same = await request(t.app).put('/catalog/skus/TEE-1').send(SKU('Tee')).expect(200);
      expect(same.body).to.include({ version: 1, outcome: 'unchanged' });
      const repriced = await request(t.app).put('/catalog/skus/TEE-1').send({ ...SKU('Tee'), prices: { EUR: '17.9' } }).expect(200);
      expect(repriced.body).to.include({ version: 2, outcome: 'applied' });
      expect(repriced.body.prices).to.deep.equal({ EUR: '17.90' });
      await settle(t.oms);
      const read = await request(t.app).get('/catalog/skus/TEE-1').expect(200);
      expect(read.body).to.include({ version: 2, name: 'Tee' });
      const page = await request(t.app).get('/catalog/skus?limit=10').expect(200);
      expect(page.body.items.map((s: { sku: string }) => s.sku)).to.deep.equal(['TEE-1']);
      expect(page.body.next).to.equal(null);
    });

    it('rejects bad prices, weights and keys with the field named, writing nothing', async () => {
      const before = await head(t.oms);
      const prices = await request(t.app).put('/catalog/skus/TEE-2').send({ ...SKU(), prices: { EUR: '19.999' } }).expect(400);
      expect(prices.body.errors[0].field).to.equal('prices');
      expect(prices.body.errors[0].message).to.contain('prices.EUR');
      const weight = await request(t.app).put('/catalog/skus/TEE-2').send({ ...SKU(), weightGrams: 1.5 }).expect(400);
      expect(weight.body.errors[0].field).to.equal('weightGrams');
      const sku = await request(t.app).put('/catalog/skus/bad~sku').send(SKU()).expect(400);
      expect(sku.body.errors[0].field).to.equal('sku');
      expect(await head(t.oms)).to.equal(before);
      await request(t.app).get('/catalog/skus/TEE-404').expect(404);
    });
  });

  describe('PUT /availability-views/:name', () => {
    it('defines a view, versions every change as an event, and refuses an invalid rule with 422', async () => {
      const created = await request(t.app).put('/availability-views/web').send({ channels: ['web'], supply: { inTransitWithinDays: 2 } }).expect(201);
      expect(created.body).to.include({ name: 'web', version: 1 });
      expect(created.body.supply).to.deep.equal({ onHand: true, inTransitWithinDays: 2, onOrderWithinDays: null });
      const changed = await request(t.app).put('/availability-views/web').set('Idempotency-Key', key()).send({ channels: ['web', 'app'] }).expect(200);
      expect(changed.body).to.include({ version: 2, outcome: 'applied' });
      expect(changed.body.supply.inTransitWithinDays).to.equal(null); // PUT replaces the whole rule set
      const before = await head(t.oms);
      const invalid = await request(t.app).put('/availability-views/web').send({ channels: ['web'], channelProtection: [{ channel: 'pickup' }] }).expect(422);
      expect(invalid.body.code).to.equal('INVALID_ATS_VIEW');
      expect(await head(t.oms)).to.equal(before);
      await settle(t.oms);
      const list = await request(t.app).get('/availability-views').expect(200);
      expect(list.body.items.map((v: { name: string; version: number }) => [v.name, v.version])).to.deep.equal([['web', 2]]);
      await request(t.app).get('/availability-views/nope').expect(404);
    });
  });
});
