import { expect } from 'chai';
import request from 'supertest';
import { driveToReleased, orderBody, orderCommand, place, startOrdersOms, type OrdersOms } from './support/orderFixtures.js';

describe('node reports and review: shipments, deliveries, pickups, rejections, fraud review', function () {
  this.timeout(30_000);
  let t: OrdersOms;
  let n = 0;
  before(async () => {
    t = await startOrdersOms();
  });
  after(async () => t?.close());

  const newOrder = async (overrides: Record<string, unknown> = {}) => {
    const res = await place(t, orderBody(overrides), `ful-${++n}`);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as { orderId: string; trackingToken: string; lines: { lineId: string; node: string; quantity: number }[] };
  };
  const post = (orderId: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    request(t.app).post(`/orders/${orderId}/${path}`).set('Idempotency-Key', `k-${++n}`).set(headers).send(body as object);

  it('records a shipment (carrier, tracking number) and its delivery; GET shows them', async () => {
    const o = await newOrder();
    const node = o.lines[0]!.node;
    const early = await post(o.orderId, 'shipments', { node, lines: [{ lineId: '1', quantity: 2 }], carrier: 'colissimo', trackingNumber: '6A123' });
    expect(early.status).to.equal(409);
    expect(early.body).to.include({ code: 'ILLEGAL_TRANSITION', state: 'placed', command: 'RecordShipped' });
    await driveToReleased(t, o.orderId);
    const shipped = await post(o.orderId, 'shipments', { shipmentId: 'SHP-1', node, lines: [{ lineId: '1', quantity: 2 }], carrier: 'colissimo', trackingNumber: '6A123' }, { 'X-Actor': `store:${node}` });
    expect(shipped.status, JSON.stringify(shipped.body)).to.equal(200);
    expect(shipped.body).to.include({ status: 'shipped' });
    expect(shipped.body.events).to.include('OrderShipmentShipped');
    const delivered = await post(o.orderId, 'deliveries', { shipmentId: 'SHP-1', deliveredAt: '2026-03-03T10:00:00Z' });
    expect(delivered.status, JSON.stringify(delivered.body)).to.equal(200);
    expect(delivered.body.status).to.equal('delivered');
    const details = await request(t.app).get(`/orders/${o.orderId}`);
    expect(details.body.shipments).to.deep.equal([
      { shipmentId: 'SHP-1', node, carrier: 'colissimo', trackingNumber: '6A123', shippedAt: '2026-03-02T09:00:00.000Z', deliveredAt: '2026-03-03T10:00:00Z', lines: [{ lineId: '1', quantity: 2 }], captured: '44.88' },
    ]);
    expect(details.body.lines[0].quantities).to.include({ shipped: 2, delivered: 2 });
    const twice = await post(o.orderId, 'deliveries', { shipmentId: 'SHP-1' });
    expect(twice.status).to.equal(409);
    expect(twice.body).to.include({ code: 'ILLEGAL_TRANSITION', state: 'delivered' });
  });

  it('a store order goes ready for pickup, then is collected', async () => {
    const o = await newOrder({ channel: 'store', deliveryMethod: 'pickup', destination: undefined, pickupNode: 'store-12', lines: [{ sku: 'TEE', quantity: 1 }] });
    await driveToReleased(t, o.orderId);
    const ready = await post(o.orderId, 'ready-for-pickup', {});
    expect(ready.status, JSON.stringify(ready.body)).to.equal(200);
    expect(ready.body.status).to.equal('ready_for_pickup');
    const details = await request(t.app).get(`/orders/${o.orderId}`);
    expect(details.body.pickup).to.deep.equal({ node: 'store-12', deadline: '2026-03-09T09:00:00.000Z' });
    const collected = await post(o.orderId, 'pickups', { node: 'store-12' });
    expect(collected.status, JSON.stringify(collected.body)).to.equal(200);
    expect(collected.body.status).to.equal('picked_up');
    const shipped = await post(o.orderId, 'shipments', { node: 'store-12', lines: [{ lineId: '1', quantity: 1 }], carrier: 'x', trackingNumber: 'y' });
    expect(shipped.status).to.equal(409);
  });

  it('a node rejection sends the units back to sourcing and is explained on /sourcing', async () => {
    const o = await newOrder();
    const node = o.lines[0]!.node;
    await driveToReleased(t, o.orderId);
    const res = await post(o.orderId, 'rejections', { node, reason: 'damaged stock' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.events).to.include('OrderReleaseRejected');
    expect(res.body.status).to.equal('payment_authorized');
    const details = await request(t.app).get(`/orders/${o.orderId}`);
    expect(details.body.lines[0].rejectedBy).to.deep.equal([node]);
    expect(details.body.lines[0].quantities.needsResourcing).to.equal(2);
    const sourcing = await request(t.app).get(`/orders/${o.orderId}/sourcing`);
    expect(sourcing.body.later).to.have.length(1);
    expect(sourcing.body.later[0]).to.include({ type: 'rejected', node, reason: 'damaged stock' });
    const again = await post(o.orderId, 'rejections', { node, reason: 'still damaged' });
    expect(again.status).to.equal(409);
  });

  it('the fraud review approves or rejects an order on hold, and is refused for an order not on hold', async () => {
    const a = await newOrder();
    const b = await newOrder();
    const notHeld = await post(a.orderId, 'review', { decision: 'approve' });
    expect(notHeld.status).to.equal(409);
    expect(notHeld.body).to.include({ code: 'ILLEGAL_TRANSITION', state: 'placed', command: 'ApproveReview' });
    for (const o of [a, b]) await orderCommand(t, o.orderId, 'PlaceOnFraudHold', { reasons: ['velocity'] });
    const approved = await post(a.orderId, 'review', { decision: 'approve', note: 'known customer' }, { 'X-Actor': 'agent:ana' });
    expect(approved.status, JSON.stringify(approved.body)).to.equal(200);
    expect(approved.body.status).to.equal('placed');
    const rejected = await post(b.orderId, 'review', { decision: 'reject', reasons: ['stolen card'] });
    expect(rejected.status).to.equal(200);
    expect(rejected.body.status).to.equal('cancelled');
    expect(rejected.body.events).to.include.members(['OrderFraudReviewRejected', 'OrderCancelled']);
  });

  it('a tracking token cannot report shipments or review orders (403)', async () => {
    const o = await newOrder();
    await driveToReleased(t, o.orderId);
    const res = await post(o.orderId, 'shipments', { node: o.lines[0]!.node, lines: [{ lineId: '1', quantity: 2 }], carrier: 'x', trackingNumber: 'y' }, { 'X-Tracking-Token': o.trackingToken });
    expect(res.status).to.equal(403);
    const review = await post(o.orderId, 'review', { decision: 'approve' }, { 'X-Tracking-Token': o.trackingToken });
    expect(review.status).to.equal(403);
  });
});
