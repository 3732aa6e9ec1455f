import { expect } from 'chai';
import request from 'supertest';
import { inventoryStreamName } from '../../../domain/inventory/index.js';
import { startTestOms, type TestOms } from '../../support/testOms.js';
import { key, receive, settle, setupNetwork } from '../../support/inventoryScenario.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('e2e: expired reservations come back on their own', function () {
  this.timeout(30_000);
  let t: TestOms;
  before(async () => {
    t = await startTestOms({ OMS_REAPER_INTERVAL_MS: '100' });
    await setupNetwork(t.app, ['dc-1'], ['TTL-1']);
    await receive(t.app, 'dc-1', 'TTL-1', 10);
  });
  after(async () => t.close());

  const available = async () => (await request(t.app).get('/availability?sku=TTL-1').expect(200)).body[0].available as number;

  it('a 1-second hold lowers availability, then the reaper releases it and availability is whole again — no manual step', async () => {
    const held = await request(t.app).post('/inventory/reservations').set('Idempotency-Key', key())
      .send({ node: 'dc-1', sku: 'TTL-1', quantity: 4, orderId: 'cart-1', lineId: 'l-1', ttlSeconds: 1 }).expect(201);
    const confirmedHold = await request(t.app).post('/inventory/reservations').set('Idempotency-Key', key())
      .send({ node: 'dc-1', sku: 'TTL-1', quantity: 2, orderId: 'order-2', lineId: 'l-1', ttlSeconds: 1 }).expect(201);
    await request(t.app).post(`/inventory/reservations/${confirmedHold.body.reservationId}/confirm`).send({ node: 'dc-1', sku: 'TTL-1' }).expect(200);
    await settle(t.oms);
    expect(await available()).to.equal(4);

    const deadline = Date.now() + 10_000;
    while ((await available()) !== 8 && Date.now() < deadline) await sleep(100);
    expect(await available()).to.equal(8); // the confirmed reservation (2) stays: allocations never expire

    const released = [];
    for await (const e of t.oms.eventStore.readStream(inventoryStreamName('dc-1', 'TTL-1'))) if (e.type === 'ReservationReleased') released.push(e);
    expect(released).to.have.length(1);
    expect(released[0]!.data).to.include({ reservationId: held.body.reservationId, reason: 'expired', quantity: 4 });
    expect(released[0]!.metadata.actor).to.deep.equal({ kind: 'system', id: 'reservation-reaper' });
    await settle(t.oms);
    const doc = await request(t.app).get(`/inventory/reservations/${held.body.reservationId}`).expect(200);
    expect(doc.body).to.include({ status: 'released', releaseReason: 'expired' });
    const metrics = await request(t.app).get('/metrics').expect(200);
    expect(metrics.text).to.match(/^oms_reservations_expired_total 1$/m);
    expect(metrics.text).to.match(/^oms_reservations_expired_units_total 4$/m);
  });
});
