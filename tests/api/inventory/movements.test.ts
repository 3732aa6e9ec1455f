import { expect } from 'chai';
import request from 'supertest';
import { startTestOms, type TestOms } from '../../support/testOms.js';
import { head, key, settle, setupNetwork } from '../../support/inventoryScenario.js';

describe('api/inventory: stock movements', () => {
  let t: TestOms;
  before(async () => {
    t = await startTestOms();
    await setupNetwork(t.app, ['dc-1', 'store-2'], ['SKU-A', 'SKU-B']);
  });
  after(async () => t.close());

  const post = (path: string, body: object, idempotencyKey = key()) => request(t.app).post(path).set('Idempotency-Key', idempotencyKey).send(body);

  it('receives stock (201) and replays a retried request with the same Idempotency-Key once', async () => {
    const k = key('grn');
    const first = await post('/inventory/receipts', { node: 'dc-1', sku: 'SKU-A', quantity: 40, reference: 'GRN-100' }, k).expect(201);
    expect(first.body).to.include({ node: 'dc-1', sku: 'SKU-A', onHand: 40, reserved: 0, available: 40, version: 1, outcome: 'applied' });
    expect(first.body.position).to.match(/^\d+$/);
    const before = await head(t.oms);
    const retry = await post('/inventory/receipts', { node: 'dc-1', sku: 'SKU-A', quantity: 40, reference: 'GRN-100' }, k).expect(201);
    expect(retry.body).to.deep.equal(first.body); // the same answer, and (below) no second receipt
    expect(await head(t.oms)).to.equal(before);
  });

  describe('bad input is a 4xx problem with a stable code, and nothing is written', () => {
    const cases: [string, object, number, string, string?][] = [
      ['unknown node', { node: 'nowhere', sku: 'SKU-A', quantity: 1, reference: 'r' }, 404, 'NODE_NOT_FOUND', 'node'],
      ['unknown SKU', { node: 'dc-1', sku: 'NOPE', quantity: 1, reference: 'r' }, 404, 'SKU_NOT_FOUND', 'sku'],
      ['negative quantity', { node: 'dc-1', sku: 'SKU-A', quantity: -3, reference: 'r' }, 400, 'VALIDATION_FAILED', 'quantity'],
      ['fractional quantity', { node: 'dc-1', sku: 'SKU-A', quantity: 2.5, reference: 'r' }, 400, 'VALIDATION_FAILED', 'quantity'],
      ['zero quantity', { node: 'dc-1', sku: 'SKU-A', quantity: 0, reference: 'r' }, 400, 'VALIDATION_FAILED', 'quantity'],
      ['quantity over the limit', { node: 'dc-1', sku: 'SKU-A', quantity: 1_000_001, reference: 'r' }, 400, 'VALIDATION_FAILED', 'quantity'],
      ['quantity as a string', { node: 'dc-1', sku: 'SKU-A', quantity: '5', reference: 'r' }, 400, 'VALIDATION_FAILED', 'quantity'],
      ['missing reference', { node: 'dc-1', sku: 'SKU-A', quantity: 5 }, 400, 'VALIDATION_FAILED', 'reference'],
      ['a node id that cannot exist', { node: 'a~b', sku: 'SKU-A', quantity: 5, reference: 'r' }, 400, 'VALIDATION_FAILED', 'node'],
      ['an unknown field', { node: 'dc-1', sku: 'SKU-A', quantity: 5, reference: 'r', price: 3 }, 400, 'VALIDATION_FAILED', 'price'],
    ];
    for (const [name, body, status, code, field] of cases) {
      it(`${name} → ${status} ${code}`, async () => {
        const before = await head(t.oms);
        const res = await post('/inventory/receipts', body).expect(status);
        expect(res.headers['content-type']).to.match(/application\/problem\+json/);
        expect(res.body.code).to.equal(code);
        if (code === 'VALIDATION_FAILED') expect(res.body.errors.map((e: { field: string }) => e.field)).to.include(field);
        else expect(res.body.field).to.equal(field);
        expect(await head(t.oms)).to.equal(before);
      });
    }
  });

  describe('every movement route refuses unknown positions and bad quantities with a problem, writing nothing', () => {
    const eta = '2030-01-01T00:00:00Z';
    const routes: [string, 'post' | 'put', object, string?, unknown[]?][] = [
      ['/inventory/adjustments', 'post', { delta: 1, reason: 'found' }, 'delta', [1.5, 1_000_001, -1_000_001, '2']],
      ['/inventory/counts', 'post', { counted: 1 }, 'counted', [-1, 1.5, 1_000_000_001]],
      ['/inventory/supply', 'post', { supplyId: 'S-1', kind: 'transfer', quantity: 1, eta }, 'quantity', [0, -1, 1.5, 1_000_001]],
      ['/inventory/supply/arrivals', 'post', { supplyId: 'S-1', quantity: 1 }, 'quantity', [0, -1, 1.5, 1_000_001]],
      ['/inventory/supply/cancellations', 'post', { supplyId: 'S-1' }],
      ['/inventory/safety-stock', 'put', { quantity: 1 }, 'quantity', [-1, 1.5, 1_000_000_001]],
    ];
    for (const [path, method, body, field, badValues] of routes) {
      it(`${method.toUpperCase()} ${path}`, async () => {
        const before = await head(t.oms);
        const send = (b: object) => request(t.app)[method](path).set('Idempotency-Key', key()).send(b);
        for (const [where, code] of [[{ node: 'nowhere', sku: 'SKU-A' }, 'NODE_NOT_FOUND'], [{ node: 'dc-1', sku: 'NOPE' }, 'SKU_NOT_FOUND']] as const) {
          const res = await send({ ...where, ...body }).expect(404);
          expect(res.headers['content-type']).to.match(/application\/problem\+json/);
          expect(res.body.code).to.equal(code);
        }
        for (const value of badValues ?? []) {
          const res = await send({ node: 'dc-1', sku: 'SKU-A', ...body, [field!]: value }).expect(400);
          expect(res.headers['content-type']).to.match(/application\/problem\+json/);
          expect(res.body.code, `${field} = ${String(value)}`).to.equal('VALIDATION_FAILED');
          expect(res.body.errors.map((e: { field: string }) => e.field)).to.include(field);
        }
        expect(await head(t.oms)).to.equal(before);
      });
    }
  });

  it('adjusts stock but never below what is reserved (409 INSUFFICIENT_STOCK)', async () => {
    await post('/inventory/receipts', { node: 'store-2', sku: 'SKU-B', quantity: 10, reference: 'GRN-7' }).expect(201);
    await post('/inventory/reservations', { node: 'store-2', sku: 'SKU-B', quantity: 8, orderId: 'o-1', lineId: 'l-1', ttlSeconds: 600 }).expect(201);
    const damaged = await post('/inventory/adjustments', { node: 'store-2', sku: 'SKU-B', delta: -2, reason: 'damage', note: 'dropped' }).expect(201);
    expect(damaged.body).to.include({ onHand: 8, reserved: 8, available: 0 });
    const before = await head(t.oms);
    const refused = await post('/inventory/adjustments', { node: 'store-2', sku: 'SKU-B', delta: -1, reason: 'shrink' }).expect(409);
    expect(refused.body).to.include({ code: 'INSUFFICIENT_STOCK', maxDecrease: 0 });
    const wrongSign = await post('/inventory/adjustments', { node: 'store-2', sku: 'SKU-B', delta: 3, reason: 'damage' }).expect(422);
    expect(wrongSign.body).to.include({ code: 'INVALID_ADJUSTMENT', field: 'delta' });
    await post('/inventory/adjustments', { node: 'store-2', sku: 'SKU-B', delta: 0, reason: 'found' }).expect(400);
    expect(await head(t.oms)).to.equal(before);
  });

  it('records counts (reality wins), expected supply, arrivals, cancellations and safety stock', async () => {
    const counted = await post('/inventory/counts', { node: 'dc-1', sku: 'SKU-B', counted: 12, reason: 'spot_check', reference: 'CC-1' }).expect(201);
    expect(counted.body).to.include({ onHand: 12 });
    // The absolute count is recorded as a delta event with its reason.
    const countEvents = [];
    for await (const e of t.oms.eventStore.readAll({ direction: 'backwards', maxCount: 1, filter: { eventTypes: ['StockCounted'] } })) countEvents.push(e);
    expect(countEvents[0]?.data).to.include({ counted: 12, previousOnHand: 0, delta: 12, reason: 'spot_check', reference: 'CC-1' });
    const before = await head(t.oms);
    await post('/inventory/counts', { node: 'dc-1', sku: 'SKU-B', counted: -1 }).expect(400);
    const badReason = await post('/inventory/counts', { node: 'dc-1', sku: 'SKU-B', counted: 3, reason: 'guess' }).expect(400);
    expect(badReason.body.errors.map((e: { field: string }) => e.field)).to.include('reason');
    expect(await head(t.oms)).to.equal(before);
    const eta = new Date(Date.now() + 3 * 86_400_000).toISOString();
    await post('/inventory/supply', { node: 'dc-1', sku: 'SKU-B', supplyId: 'PO-1', kind: 'purchase_order', quantity: 30, eta }).expect(201);
    const again = await post('/inventory/supply', { node: 'dc-1', sku: 'SKU-B', supplyId: 'PO-1', kind: 'purchase_order', quantity: 30, eta }).expect(200);
    expect(again.body.outcome).to.equal('unchanged');
    const arrived = await post('/inventory/supply/arrivals', { node: 'dc-1', sku: 'SKU-B', supplyId: 'PO-1', quantity: 10 }).expect(201);
    expect(arrived.body).to.include({ onHand: 22 });
    await post('/inventory/supply/arrivals', { node: 'dc-1', sku: 'SKU-B', supplyId: 'PO-404', quantity: 1 }).expect(404);
    await post('/inventory/supply', { node: 'dc-1', sku: 'SKU-B', supplyId: 'TR-1', kind: 'transfer', quantity: 5, eta }).expect(201);
    await post('/inventory/supply/cancellations', { node: 'dc-1', sku: 'SKU-B', supplyId: 'TR-1', reason: 'truck cancelled' }).expect(201);
    const safety = await request(t.app).put('/inventory/safety-stock').send({ node: 'dc-1', sku: 'SKU-B', quantity: 2 }).expect(201);
    expect(safety.body).to.include({ safetyStock: 2, available: 20 });
    await settle(t.oms);
    const visibility = await request(t.app).get('/inventory/SKU-B').expect(200);
    const dc = visibility.body.byNode.find((n: { node: string }) => n.node === 'dc-1');
    expect(dc).to.include({ onHand: 22, reserved: 0, safetyStock: 2, available: 20, onOrder: 20, inTransit: 0 });
    expect(visibility.body).to.include({ sku: 'SKU-B', onHand: 30, reserved: 8, onOrder: 20 });
  });
});
