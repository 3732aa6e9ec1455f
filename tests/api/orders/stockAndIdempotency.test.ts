import { expect } from 'chai';
import { placeOrder, type PlaceOrderInput } from '../../../application/orders/placeOrder.js';
import { availableOf } from '../../../domain/inventory/index.js';
import { NOW, orderBody, place, position, startOrdersOms, type OrdersOms } from './support/orderFixtures.js';
import { placementDepsOf } from '../../../api/bootstrap/placementDeps.js';

const countOrders = async (t: OrdersOms): Promise<number> => {
  let n = 0;
  for await (const e of t.oms.eventStore.readAll({ filter: { eventTypes: ['OrderPlaced'] } })) if (e.type === 'OrderPlaced') n += 1;
  return n;
};

const reservationsOf = async (t: OrdersOms, node: string, sku: string, orderId: string) =>
  [...(await position(t, node, sku)).reservations.values()].filter((r) => r.orderId === orderId);

describe('order capture: idempotency and stock', function () {
  this.timeout(30_000);
  let t: OrdersOms;
  beforeEach(async () => {
    t = await startOrdersOms({ backorderChannels: ['marketplace'] });
  });
  afterEach(async () => t?.close());

  it('a retried request with the same Idempotency-Key returns the same 201 body: one order, one set of holds', async () => {
    const body = orderBody({ lines: [{ sku: 'TEE', quantity: 2 }, { sku: 'MUG', quantity: 2 }] });
    const first = await place(t, body, 'retry-me');
    expect(first.status).to.equal(201);
    const second = await place(t, body, 'retry-me');
    expect(second.status).to.equal(201);
    expect(second.body).to.deep.equal(first.body);
    expect(second.headers['idempotent-replayed']).to.equal('true');
    expect(await countOrders(t)).to.equal(1);
    for (const line of first.body.lines) expect(await reservationsOf(t, line.node, line.sku, first.body.orderId)).to.have.length(1);
  });

  it('the same key with another body is 422 IDEMPOTENCY_KEY_REUSED (at the edge and in the use case itself)', async () => {
    const first = await place(t, orderBody(), 'reused');
    expect(first.status).to.equal(201);
    const other = await place(t, orderBody({ lines: [{ sku: 'TEE', quantity: 3 }] }), 'reused');
    expect(other.status).to.equal(422);
    expect(other.body.code).to.equal('IDEMPOTENCY_KEY_REUSED');
    // Without the API's idempotency records (expired, or another instance's store), the order itself tells.
    const deps = placementDepsOf(t.oms);
    const meta = { idempotencyKey: 'direct', keyScope: 'scope-a', now: NOW.toISOString(), actor: { kind: 'agent' as const, id: 'a1' } };
    const input = orderBody() as unknown as PlaceOrderInput;
    const placed = await placeOrder(deps, input, meta);
    const again = await placeOrder(deps, input, meta);
    expect(again.created).to.equal(false);
    expect(again.order).to.deep.equal(placed.order);
    let error: unknown;
    await placeOrder(deps, { ...input, customerId: 'someone-else' }, meta).catch((e: unknown) => (error = e));
    expect(error).to.have.property('code', 'IDEMPOTENCY_KEY_REUSED');
    // Another caller's identical key is another order.
    const otherCaller = await placeOrder(deps, input, { ...meta, keyScope: 'scope-b' });
    expect(otherCaller.order.orderId).to.not.equal(placed.order.orderId);
  });

  it('out of stock is 409 OUT_OF_STOCK naming the SKUs, and writes nothing', async () => {
    const head = await t.oms.eventStore.headPosition();
    const res = await place(t, orderBody({ lines: [{ sku: 'TEE', quantity: 1 }, { sku: 'LAST', quantity: 2 }, { sku: 'BOOK', quantity: 11 }] }), 'oos-1');
    expect(res.status).to.equal(409);
    expect(res.body.code).to.equal('OUT_OF_STOCK');
    expect(res.body.skus).to.deep.equal([
      { sku: 'BOOK', requested: 11, available: 10, short: 1 },
      { sku: 'LAST', requested: 2, available: 1, short: 1 },
    ]);
    expect(res.body.detail).to.contain('BOOK').and.to.contain('LAST').and.not.to.contain('TEE');
    expect(await t.oms.eventStore.headPosition()).to.equal(head);
    expect((await position(t, 'dc-paris', 'TEE')).reserved).to.equal(0);
  });

  it('two buyers of the last unit at the same time: exactly one 201 and one 409, and no hold left behind', async () => {
    const [a, b] = await Promise.all([
      place(t, orderBody({ customerId: 'alice', lines: [{ sku: 'LAST', quantity: 1 }] }), 'buyer-a'),
      place(t, orderBody({ customerId: 'bob', lines: [{ sku: 'LAST', quantity: 1 }] }), 'buyer-b'),
    ]);
    expect([a.status, b.status].sort()).to.deep.equal([201, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.code).to.equal('OUT_OF_STOCK');
    const last = await position(t, 'dc-paris', 'LAST');
    expect(last.reserved).to.equal(1);
    expect(availableOf(last)).to.equal(0);
    expect([...last.reservations.values()]).to.have.length(1);
  });

  it('many buyers racing for five units: five 201s, the rest 409, never more held than on hand', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => place(t, orderBody({ customerId: `c${i}`, deliveryMethod: 'pickup', destination: undefined, pickupNode: 'store-12', lines: [{ sku: 'TEE', quantity: 1 }] }), `race-${i}`)),
    );
    expect(results.filter((r) => r.status === 201)).to.have.length(5);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'OUT_OF_STOCK')).to.equal(true);
    const store = await position(t, 'store-12', 'TEE');
    expect(store.reserved).to.equal(5);
    expect(store.onHand).to.equal(5);
  });

  it('a line no single node can cover is split over nodes: the first part keeps the line id, the others get 1.2, 1.3…', async () => {
    const first = await place(t, orderBody({ lines: [{ sku: 'TEE', quantity: 60 }] }), 'bulk-1');
    expect(first.status).to.equal(201);
    const nodes = first.body.lines.map((l: { node: string; quantity: number; lineId: string }) => `${l.lineId}@${l.node}×${l.quantity}`);
    expect(first.body.lines.reduce((n: number, l: { quantity: number }) => n + l.quantity, 0)).to.equal(60);
    expect(nodes.length).to.be.greaterThan(1);
    expect(first.body.lines[0].lineId).to.equal('1');
    expect(first.body.lines.slice(1).every((l: { lineId: string }) => /^1\.\d+$/.test(l.lineId))).to.equal(true);
  });

  it('a channel that takes backorders gets a 201 with the missing units backordered (no node, no hold)', async () => {
    const res = await place(t, orderBody({ channel: 'marketplace', lines: [{ sku: 'LAST', quantity: 3 }] }), 'backorder-1');
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const held = res.body.lines.filter((l: { backordered: boolean }) => !l.backordered);
    const back = res.body.lines.filter((l: { backordered: boolean }) => l.backordered);
    expect(held.map((l: { quantity: number; node: string }) => [l.node, l.quantity])).to.deep.equal([['dc-paris', 1]]);
    expect(back.map((l: { quantity: number; node: string | null }) => [l.node, l.quantity])).to.deep.equal([[null, 2]]);
    const web = await place(t, orderBody({ channel: 'web', lines: [{ sku: 'BOOK', quantity: 11 }] }), 'backorder-2');
    expect(web.status).to.equal(409);
  });
});
