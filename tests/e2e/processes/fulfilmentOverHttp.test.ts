import { expect } from 'chai';
import { Decimal } from 'decimal.js';
import { orderTotals } from '../../../domain/order/index.js';
import { receive, startProcessOms, type ProcessOms } from './support/processOms.js';

/**
 * End to end over HTTP: orders placed with `POST /orders` (checkout sourcing and holds), the order
 * fulfilment process reacting through the real subscription, the payment simulator as the PSP,
 * stock checked through `GET /inventory/:sku`.
 */
const shipped = (p: ProcessOms, orderId: string, shipmentId: string, node: string, lines: { lineId: string; quantity: number }[]) =>
  p.act(orderId, 'RecordShipped', { shipmentId, node, lines, carrier: 'colissimo', trackingNumber: `6A${shipmentId}`, shippedAt: new Date().toISOString() });

describe('e2e/processes — order fulfilment over HTTP', function () {
  this.timeout(20_000);
  let p: ProcessOms;
  beforeEach(async () => {
    p = await startProcessOms({ paymentDeclineDeadlineMs: 1_000 });
    await receive(p, 'dc-north', 'MUG', 10);
    await receive(p, 'dc-south', 'MUG', 10);
    await receive(p, 'dc-north', 'LAMP', 3);
  });
  afterEach(() => p.close());

  it('place → ship part → ship the rest → deliver: stock consumed, captures add up to the total', async () => {
    const orderId = await p.place({ lines: [{ sku: 'MUG', quantity: 3 }] });
    await p.settle();
    expect((await p.order(orderId)).status).to.equal('released');
    expect(await p.stock('MUG')).to.deep.include({ 'dc-north': { onHand: 10, reserved: 3 } });
    await p.act(orderId, 'NodeAccepted', { node: 'dc-north' });
    await shipped(p, orderId, 'S1', 'dc-north', [{ lineId: '1', quantity: 1 }]);
    await p.settle();
    const first = await p.money(orderId);
    expect(new Decimal(first.captured).greaterThan(0)).to.equal(true);
    expect(await p.stock('MUG')).to.deep.include({ 'dc-north': { onHand: 9, reserved: 2 } });
    await shipped(p, orderId, 'S2', 'dc-north', [{ lineId: '1', quantity: 2 }]);
    await p.settle();
    for (const s of ['S1', 'S2']) await p.act(orderId, 'RecordDelivered', { shipmentId: s, deliveredAt: new Date().toISOString() });
    await p.settle();
    const order = await p.order(orderId);
    expect(order.status).to.equal('delivered');
    const money = await p.money(orderId);
    expect(money.captured).to.equal(orderTotals(order).total.amount);
    expect(order.shipments.map((s) => s.captured.amount).reduce((a, b) => a.plus(b), new Decimal(0)).toFixed(2)).to.equal(money.captured);
    expect(await p.stock('MUG')).to.deep.include({ 'dc-north': { onHand: 7, reserved: 0 } });
  });

  it('node rejects → the reservation moves to another node and the work is released there', async () => {
    const orderId = await p.place({ lines: [{ sku: 'MUG', quantity: 2 }] });
    await p.settle();
    await p.act(orderId, 'NodeRejected', { node: 'dc-north', reason: 'flooded warehouse' });
    await p.settle();
    expect(await p.units(orderId, 'released', 'dc-south')).to.equal(2);
    expect(await p.stock('MUG')).to.deep.include({ 'dc-north': { onHand: 10, reserved: 0 }, 'dc-south': { onHand: 10, reserved: 2 } });
  });

  it('cancel after a partial shipment: only the unshipped units are freed and only uncaptured money is voided', async () => {
    const orderId = await p.place({ lines: [{ sku: 'MUG', quantity: 4 }] });
    await p.settle();
    await shipped(p, orderId, 'S1', 'dc-north', [{ lineId: '1', quantity: 1 }]);
    await p.settle();
    await p.act(orderId, 'CancelLines', { lines: [{ lineId: '1', quantity: 3 }], reason: 'customer request' });
    await p.settle();
    const order = await p.order(orderId);
    const money = await p.money(orderId);
    expect(money.captured).to.equal(order.shipments[0]!.captured.amount);
    expect(new Decimal(money.captured).plus(money.voided).toFixed(2)).to.equal(money.authorized);
    expect(money.refunded).to.equal('0.00');
    expect(orderTotals(order).total.amount).to.equal(money.captured);
    expect(await p.stock('MUG')).to.deep.include({ 'dc-north': { onHand: 9, reserved: 0 } });
  });

  it('fraud hold (high value) → approve → authorized and released', async () => {
    const orderId = await p.place({ lines: [{ sku: 'LAMP', quantity: 2 }] });
    await p.settle();
    let order = await p.order(orderId);
    expect(order.status).to.equal('fraud_hold');
    expect((await p.ledger(orderId)).screening?.decision).to.equal('hold');
    expect(await p.stock('LAMP')).to.deep.include({ 'dc-north': { onHand: 3, reserved: 2 } });
    await p.act(orderId, 'ApproveReview', { note: 'called the customer' });
    await p.settle();
    order = await p.order(orderId);
    expect(order.status).to.equal('released');
    expect((await p.money(orderId)).authorized).to.equal(orderTotals(order).total.amount);
  });

  it('payment declined → held, then cancelled after the deadline with its stock released', async () => {
    const orderId = await p.place({ customerId: 'decline-dan', lines: [{ sku: 'MUG', quantity: 2 }] });
    await p.settle();
    expect((await p.order(orderId)).status).to.equal('payment_declined');
    expect(await p.stock('MUG')).to.deep.include({ 'dc-north': { onHand: 10, reserved: 2 } });
    await p.until('the decline deadline', async () => (await p.order(orderId)).status === 'cancelled');
    await p.settle();
    expect(await p.stock('MUG')).to.deep.include({ 'dc-north': { onHand: 10, reserved: 0 } });
  });
});
