import { expect } from 'chai';
import request from 'supertest';
import { orderBody, startOrdersOms, type OrdersOms } from './support/orderFixtures.js';

/** Real authentication (no test default role): every call carries a credential or is anonymous. */
describe('order access: tracking tokens, keys, anonymous callers', function () {
  this.timeout(30_000);
  let t: OrdersOms;
  let a: { orderId: string; trackingToken: string };
  let b: { orderId: string; trackingToken: string };
  const admin = () => ({ Authorization: `Bearer ${t.adminKey}` });

  before(async () => {
    t = await startOrdersOms({}, { env: { OMS_AUTH_TEST_DEFAULT_ROLE: '' } });
    const placeAs = async (key: string, customerId: string) => {
      const res = await request(t.app).post('/orders').set(admin()).set('Idempotency-Key', key).send(orderBody({ customerId }));
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      return res.body as { orderId: string; trackingToken: string };
    };
    a = await placeAs('acc-a', 'alice');
    b = await placeAs('acc-b', 'bob');
  });
  after(async () => t?.close());

  const sameAsMissing = async (res: request.Response) => {
    const missing = await request(t.app).get('/orders/ord-00000000-0000-5000-8000-000000000000').set(admin());
    expect(missing.status).to.equal(404);
    expect(res.status).to.equal(404);
    const strip = (body: Record<string, unknown>) => ({ ...body, instance: undefined, requestId: undefined, detail: undefined, orderId: undefined });
    expect(strip(res.body)).to.deep.equal(strip(missing.body));
    expect(res.body.code).to.equal('ORDER_NOT_FOUND');
  };

  it('an order’s token reads and changes that order (header or token query)', async () => {
    const viaHeader = await request(t.app).get(`/orders/${a.orderId}`).set('X-Tracking-Token', a.trackingToken);
    expect(viaHeader.status, JSON.stringify(viaHeader.body)).to.equal(200);
    expect(viaHeader.body.customerId).to.equal('alice');
    const viaQuery = await request(t.app).get(`/orders/${a.orderId}`).query({ token: a.trackingToken });
    expect(viaQuery.status).to.equal(200);
    expect(viaQuery.body.orderId).to.equal(a.orderId);
    const change = await request(t.app).post(`/orders/${a.orderId}/changes`).query({ token: a.trackingToken })
      .send({ action: 'changeMethod', deliveryMethod: 'express', reason: 'sooner please' });
    expect(change.status, JSON.stringify(change.body)).to.equal(200);
    expect(change.body.change.actor).to.deep.equal({ kind: 'customer', id: `order:${a.orderId}` });
  });

  it('order A’s token cannot read or change order B: the same 404 as a missing order', async () => {
    await sameAsMissing(await request(t.app).get(`/orders/${b.orderId}`).set('X-Tracking-Token', a.trackingToken));
    await sameAsMissing(await request(t.app).get(`/orders/${b.orderId}`).query({ token: a.trackingToken }));
    await sameAsMissing(await request(t.app).post(`/orders/${b.orderId}/cancel`).set('X-Tracking-Token', a.trackingToken).send({ reason: 'not mine' }));
    await sameAsMissing(
      await request(t.app).post(`/orders/${b.orderId}/changes`).query({ token: a.trackingToken }).send({ action: 'changeMethod', deliveryMethod: 'express', reason: 'x' }),
    );
    const still = await request(t.app).get(`/orders/${b.orderId}`).set(admin());
    expect(still.body.status).to.equal('placed');
    expect(still.body.changes).to.deep.equal([]);
  });

  it('without any credential an order is the same 404; a token cannot list orders or place new ones', async () => {
    await sameAsMissing(await request(t.app).get(`/orders/${a.orderId}`));
    await sameAsMissing(await request(t.app).post(`/orders/${a.orderId}/cancel`).send({ reason: 'anonymous' }));
    const list = await request(t.app).get('/orders').set('X-Tracking-Token', a.trackingToken);
    expect(list.status).to.equal(403);
    const placeWithToken = await request(t.app).post('/orders').set('X-Tracking-Token', a.trackingToken).send(orderBody());
    expect(placeWithToken.status).to.equal(403);
  });

  it('a store key sees the orders of its nodes only, and reports only for its nodes', async () => {
    const node = (await request(t.app).get(`/orders/${a.orderId}`).set(admin())).body.lines[0].node as string;
    const own = await t.oms.security.apiKeys.create({ role: 'store', nodes: [node], createdBy: 'test' });
    const other = await t.oms.security.apiKeys.create({ role: 'store', nodes: ['store-london'], createdBy: 'test' });
    const mine = await request(t.app).get(`/orders/${a.orderId}`).set('Authorization', `Bearer ${own.key}`);
    expect(mine.status).to.equal(200);
    await sameAsMissing(await request(t.app).get(`/orders/${a.orderId}`).set('Authorization', `Bearer ${other.key}`));
    const foreignPickup = await request(t.app).post('/orders').set('Authorization', `Bearer ${other.key}`)
      .send(orderBody({ deliveryMethod: 'pickup', destination: undefined, pickupNode: 'store-12' }));
    expect(foreignPickup.status).to.equal(403);
  });
});
