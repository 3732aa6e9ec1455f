import { expect } from 'chai';
import request from 'supertest';
import { driveToReleased, LYON, orderBody, orderCommand, place, position, startOrdersOms, type OrdersOms } from './support/orderFixtures.js';

describe('post-purchase changes: cancel and /changes', function () {
  this.timeout(30_000);
  let t: OrdersOms;
  let n = 0;
  before(async () => {
    t = await startOrdersOms();
  });
  after(async () => t?.close());

  const newOrder = async (overrides: Record<string, unknown> = {}) => {
    const res = await place(t, orderBody(overrides), `chg-${++n}`);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as { orderId: string; trackingToken: string; lines: { lineId: string; node: string; quantity: number }[]; totals: { total: string } };
  };
  const post = (orderId: string, path: string, body: unknown, token?: string) => {
    const r = request(t.app).post(`/orders/${orderId}/${path}`).set('Idempotency-Key', `k-${++n}`);
    return (token ? r.set('X-Tracking-Token', token) : r).send(body as object);
  };

  it('the customer cancels the whole order with the tracking token: recorded with actor, reason and the money difference', async () => {
    const o = await newOrder();
    const res = await post(o.orderId, 'cancel', { reason: 'changed my mind' }, o.trackingToken);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.include({ orderId: o.orderId, status: 'cancelled', replayed: false });
    expect(res.body.events).to.include('OrderCancelled');
    expect(res.body.change).to.deep.include({ type: 'OrderCancelled', reason: 'changed my mind', actor: { kind: 'customer', id: `order:${o.orderId}` } });
    expect(res.body.change.moneyDifference).to.deep.equal({ amount: o.totals.total, currency: 'EUR', direction: 'refund' });
    const details = await request(t.app).get(`/orders/${o.orderId}`).set('X-Tracking-Token', o.trackingToken);
    expect(details.body.status).to.equal('cancelled');
    expect(details.body.changes).to.have.length(1);
    expect(details.body.changes[0]).to.include({ type: 'OrderCancelled', reason: 'changed my mind' });
  });

  it('cancels some line quantities and re-totals the order', async () => {
    const o = await newOrder({ lines: [{ sku: 'TEE', quantity: 2 }, { sku: 'MUG', quantity: 1 }] });
    const res = await post(o.orderId, 'cancel', { reason: 'one is enough', lines: [{ lineId: '1', quantity: 1 }] });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.status).to.equal('placed');
    expect(res.body.change.moneyDifference).to.deep.equal({ amount: '19.99', currency: 'EUR', direction: 'refund' });
    expect(res.body.change.totals.total).to.equal('37.39');
  });

  it('changes the delivery method (standard → express): the shipping difference is charged', async () => {
    const o = await newOrder();
    const res = await post(o.orderId, 'changes', { action: 'changeMethod', deliveryMethod: 'express', reason: 'needed sooner' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.events).to.include('OrderDeliveryMethodChanged');
    expect(res.body.change.moneyDifference).to.deep.equal({ amount: '5.00', currency: 'EUR', direction: 'charge' });
  });

  it('changes the address and reduces a quantity, each with its own money difference', async () => {
    const o = await newOrder({ lines: [{ sku: 'TEE', quantity: 3 }] });
    const moved = await post(o.orderId, 'changes', { action: 'changeAddress', destination: { ...LYON, line1: '1 place Bellecour', city: 'Lyon' }, reason: 'moved' });
    expect(moved.status, JSON.stringify(moved.body)).to.equal(200);
    expect(moved.body.change.moneyDifference.direction).to.equal('none');
    const reduced = await post(o.orderId, 'changes', { action: 'reduceQuantity', lineId: '1', quantity: 1, reason: 'too many' });
    expect(reduced.status, JSON.stringify(reduced.body)).to.equal(200);
    expect(reduced.body.events).to.include('OrderLineQuantityReduced');
    expect(reduced.body.change.moneyDifference).to.deep.equal({ amount: '39.98', currency: 'EUR', direction: 'refund' });
    const details = await request(t.app).get(`/orders/${o.orderId}`);
    expect(details.body.destination).to.include({ city: 'Lyon', country: 'FR' });
    expect(details.body.lines[0].quantities).to.include({ ordered: 3, cancelled: 2, active: 1 });
    expect(details.body.changes.map((c: { type: string }) => c.type)).to.deep.equal(['OrderShippingAddressChanged', 'OrderLineQuantityReduced']);
  });

  it('switches to store pickup: the stock is held at the store first, shipping is refunded', async () => {
    const o = await newOrder({ lines: [{ sku: 'MUG', quantity: 2 }] });
    const before = (await position(t, 'store-12', 'MUG')).reserved;
    const res = await post(o.orderId, 'changes', { action: 'switchToPickup', pickupNode: 'store-12', reason: 'collect on the way home' }, o.trackingToken);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.events).to.include('OrderSwitchedToPickup');
    expect(res.body.change.moneyDifference).to.deep.equal({ amount: '4.90', currency: 'EUR', direction: 'refund' });
    const store = await position(t, 'store-12', 'MUG');
    expect(store.reserved).to.equal(before + 2);
    expect([...store.reservations.values()].some((r) => r.orderId === o.orderId && r.quantity === 2)).to.equal(true);
    // The store has only one MUG left: another switch there is refused and holds nothing.
    const other = await newOrder({ lines: [{ sku: 'MUG', quantity: 2 }] });
    const refused = await post(other.orderId, 'changes', { action: 'switchToPickup', pickupNode: 'store-12', reason: 'same' });
    expect(refused.status).to.equal(409);
    expect(refused.body.code).to.equal('OUT_OF_STOCK');
    expect((await position(t, 'store-12', 'MUG')).reserved).to.equal(before + 2);
  });

  it('refuses changes after release with 409 ILLEGAL_TRANSITION naming the state, and cancellation of shipped units', async () => {
    const o = await newOrder();
    await driveToReleased(t, o.orderId);
    const change = await post(o.orderId, 'changes', { action: 'changeAddress', destination: LYON, reason: 'too late?' });
    expect(change.status).to.equal(409);
    expect(change.body).to.include({ code: 'ILLEGAL_TRANSITION', state: 'released', command: 'ChangeShippingAddress' });
    expect(change.body.detail).to.contain('released');
    const node = o.lines[0]!.node;
    await orderCommand(t, o.orderId, 'RecordShipped', {
      shipmentId: 'S1', node, lines: [{ lineId: '1', quantity: 2 }], carrier: 'colissimo', trackingNumber: 'TRK1', shippedAt: '2026-03-02T15:00:00Z',
    });
    const cancel = await post(o.orderId, 'cancel', { reason: 'nope' });
    expect(cancel.status).to.equal(409);
    expect(cancel.body).to.include({ code: 'ILLEGAL_TRANSITION', state: 'shipped' });
  });

  it('validates typed actions: missing fields and fields the action does not take are named', async () => {
    const o = await newOrder();
    const missing = await post(o.orderId, 'changes', { action: 'changeAddress', reason: 'x' });
    expect(missing.status).to.equal(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).to.include('destination');
    const extra = await post(o.orderId, 'changes', { action: 'reduceQuantity', lineId: '1', quantity: 1, pickupNode: 'store-12', reason: 'x' });
    expect(extra.status).to.equal(400);
    expect(extra.body.code).to.equal('FIELD_NOT_ALLOWED');
    expect(extra.body.fields).to.deep.equal(['pickupNode']);
    const noReason = await post(o.orderId, 'cancel', {});
    expect(noReason.status).to.equal(400);
    expect(noReason.body.errors[0].field).to.equal('reason');
  });
});
