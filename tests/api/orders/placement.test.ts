import { expect } from 'chai';
import request from 'supertest';
import { availableOf } from '../../../domain/inventory/index.js';
import { orderBody, place, position, settle, startOrdersOms, type OrdersOms, PARIS } from './support/orderFixtures.js';

describe('POST /orders (order capture)', function () {
  this.timeout(30_000);
  let t: OrdersOms;
  before(async () => {
    t = await startOrdersOms();
  });
  after(async () => t?.close());

  it('answers 201 with the placed order: status, tracking token, promise, lines with nodes, totals — and the stock is held', async () => {
    const before = availableOf(await position(t, 'dc-paris', 'TEE'));
    const res = await place(t, orderBody({ lines: [{ sku: 'TEE', quantity: 2 }, { sku: 'MUG', quantity: 1 }] }), 'happy-1');
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const body = res.body;
    expect(body.orderId).to.match(/^ord-[0-9a-f-]{36}$/);
    expect(res.headers.location).to.equal(`/orders/${body.orderId}`);
    expect(body.status).to.equal('placed');
    expect(body.trackingToken).to.match(/^trk_/);
    expect(body.promise).to.include({ method: 'delivery', service: 'standard' });
    expect(body.promise.deliverBy).to.match(/^\d{4}-\d{2}-\d{2}$/);
    expect(body.promise.explanation).to.be.an('array').that.is.not.empty;
    expect(body.lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity])).to.deep.equal([['TEE', 2], ['MUG', 1]]);
    for (const line of body.lines) {
      expect(line.node).to.be.a('string');
      expect(line.backordered).to.equal(false);
      const held = await position(t, line.node, line.sku);
      const r = held.reservations.get(line.reservationId);
      expect(r, `reservation of ${line.sku} at ${line.node}`).to.include({ orderId: body.orderId, lineId: line.lineId, quantity: line.quantity, status: 'held' });
    }
    expect(body.totals).to.deep.equal({ currency: 'EUR', subtotal: '52.48', discount: '0.00', shipping: '4.90', tax: '9.56', duties: '0.00', total: '57.38' });
    const teeNode = body.lines[0].node;
    if (teeNode === 'dc-paris') expect(availableOf(await position(t, 'dc-paris', 'TEE'))).to.equal(before - 2);
    // The read models see the hold too.
    await settle(t);
    const availability = await t.oms.readStore.collection('inventory_positions_v1').findOne({ _id: `${teeNode}~TEE` });
    expect(availability?.reserved).to.be.at.least(2);
  });

  it('prices a cross-border order: duty on goods shipped into the EU from the UK above the EUR 150 de minimis', async () => {
    const res = await place(t, orderBody({ lines: [{ sku: 'COAT', quantity: 1 }] }), 'coat-1');
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.lines[0]).to.include({ node: 'store-london', duty: '13.33', taxRate: '20' });
    // 400.00 incl. 20 % VAT: customs value 333.33, 4 % duty 13.33; free shipping over 60.
    expect(res.body.totals).to.deep.equal({ currency: 'EUR', subtotal: '400.00', discount: '0.00', shipping: '0.00', tax: '66.67', duties: '13.33', total: '413.33' });
  });

  it('applies a coupon (the same promotions on every channel) and refuses an unknown one with 422', async () => {
    const ok = await place(t, orderBody({ channel: 'call_center', lines: [{ sku: 'TEE', quantity: 3 }], coupons: ['welcome10'] }), 'coupon-1');
    expect(ok.status, JSON.stringify(ok.body)).to.equal(201);
    expect(ok.body.totals).to.include({ subtotal: '59.97', discount: '6.00', shipping: '4.90', total: '58.87' });
    expect(ok.body.promotions).to.deep.equal([{ id: 'welcome10-eur', code: 'WELCOME10', amount: '6.00' }]);
    const head = await t.oms.eventStore.headPosition();
    const bad = await place(t, orderBody({ lines: [{ sku: 'TEE', quantity: 1 }], coupons: ['NOPE'] }), 'coupon-2');
    expect(bad.status).to.equal(422);
    expect(bad.body.code).to.equal('UNKNOWN_COUPON');
    expect(await t.oms.eventStore.headPosition()).to.equal(head);
  });

  it('places a store pickup order at the store itself, without shipping', async () => {
    const res = await place(t, orderBody({ channel: 'store', deliveryMethod: 'pickup', destination: undefined, pickupNode: 'store-12', lines: [{ sku: 'TEE', quantity: 2 }] }), 'pickup-1');
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.pickupNode).to.equal('store-12');
    expect(res.body.lines[0].node).to.equal('store-12');
    expect(res.body.totals.shipping).to.equal('0.00');
    expect(res.body.promise).to.include({ method: 'pickup', nodeId: 'store-12' });
    expect(res.body.promise.readyBy).to.be.a('string');
    // The store has 3 mugs: a pickup of 5 is out of stock there, whatever the DC holds.
    const short = await place(t, orderBody({ deliveryMethod: 'pickup', destination: undefined, pickupNode: 'store-12', lines: [{ sku: 'MUG', quantity: 5 }] }), 'pickup-2');
    expect(short.status).to.equal(409);
    expect(short.body.code).to.equal('OUT_OF_STOCK');
  });

  it('places a ship-to-store order: sourced from a DC, collected (and taxed) at the store, free delivery', async () => {
    const res = await place(t, orderBody({ deliveryMethod: 'ship_to_store', destination: undefined, pickupNode: 'store-12', lines: [{ sku: 'BOOK', quantity: 1 }] }), 'sts-1');
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.lines[0]).to.include({ node: 'dc-berlin', taxRate: '5.5' });
    expect(res.body.totals).to.include({ shipping: '0.00', total: '32.00' });
    expect(res.body.promise).to.include({ method: 'shipToStore', nodeId: 'store-12' });
    const ineligible = await place(t, orderBody({ deliveryMethod: 'ship_to_store', destination: undefined, pickupNode: 'store-london', lines: [{ sku: 'TEE', quantity: 1 }] }), 'sts-2');
    expect(ineligible.status).to.equal(422);
    expect(ineligible.body).to.include({ code: 'PICKUP_NODE_INELIGIBLE', field: 'pickupNode' });
  });

  it('names every invalid field and why (400), and refuses unknown SKUs and unsupported currencies (422), writing nothing', async () => {
    const head = await t.oms.eventStore.headPosition();
    const res = await place(t, { channel: 'fax', customerId: 'c', currency: 'eur', deliveryMethod: 'standard', lines: [{ sku: 'TEE', quantity: 0 }] }, 'invalid-1');
    expect(res.status).to.equal(400);
    expect(res.body.code).to.equal('VALIDATION_FAILED');
    const fields = (res.body.errors as { field: string; message: string }[]).map((e) => e.field);
    expect(fields).to.include.members(['channel', 'currency', 'destination', 'lines[0].quantity']);
    for (const e of res.body.errors as { field: string; message: string }[]) expect(e.message).to.contain(e.field.replace(/^lines\[0\]\./, ''));
    const unknown = await place(t, orderBody({ lines: [{ sku: 'TEE', quantity: 1 }, { sku: 'GHOST', quantity: 1 }] }), 'invalid-2');
    expect(unknown.status).to.equal(422);
    expect(unknown.body.code).to.equal('UNKNOWN_SKU');
    expect(unknown.body.errors).to.deep.equal([{ field: 'lines[1].sku', sku: 'GHOST', reason: 'is not in the catalog' }]);
    const currency = await place(t, orderBody({ currency: 'JPY' }), 'invalid-3');
    expect(currency.status).to.equal(422);
    expect(currency.body.code).to.equal('UNSUPPORTED_CURRENCY');
    const noPrice = await place(t, orderBody({ currency: 'GBP', lines: [{ sku: 'BOOK', quantity: 1 }] }), 'invalid-4');
    expect(noPrice.status).to.equal(422);
    expect(noPrice.body.code).to.equal('SKU_NOT_ORDERABLE');
    expect(await t.oms.eventStore.headPosition()).to.equal(head);
  });

  it('POST /promise quotes delivery and pickup options without ordering or holding stock', async () => {
    const head = await t.oms.eventStore.headPosition();
    const res = await request(t.app).post('/promise').send({ destination: PARIS, lines: [{ sku: 'TEE', quantity: 1 }] });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const methods = (res.body.options as { method: string; service?: string; node?: string }[]).map((o) => `${o.method}:${o.service ?? o.node}`);
    expect(methods).to.include.members(['delivery:standard', 'delivery:express', 'pickup:store-12']);
    const standard = res.body.options.find((o: { method: string; service?: string }) => o.method === 'delivery' && o.service === 'standard');
    expect(standard.deliverBy).to.match(/^\d{4}-\d{2}-\d{2}$/);
    expect(standard.explanation).to.be.an('array').that.is.not.empty;
    expect(await t.oms.eventStore.headPosition()).to.equal(head);
    const none = await request(t.app).post('/promise').send({ lines: [{ sku: 'TEE', quantity: 1 }] });
    expect(none.status).to.equal(422);
  });
});
