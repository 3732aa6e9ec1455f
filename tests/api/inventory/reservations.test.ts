import { expect } from 'chai';
import request from 'supertest';
import { startTestOms, type TestOms } from '../../support/testOms.js';
import { head, key, receive, settle, setupNetwork } from '../../support/inventoryScenario.js';

describe('api/inventory: reservations', () => {
  let t: TestOms;
  before(async () => {
    t = await startTestOms();
    await setupNetwork(t.app, ['dc-1'], ['SKU-R']);
    await receive(t.app, 'dc-1', 'SKU-R', 10);
  });
  after(async () => t.close());

  const reserve = (quantity: number, extra: object = {}, idempotencyKey = key('res')) =>
    request(t.app).post('/inventory/reservations').set('Idempotency-Key', idempotencyKey)
      .send({ node: 'dc-1', sku: 'SKU-R', quantity, orderId: 'o-1', lineId: 'l-1', ttlSeconds: 900, ...extra });

  it('holds stock (201 with id and expiry), confirms it by id alone, and releases it', async () => {
    const held = await reserve(4).expect(201);
    const { reservationId, expiresAt } = held.body;
    expect(held.headers.location).to.equal(`/inventory/reservations/${reservationId}`);
    expect(held.body).to.include({ node: 'dc-1', sku: 'SKU-R', quantity: 4, status: 'held' });
    expect(Date.parse(expiresAt) - Date.parse(held.headers.date ?? new Date().toUTCString())).to.be.within(880_000, 901_000);
    expect(held.body.position).to.include({ onHand: 10, reserved: 4, available: 6 });

    const confirmed = await request(t.app).post(`/inventory/reservations/${reservationId}/confirm`).send({}).expect(200);
    expect(confirmed.body).to.include({ status: 'confirmed', expiresAt: null });
    await settle(t.oms);
    const read = await request(t.app).get(`/inventory/reservations/${reservationId}`).expect(200);
    expect(read.body).to.include({ reservationId, node: 'dc-1', status: 'confirmed', quantity: 4 });

    const released = await request(t.app).post(`/inventory/reservations/${reservationId}/release`).send({ node: 'dc-1', sku: 'SKU-R', reason: 'cancelled' }).expect(200);
    expect(released.body).to.include({ status: 'released' });
    expect(released.body.position).to.include({ reserved: 0, available: 10 });
    const before = await head(t.oms);
    const twice = await request(t.app).post(`/inventory/reservations/${reservationId}/release`).send({ node: 'dc-1', sku: 'SKU-R' }).expect(200);
    expect(twice.body).to.include({ status: 'released', outcome: 'unchanged' });
    expect(await head(t.oms)).to.equal(before);
  });

  it('refuses more than is available with 409 OUT_OF_STOCK and writes nothing', async () => {
    const before = await head(t.oms);
    const refused = await reserve(11).expect(409);
    expect(refused.headers['content-type']).to.match(/application\/problem\+json/);
    expect(refused.body).to.include({ code: 'OUT_OF_STOCK', requested: 11, available: 10 });
    expect(await head(t.oms)).to.equal(before);
  });

  it('derives the reservation id from the Idempotency-Key, so a retried checkout holds once', async () => {
    const k = key('checkout');
    const first = await reserve(2, {}, k).expect(201);
    const retried = await reserve(2, {}, k).expect(201);
    expect(retried.body.reservationId).to.equal(first.body.reservationId);
    expect(retried.body.position.reserved).to.equal(first.body.position.reserved);
    await request(t.app).post(`/inventory/reservations/${first.body.reservationId}/release`).send({ node: 'dc-1', sku: 'SKU-R' }).expect(200);
  });

  it('answers bad input with the field named and unknown things with 404', async () => {
    const before = await head(t.oms);
    for (const [extra, field] of [[{ quantity: 0 }, 'quantity'], [{ quantity: 1.5 }, 'quantity'], [{ ttlSeconds: 86_401 }, 'ttlSeconds'], [{ orderId: 'has space' }, 'orderId']] as const) {
      const res = await reserve(1, extra).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).to.include(field);
    }
    expect((await reserve(1, { node: 'dc-404' }).expect(404)).body.code).to.equal('NODE_NOT_FOUND');
    expect((await reserve(1, { sku: 'SKU-404' }).expect(404)).body.code).to.equal('SKU_NOT_FOUND');
    expect((await request(t.app).post('/inventory/reservations/nope/confirm').send({}).expect(404)).body.code).to.equal('RESERVATION_NOT_FOUND');
    expect((await request(t.app).post('/inventory/reservations/nope/confirm').send({ node: 'dc-1', sku: 'SKU-R' }).expect(404)).body.code).to.equal('RESERVATION_NOT_FOUND');
    expect(await head(t.oms)).to.equal(before);
  });
});
