import { expect } from 'chai';
import request from 'supertest';
import { orderBody, startOrdersOms, type OrdersOms } from '../orders/support/orderFixtures.js';

/** `GET /orders/:id?asOf=` answers exactly what `GET /orders/:id/as-of?at=` does, for auditors and admins only. */
describe('GET /orders/:id?asOf=TIMESTAMP', function () {
  this.timeout(30_000);
  let t: OrdersOms;
  let order: { orderId: string; trackingToken: string };
  const admin = () => ({ Authorization: `Bearer ${t.adminKey}` });

  before(async () => {
    t = await startOrdersOms({}, { env: { OMS_AUTH_TEST_DEFAULT_ROLE: '' } });
    t.setNow(new Date('2026-03-02T09:00:00.000Z'));
    order = (await request(t.app).post('/orders').set(admin()).set('Idempotency-Key', 'asof-1').send(orderBody())).body;
    t.setNow(new Date('2026-03-02T10:00:00.000Z'));
    const cancel = await request(t.app).post(`/orders/${order.orderId}/cancel`).set(admin()).set('Idempotency-Key', 'asof-2').send({ reason: 'test' });
    expect(cancel.status, JSON.stringify(cancel.body)).to.equal(200);
  });
  after(async () => t?.close());

  it('is the order as it was at the instant (before and after the cancel), with the availability sourcing saw', async () => {
    const before = await request(t.app).get(`/orders/${order.orderId}`).query({ asOf: '2026-03-02T09:30:00Z' }).set(admin());
    expect(before.status, JSON.stringify(before.body)).to.equal(200);
    expect(before.body.order.status).to.equal('placed');
    expect(before.body.sourcing[0].availability).to.be.an('array').that.is.not.empty;
    const viaAudit = await request(t.app).get(`/orders/${order.orderId}/as-of`).query({ at: '2026-03-02T09:30:00Z' }).set(admin());
    expect(before.body).to.deep.equal(viaAudit.body);
    const after = await request(t.app).get(`/orders/${order.orderId}`).query({ asOf: '2026-03-02T10:00:00Z' }).set(admin());
    expect(after.body.order.status).to.equal('cancelled');
    const now = await request(t.app).get(`/orders/${order.orderId}`).set(admin());
    expect(now.body.status).to.equal('cancelled');
    expect(now.body).to.not.have.property('asOf');
  });

  it('404 before the order existed, 400 for a bad instant', async () => {
    const early = await request(t.app).get(`/orders/${order.orderId}`).query({ asOf: '2026-03-01T00:00:00Z' }).set(admin());
    expect(early.status).to.equal(404);
    expect(early.body.code).to.equal('ORDER_NOT_FOUND_AS_OF');
    const bad = await request(t.app).get(`/orders/${order.orderId}`).query({ asOf: 'yesterday' }).set(admin());
    expect(bad.status).to.equal(400);
    expect(bad.body.code).to.equal('INVALID_AS_OF');
  });

  it('auditors may; the order’s own token and agents may read the order but not travel in time', async () => {
    const auditor = (await t.oms.security.apiKeys.create({ role: 'auditor', createdBy: 'test' })).key;
    expect((await request(t.app).get(`/orders/${order.orderId}`).query({ asOf: '2026-03-02T09:30:00Z' }).set('Authorization', `Bearer ${auditor}`)).status).to.equal(200);
    const token = await request(t.app).get(`/orders/${order.orderId}`).query({ token: order.trackingToken, asOf: '2026-03-02T09:30:00Z' });
    expect(token.status).to.equal(403);
    const agent = (await t.oms.security.apiKeys.create({ role: 'agent', createdBy: 'test' })).key;
    expect((await request(t.app).get(`/orders/${order.orderId}`).query({ asOf: '2026-03-02T09:30:00Z' }).set('Authorization', `Bearer ${agent}`)).status).to.equal(403);
  });
});
