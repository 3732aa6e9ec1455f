import { expect } from 'chai';
import request from 'supertest';
import { orderDecider, orderStreamName, type OrderCommand } from '../../../domain/order/index.js';
import { later, placeOrder, T0 } from '../../unit/domain/order/support/fixtures.js';
import { authedRequest, keyFor } from '../../support/authedRequest.js';
import { startTestOms, type TestOms } from '../../support/testOms.js';
import { orderCommand } from './support/timeline.js';

describe('audit routes: GET /orders/:id/history and /orders/:id/as-of', () => {
  let t: TestOms;
  const orderId = 'ord-route-1';

  before(async () => {
    t = await startTestOms();
    const place = placeOrder({ orderId });
    await t.oms.commands.handle(orderDecider, orderStreamName(orderId), { ...place, metadata: { ...place.metadata, commandId: 'route-place-1', now: T0 } } as OrderCommand);
    await t.oms.commands.handle(orderDecider, orderStreamName(orderId), orderCommand('CancelOrder', { reason: 'customer changed their mind' }, later(1), 'customer called'));
  });
  after(() => t.close());

  it('history: every event with time, actor, command and reason, paged', async () => {
    const all = await request(t.app).get(`/orders/${orderId}/history`).expect(200);
    const types = (all.body.events as { type: string }[]).map((e) => e.type);
    expect(types.slice(0, 2)).to.deep.equal(['OrderPlaced', 'OrderStatusChanged']);
    expect(types).to.include('OrderCancelled');
    const cancelled = (all.body.events as Record<string, unknown>[]).find((e) => e.type === 'OrderCancelled')!;
    expect(cancelled).to.include({ commandType: 'CancelOrder', reason: 'customer called', at: later(1) });
    expect(cancelled.actor).to.deep.equal({ kind: 'agent', id: 'agent-7' });
    expect(all.body.next).to.equal(null);

    const page = await request(t.app).get(`/orders/${orderId}/history`).query({ limit: 1 }).expect(200);
    expect(page.body.events).to.have.length(1);
    expect(page.body.next).to.equal('1');
    const next = await request(t.app).get(`/orders/${orderId}/history`).query({ from: page.body.next, limit: 1 }).expect(200);
    expect(next.body.events[0].revision).to.equal('1');
  });

  it('history: 404 ORDER_NOT_FOUND, 400 on a bad page parameter', async () => {
    const missing = await request(t.app).get('/orders/ord-nope/history').expect(404);
    expect(missing.body.code).to.equal('ORDER_NOT_FOUND');
    expect(missing.headers['content-type']).to.match(/application\/problem\+json/);
    await request(t.app).get(`/orders/${orderId}/history`).query({ limit: 0 }).expect(400);
    await request(t.app).get(`/orders/${orderId}/history`).query({ from: '-1' }).expect(400);
  });

  it('as-of: the order as it was, before and after its cancellation', async () => {
    const placed = await request(t.app).get(`/orders/${orderId}/as-of`).query({ at: later(0.5) }).expect(200);
    expect(placed.body.order.status).to.equal('placed');
    expect(placed.body).to.include({ orderId, asOf: later(0.5), eventsApplied: 2, lastEventType: 'OrderStatusChanged', revision: '1' });
    expect(placed.body.sourcing).to.have.length(1);
    expect(placed.body.sourcing[0].kind).to.equal('checkout');
    const cancelled = await request(t.app).get(`/orders/${orderId}/as-of`).query({ at: later(1) }).expect(200);
    expect(cancelled.body.order.status).to.equal('cancelled');
    const lean = await request(t.app).get(`/orders/${orderId}/as-of`).query({ at: later(1), availability: 'false' }).expect(200);
    expect(lean.body.sourcing[0].availability).to.deep.equal([]);
  });

  it('as-of: 404 before the order existed or for an unknown order; 400 for a bad instant', async () => {
    const early = await request(t.app).get(`/orders/${orderId}/as-of`).query({ at: '2020-01-01T00:00:00Z' }).expect(404);
    expect(early.body.code).to.equal('ORDER_NOT_FOUND_AS_OF');
    expect((await request(t.app).get('/orders/ord-nope/as-of').query({ at: T0 }).expect(404)).body.code).to.equal('ORDER_NOT_FOUND');
    expect((await request(t.app).get(`/orders/${orderId}/as-of`).query({ at: 'tomorrow' }).expect(400)).body.code).to.equal('INVALID_AS_OF');
    await request(t.app).get(`/orders/${orderId}/as-of`).expect(400);
  });

  it('requires the auditor role: an auditor may read the audit trail, an operator may not', async () => {
    const auditor = await keyFor(t, 'auditor');
    const operator = await keyFor(t, 'operator');
    await authedRequest(t, auditor).get(`/orders/${orderId}/history`).expect(200);
    await authedRequest(t, auditor).get(`/orders/${orderId}/as-of?at=${encodeURIComponent(T0)}`).expect(200);
    expect((await authedRequest(t, operator).get(`/orders/${orderId}/history`).expect(403)).body.code).to.match(/FORBIDDEN/);
    await authedRequest(t, operator).get(`/orders/${orderId}/as-of?at=${encodeURIComponent(T0)}`).expect(403);
  });
});
