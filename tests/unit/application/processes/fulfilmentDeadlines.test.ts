import { expect } from 'chai';
import { Decimal } from 'decimal.js';
import { orderTotals } from '../../../../domain/order/index.js';
import { unitsIn } from '../../../../domain/order/units.js';
import { simulatedTotals } from '../../../../infrastructure/payments/simulatedGateway.js';
import { inventoryDecider, inventoryStreamName } from '../../../../domain/inventory/index.js';
import { price } from '../../domain/order/support/fixtures.js';
import { AGENT, startHarness, type Harness } from './support/fulfilmentHarness.js';

const SKUS = ['SKU-A'];
const inFuture = (ms: number) => new Date(Date.now() + ms).toISOString();
const stageAt = async (h: Harness, orderId: string, stage: Parameters<typeof unitsIn>[1], node?: string) =>
  (await h.order(orderId)).lines.reduce((n, l) => n + unitsIn(l, stage, node), 0);

describe('application/processes/orderFulfilment — pickup, re-sourcing, backorders, payments', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });
  const start = async (settings: Parameters<typeof startHarness>[1] = {}) => {
    h = await startHarness([{ id: 'dc-a' }, { id: 'dc-b' }, { id: 'store-1', type: 'store', capabilities: ['pickup'] }], settings);
    await h.receive('dc-a', 'SKU-A', 10);
    await h.receive('dc-b', 'SKU-A', 10);
    await h.receive('store-1', 'SKU-A', 5);
    return h;
  };

  it('pickup in store: ready, collected — stock consumed at the store, the total captured, the deadline dropped', async () => {
    const h = await start();
    await h.place({ orderId: 'p-1', deliveryMethod: 'pickup', pickupNode: 'store-1', lines: [{ lineId: 'L1', sku: 'SKU-A', quantity: 2, unitPrice: '25.00' }] });
    await h.settle();
    expect(await stageAt(h, 'p-1', 'released', 'store-1')).to.equal(2);
    await h.send('p-1', 'MarkReadyForPickup', { node: 'store-1', deadline: inFuture(60_000) });
    await h.settle();
    await h.send('p-1', 'RecordPickedUp', { node: 'store-1', pickedUpAt: new Date().toISOString() });
    await h.settle();
    const order = await h.order('p-1');
    expect(order.status).to.equal('picked_up');
    expect((await simulatedTotals(h.gatewayStore, order.tenders[0]!.tenderId))!.captured).to.equal(orderTotals(order).total.amount);
    expect((await h.position('store-1', 'SKU-A')).onHand).to.equal(3);
    expect(await h.holds('p-1', SKUS)).to.deep.equal([]);
    const timers = await h.stores.readStore.collection('process_timers').find({ group: 'p-1', tag: 'pickup' });
    expect(timers.map((t) => t.status)).to.deep.equal(['cancelled']);
  });

  it('switch to pickup before release: the store hold taken by the change is confirmed, the old one freed', async () => {
    const h = await start();
    await h.place({ orderId: 'p-3', lines: [{ lineId: 'L1', sku: 'SKU-A', quantity: 1, unitPrice: '2500.00', node: 'dc-a' }] });
    await h.settle();
    expect((await h.order('p-3')).status).to.equal('fraud_hold');
    // What the change route does: hold at the store first, then switch.
    await h.commands.handle(inventoryDecider, inventoryStreamName('store-1', 'SKU-A'), {
      type: 'ReserveStock', data: { nodeId: 'store-1', sku: 'SKU-A', reservationId: 'switch-1', orderId: 'p-3', lineId: 'L1', quantity: 1, expiresAt: inFuture(600_000) },
      metadata: { now: new Date().toISOString(), commandId: 'switch-hold-1', actor: AGENT },
    });
    await h.send('p-3', 'SwitchToPickup', { node: 'store-1', pricing: price([{ lineId: 'L1', sku: 'SKU-A', quantity: 1, unitPrice: '2500.00', taxClass: 'standard', weightGrams: 200 }], 'pickup'), reason: 'collect instead' });
    await h.settle();
    expect((await h.holds('p-3', SKUS)).map((x) => [x.node, x.quantity, x.status])).to.deep.equal([['store-1', 1, 'confirmed']]);
    await h.send('p-3', 'ApproveReview', { note: 'ok' });
    await h.settle();
    expect(await stageAt(h, 'p-3', 'released', 'store-1')).to.equal(1);
  });

  it('pickup not collected by the deadline: expired, stock back on the shelf, authorization voided', async () => {
    const h = await start();
    await h.place({ orderId: 'p-2', deliveryMethod: 'pickup', pickupNode: 'store-1', lines: [{ lineId: 'L1', sku: 'SKU-A', quantity: 2, unitPrice: '25.00' }] });
    await h.settle();
    await h.send('p-2', 'MarkReadyForPickup', { node: 'store-1', deadline: inFuture(300) });
    await h.waitFor('the pickup to expire', async () => (await h.order('p-2')).status === 'cancelled');
    await h.settle();
    const order = await h.order('p-2');
    const books = (await simulatedTotals(h.gatewayStore, order.tenders[0]!.tenderId))!;
    expect({ captured: books.captured, voided: books.voided }).to.deep.equal({ captured: '0.00', voided: order.tenders[0]!.authorized.amount });
    expect(await h.holds('p-2', SKUS)).to.deep.equal([]);
    const store = await h.position('store-1', 'SKU-A');
    expect({ onHand: store.onHand, reserved: store.reserved }).to.deep.equal({ onHand: 5, reserved: 0 });
  });

  it('a node rejecting released work: its stock is freed and the units are re-sourced and released elsewhere', async () => {
    const h = await start();
    await h.place({ orderId: 'r-1', lines: [{ lineId: 'L1', sku: 'SKU-A', quantity: 3, unitPrice: '10.00', node: 'dc-a' }] });
    await h.settle();
    await h.send('r-1', 'NodeRejected', { node: 'dc-a', reason: 'damaged stock' });
    await h.settle();
    const order = await h.order('r-1');
    expect(order.status).to.equal('released');
    expect(await stageAt(h, 'r-1', 'released', 'dc-b')).to.equal(3);
    expect(order.lines[0]!.rejectedBy).to.deep.equal(['dc-a']);
    expect((await h.holds('r-1', SKUS)).map((x) => [x.node, x.quantity, x.status])).to.deep.equal([['dc-b', 3, 'confirmed']]);
    expect((await h.position('dc-a', 'SKU-A')).reserved).to.equal(0);
  });

  it('a node that does not accept within the acceptance timeout is treated as rejecting: re-sourced', async () => {
    const h = await start({ settings: { acceptanceTimeoutMs: 250 } });
    await h.place({ orderId: 'r-2', lines: [{ lineId: 'L1', sku: 'SKU-A', quantity: 1, unitPrice: '10.00', node: 'dc-a' }] });
    await h.waitFor('re-sourcing to dc-b', async () => (await stageAt(h, 'r-2', 'released', 'dc-b')) === 1);
    await h.send('r-2', 'NodeAccepted', { node: 'dc-b' });
    await h.settle();
    const order = await h.order('r-2');
    expect(order.lines[0]!.rejectedBy).to.deep.equal(['dc-a']);
    expect((await h.holds('r-2', SKUS)).map((x) => x.node)).to.deep.equal(['dc-b']);
    const timers = await h.stores.readStore.collection('process_timers').find({ group: 'r-2' }, { sort: { dueAtMs: 1 } });
    expect(timers.map((t) => t.status)).to.deep.equal(['fired', 'cancelled']);
  });

  it('no other node has stock: the rejected units wait as a backorder and are released when stock arrives', async () => {
    const h = await start();
    await h.receive('dc-a', 'SKU-B', 2);
    await h.place({ orderId: 'b-1', lines: [{ lineId: 'L1', sku: 'SKU-B', quantity: 2, unitPrice: '10.00', node: 'dc-a' }] });
    await h.settle();
    // dc-a holds the only SKU-B; it rejects, nowhere else has any.
    await h.send('b-1', 'NodeRejected', { node: 'dc-a', reason: 'cannot find it' });
    await h.settle();
    expect((await h.order('b-1')).status).to.equal('backordered');
    expect(await h.holds('b-1', ['SKU-B'])).to.deep.equal([]);
    const waiting = await h.stores.readStore.collection('process_fulfilment_backorders').find({});
    expect(waiting.map((w) => [w._id, w.quantity])).to.deep.equal([['b-1:L1', 2]]);
    await h.receive('dc-b', 'SKU-B', 1);
    await h.settle();
    expect(await stageAt(h, 'b-1', 'released', 'dc-b')).to.equal(1);
    expect(await stageAt(h, 'b-1', 'backordered')).to.equal(1);
    await h.receive('dc-b', 'SKU-B', 4);
    await h.settle();
    expect(await stageAt(h, 'b-1', 'released', 'dc-b')).to.equal(2);
    expect((await h.holds('b-1', ['SKU-B'])).reduce((n, x) => n + x.quantity, 0)).to.equal(2);
    expect(await h.stores.readStore.collection('process_fulfilment_backorders').countDocuments({})).to.equal(0);
  });

  it('with the cancel policy, units no node can supply are cancelled instead of backordered (and their money voided)', async () => {
    const h = await start({ settings: { noStockPolicy: 'cancel' } });
    await h.receive('dc-a', 'SKU-C', 1);
    await h.place({ orderId: 'c-1', lines: [{ lineId: 'L1', sku: 'SKU-C', quantity: 1, unitPrice: '10.00', node: 'dc-a' }, { lineId: 'L2', sku: 'SKU-A', quantity: 1, unitPrice: '10.00', node: 'dc-a' }] });
    await h.settle();
    await h.send('c-1', 'NodeRejected', { node: 'dc-a', lines: [{ lineId: 'L1', quantity: 1 }], reason: 'broken' });
    await h.settle();
    const order = await h.order('c-1');
    expect(order.lines.map((l) => [l.lineId, unitsIn(l, 'cancelled'), unitsIn(l, 'released', 'dc-a')])).to.deep.equal([['L1', 1, 0], ['L2', 0, 1]]);
    expect(await stageAt(h, 'c-1', 'backordered')).to.equal(0);
    const books = (await simulatedTotals(h.gatewayStore, order.tenders[0]!.tenderId))!;
    expect(new Decimal(books.voided).greaterThan(0)).to.equal(true);
    expect((await h.holds('c-1', ['SKU-A', 'SKU-C'])).map((x) => [x.sku, x.quantity])).to.deep.equal([['SKU-A', 1]]);
  });

  it('a pending payment is polled until it settles, then the order goes on', async () => {
    const h = await start({ pendingMs: 150 });
    await h.place({ orderId: 'y-1', customerId: 'slow-sue', lines: [{ lineId: 'L1', sku: 'SKU-A', quantity: 1, unitPrice: '10.00', node: 'dc-a' }] });
    await h.settle();
    expect((await h.order('y-1')).status).to.equal('payment_pending');
    await h.waitFor('the payment to settle and the order to be released', async () => (await h.order('y-1')).status === 'released');
    expect((await h.order('y-1')).tenders[0]!.status).to.equal('authorized');
  });

  it('re-delivering every event from scratch (lost checkpoint) writes nothing new anywhere', async () => {
    const h = await start();
    await h.place({ orderId: 'x-1', lines: [{ lineId: 'L1', sku: 'SKU-A', quantity: 3, unitPrice: '10.00', node: 'dc-a' }] });
    await h.settle();
    await h.send('x-1', 'NodeRejected', { node: 'dc-a', reason: 'no' });
    await h.settle();
    await h.send('x-1', 'RecordShipped', { shipmentId: 's1', node: 'dc-b', lines: [{ lineId: 'L1', quantity: 1 }], carrier: 'ups', trackingNumber: 'T1', shippedAt: new Date().toISOString() });
    await h.settle();
    await h.send('x-1', 'CancelLines', { lines: [{ lineId: 'L1', quantity: 1 }], reason: 'less' });
    await h.settle();
    const head = await h.stores.eventStore.headPosition();
    const books = await simulatedTotals(h.gatewayStore, (await h.order('x-1')).tenders[0]!.tenderId);
    await h.restart({ resetCheckpoint: true });
    await h.settle();
    expect(await h.stores.eventStore.headPosition()).to.equal(head);
    expect(await simulatedTotals(h.gatewayStore, (await h.order('x-1')).tenders[0]!.tenderId)).to.deep.equal(books);
    expect(new Decimal(books!.captured).greaterThan(0)).to.equal(true);
    expect((await h.holds('x-1', SKUS)).map((x) => [x.node, x.quantity])).to.deep.equal([['dc-b', 1]]);
  });
});
