import { expect } from 'chai';
import request from 'supertest';
import { orderBody, place, position, startOrdersOms, type OrdersOms } from '../../api/orders/support/orderFixtures.js';

const until = async <T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/**
 * The whole flow with the order process managers running: the API captures and holds, the
 * processes (another feature) take payment, source, confirm and release; the node reports the
 * shipment over the API and the processes consume the stock. Coordination is by events only.
 */
describe('order lifecycle with the process managers (e2e)', function () {
  this.timeout(60_000);
  let t: OrdersOms;
  before(async () => {
    t = await startOrdersOms({}, { processes: true });
  });
  after(async () => t?.close());

  it('placed → released by the processes → shipped over the API → stock consumed at the node', async () => {
    const placed = await place(t, orderBody({ lines: [{ sku: 'TEE', quantity: 2 }] }), 'e2e-1');
    expect(placed.status, JSON.stringify(placed.body)).to.equal(201);
    const { orderId, lines } = placed.body as { orderId: string; lines: { node: string; reservationId: string }[] };
    const node = lines[0]!.node;
    const onHand = (await position(t, node, 'TEE')).onHand;
    const released = await until('release', async () => (await request(t.app).get(`/orders/${orderId}`)).body, (b) => b.status === 'released');
    expect(released.lines[0].quantities.released).to.equal(2);
    expect(released.lines[0].quantities.allocatedByNode).to.deep.equal({ [node]: 2 });
    const shipped = await request(t.app).post(`/orders/${orderId}/shipments`).set('Idempotency-Key', 'e2e-ship')
      .send({ node, lines: [{ lineId: '1', quantity: 2 }], carrier: 'dhl', trackingNumber: 'JD0001' });
    expect(shipped.status, JSON.stringify(shipped.body)).to.equal(200);
    expect(shipped.body.status).to.equal('shipped');
    const after = await until('consumption', () => position(t, node, 'TEE'), (p) => p.onHand === onHand - 2);
    expect(after.reserved).to.equal(0);
  });

  it('a cancellation over the API releases the checkout holds (through the processes)', async () => {
    const placed = await place(t, orderBody({ customerId: 'slow-payer', lines: [{ sku: 'MUG', quantity: 3 }] }), 'e2e-2');
    expect(placed.status).to.equal(201);
    const { orderId, lines } = placed.body as { orderId: string; lines: { node: string }[] };
    const cancel = await request(t.app).post(`/orders/${orderId}/cancel`).set('Idempotency-Key', 'e2e-cancel').send({ reason: 'changed my mind' });
    // Allowed whether or not the processes have released it yet (the transition table allows it up to release).
    expect(cancel.status, JSON.stringify(cancel.body)).to.equal(200);
    expect(cancel.body.status).to.equal('cancelled');
    const freed = await until('release of holds', () => position(t, lines[0]!.node, 'MUG'), (p) => [...p.reservations.values()].every((r) => r.orderId !== orderId));
    expect([...freed.reservations.values()].filter((r) => r.orderId === orderId)).to.deep.equal([]);
  });
});
