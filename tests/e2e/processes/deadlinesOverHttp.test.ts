import { expect } from 'chai';
import { orderTotals } from '../../../domain/order/index.js';
import { receive, startProcessOms, type ProcessOms } from './support/processOms.js';

/** End to end over HTTP: the deadlines of fulfilment (pickup, node acceptance) and supply arriving for backorders. */
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

describe('e2e/processes — deadlines and backorders over HTTP', function () {
  this.timeout(20_000);
  let p: ProcessOms | undefined;
  afterEach(async () => {
    await p?.close();
    p = undefined;
  });

  it('pickup in store: ready for pickup, collected — store stock consumed, total captured', async () => {
    p = await startProcessOms();
    await receive(p, 'store-paris', 'MUG', 5);
    const orderId = await p.place({ deliveryMethod: 'pickup', pickupNode: 'store-paris', destination: undefined, lines: [{ sku: 'MUG', quantity: 2 }] });
    await p.settle();
    expect(await p.units(orderId, 'released', 'store-paris')).to.equal(2);
    await p.act(orderId, 'MarkReadyForPickup', { node: 'store-paris', deadline: inMs(60_000) });
    await p.act(orderId, 'RecordPickedUp', { node: 'store-paris', pickedUpAt: new Date().toISOString() });
    await p.settle();
    const order = await p.order(orderId);
    expect(order.status).to.equal('picked_up');
    expect((await p.money(orderId)).captured).to.equal(orderTotals(order).total.amount);
    expect(await p.stock('MUG')).to.deep.include({ 'store-paris': { onHand: 3, reserved: 0 } });
  });

  it('pickup not collected by the deadline: cancelled, stock back on the shelf, authorization voided', async () => {
    p = await startProcessOms();
    await receive(p, 'store-paris', 'MUG', 5);
    const orderId = await p.place({ deliveryMethod: 'pickup', pickupNode: 'store-paris', destination: undefined, lines: [{ sku: 'MUG', quantity: 2 }] });
    await p.settle();
    await p.act(orderId, 'MarkReadyForPickup', { node: 'store-paris', deadline: inMs(300) });
    await p.until('the pickup deadline', async () => (await p!.order(orderId)).status === 'cancelled');
    await p.settle();
    const money = await p.money(orderId);
    expect({ captured: money.captured, voided: money.voided }).to.deep.equal({ captured: '0.00', voided: money.authorized });
    expect(await p.stock('MUG')).to.deep.include({ 'store-paris': { onHand: 5, reserved: 0 } });
  });

  it('a node that never answers: the acceptance timeout re-sources the work to another node', async () => {
    p = await startProcessOms({ acceptanceTimeoutMs: 300 });
    await receive(p, 'dc-north', 'MUG', 10);
    await receive(p, 'dc-south', 'MUG', 10);
    const orderId = await p.place({ lines: [{ sku: 'MUG', quantity: 2 }] });
    await p.until('re-sourcing to dc-south', async () => (await p!.units(orderId, 'released', 'dc-south')) === 2);
    await p.act(orderId, 'NodeAccepted', { node: 'dc-south' });
    await p.settle();
    expect((await p.order(orderId)).lines[0]!.rejectedBy).to.deep.equal(['dc-north']);
    expect(await p.stock('MUG')).to.deep.include({ 'dc-north': { onHand: 10, reserved: 0 }, 'dc-south': { onHand: 10, reserved: 2 } });
  });

  it('a backorder is released when stock arrives: rejected where the only stock was, then supplied elsewhere', async () => {
    p = await startProcessOms();
    await receive(p, 'dc-north', 'BOOK', 2);
    const orderId = await p.place({ lines: [{ sku: 'BOOK', quantity: 2 }] });
    await p.settle();
    await p.act(orderId, 'NodeRejected', { node: 'dc-north', reason: 'books are water-damaged' });
    await p.settle();
    expect((await p.order(orderId)).status).to.equal('backordered');
    expect(await p.units(orderId, 'backordered')).to.equal(2);
    await receive(p, 'dc-south', 'BOOK', 5);
    await p.settle();
    expect(await p.units(orderId, 'released', 'dc-south')).to.equal(2);
    expect((await p.order(orderId)).status).to.equal('released');
    expect(await p.stock('BOOK')).to.deep.include({ 'dc-north': { onHand: 2, reserved: 0 }, 'dc-south': { onHand: 5, reserved: 2 } });
  });

  it('a pending payment (slow- customer) is polled until authorized, then the order is released', async () => {
    p = await startProcessOms({}, 200);
    await receive(p, 'dc-north', 'MUG', 10);
    const orderId = await p.place({ customerId: 'slow-sam', lines: [{ sku: 'MUG', quantity: 1 }] });
    await p.settle();
    expect((await p.order(orderId)).status).to.equal('payment_pending');
    await p.until('the payment to settle', async () => (await p!.order(orderId)).status === 'released');
    const health = await p.http.get('/health');
    expect(health.body.checks.processes).to.deep.include({ status: 'ok' });
    expect(health.body.checks.processes.timers.fired).to.be.greaterThan(0);
  });
});
