import { expect } from 'chai';
import { Decimal } from 'decimal.js';
import { orderTotals } from '../../../../domain/order/index.js';
import { simulatedTotals } from '../../../../infrastructure/payments/simulatedGateway.js';
import { startHarness, type Harness } from './support/fulfilmentHarness.js';

const SKUS = ['SKU-A', 'SKU-B'];
const book = async (h: Harness, orderId: string) => {
  const tender = (await h.order(orderId)).tenders[0]!;
  return simulatedTotals(h.gatewayStore, tender.tenderId);
};
const total = async (h: Harness, orderId: string) => orderTotals(await h.order(orderId)).total.amount;
const ship = (h: Harness, orderId: string, shipmentId: string, node: string, lines: { lineId: string; quantity: number }[]) =>
  h.send(orderId, 'RecordShipped', { shipmentId, node, lines, carrier: 'ups', trackingNumber: `T-${shipmentId}`, shippedAt: new Date().toISOString() });

describe('application/processes/orderFulfilment — placement to delivery', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness([{ id: 'dc-a' }, { id: 'dc-b' }]);
    for (const sku of SKUS) {
      await h.receive('dc-a', sku, 10);
      await h.receive('dc-b', sku, 10);
    }
  });
  afterEach(() => h.close());

  it('confirms the checkout holds, screens, authorizes the total, sources and releases to the node', async () => {
    await h.place({ orderId: 'o-1', lines: [{ lineId: 'L1', sku: 'SKU-A', quantity: 2, unitPrice: '30.00', node: 'dc-a' }, { lineId: 'L2', sku: 'SKU-B', quantity: 1, unitPrice: '12.50', node: 'dc-a' }] });
    await h.settle();
    const order = await h.order('o-1');
    expect(order.status).to.equal('released');
    expect(order.tenders).to.have.length(1);
    expect(order.tenders[0]).to.include({ status: 'authorized', method: 'card' });
    expect(order.tenders[0]!.authorized.amount).to.equal(await total(h, 'o-1'));
    expect((await h.holds('o-1', SKUS)).map((x) => [x.lineId, x.node, x.quantity, x.status])).to.deep.equal([['L1', 'dc-a', 2, 'confirmed'], ['L2', 'dc-a', 1, 'confirmed']]);
    const ledger = await h.ledger('o-1');
    expect(ledger.screening).to.include({ decision: 'pass', score: 0 });
    expect(ledger.tenders[order.tenders[0]!.tenderId]!.authorized.amount).to.equal(await total(h, 'o-1'));
    // A release starts the acceptance timeout; the node accepting cancels it.
    await h.send('o-1', 'NodeAccepted', { node: 'dc-a' });
    await h.settle();
    const timers = await h.stores.readStore.collection('process_timers').find({ group: 'o-1' });
    expect(timers.map((t) => t.status)).to.deep.equal(['cancelled']);
  });

  it('partial shipments consume stock and capture per shipment; the captures add up to the total', async () => {
    await h.place({ orderId: 'o-2', lines: [{ lineId: 'L1', sku: 'SKU-A', quantity: 3, unitPrice: '20.00', node: 'dc-a' }, { lineId: 'L2', sku: 'SKU-B', quantity: 1, unitPrice: '15.00', node: 'dc-a' }] });
    await h.settle();
    await ship(h, 'o-2', 's1', 'dc-a', [{ lineId: 'L1', quantity: 2 }]);
    await h.settle();
    const afterFirst = await book(h, 'o-2');
    const firstCapture = (await h.order('o-2')).shipments[0]!.captured.amount;
    expect(afterFirst!.captured).to.equal(firstCapture);
    expect(new Decimal(firstCapture).greaterThan(0)).to.equal(true);
    expect((await h.holds('o-2', SKUS)).map((x) => [x.lineId, x.quantity])).to.deep.equal([['L1', 1], ['L2', 1]]);
    expect((await h.position('dc-a', 'SKU-A')).onHand).to.equal(8);

    await ship(h, 'o-2', 's2', 'dc-a', [{ lineId: 'L1', quantity: 1 }, { lineId: 'L2', quantity: 1 }]);
    await h.settle();
    for (const s of ['s1', 's2']) await h.send('o-2', 'RecordDelivered', { shipmentId: s, deliveredAt: new Date().toISOString() });
    await h.settle();
    const order = await h.order('o-2');
    expect(order.status).to.equal('delivered');
    expect((await book(h, 'o-2'))!.captured).to.equal(await total(h, 'o-2'));
    const ledger = await h.ledger('o-2');
    expect(ledger.tenders[order.tenders[0]!.tenderId]!.captured.amount).to.equal(await total(h, 'o-2'));
    expect(await h.holds('o-2', SKUS)).to.deep.equal([]);
    expect((await h.position('dc-a', 'SKU-A')).onHand).to.equal(7);
    expect((await h.position('dc-a', 'SKU-B')).onHand).to.equal(9);
  });

  it('cancelling the rest after a partial shipment releases only the unshipped stock and voids only the uncaptured money', async () => {
    await h.place({ orderId: 'o-3', lines: [{ lineId: 'L1', sku: 'SKU-A', quantity: 3, unitPrice: '20.00', node: 'dc-a' }] });
    await h.settle();
    await ship(h, 'o-3', 's1', 'dc-a', [{ lineId: 'L1', quantity: 1 }]);
    await h.settle();
    await h.send('o-3', 'CancelLines', { lines: [{ lineId: 'L1', quantity: 2 }], reason: 'customer changed their mind' });
    await h.settle();
    const order = await h.order('o-3');
    const books = (await book(h, 'o-3'))!;
    expect(books.captured).to.equal(order.shipments[0]!.captured.amount);
    expect(new Decimal(books.captured).plus(books.voided).toFixed(2)).to.equal(order.tenders[0]!.authorized.amount);
    expect(books.refunded).to.equal('0.00');
    expect(await h.holds('o-3', SKUS)).to.deep.equal([]);
    const position = await h.position('dc-a', 'SKU-A');
    expect({ onHand: position.onHand, reserved: position.reserved }).to.deep.equal({ onHand: 9, reserved: 0 });
  });

  it('cancelling one unit of a three-unit line keeps a hold of exactly two (release and re-reserve)', async () => {
    await h.place({ orderId: 'o-4', lines: [{ lineId: 'L1', sku: 'SKU-A', quantity: 3, unitPrice: '20.00', node: 'dc-a' }] });
    await h.settle();
    await h.send('o-4', 'CancelLines', { lines: [{ lineId: 'L1', quantity: 1 }], reason: 'one is enough' });
    await h.settle();
    expect((await h.holds('o-4', SKUS)).map((x) => [x.node, x.quantity, x.status])).to.deep.equal([['dc-a', 2, 'confirmed']]);
    expect((await h.position('dc-a', 'SKU-A')).reserved).to.equal(2);
    const books = (await book(h, 'o-4'))!;
    expect(new Decimal(books.voided).greaterThan(0)).to.equal(true);
  });

  it('holds a high-value order for review, authorizes and releases once approved', async () => {
    await h.place({ orderId: 'o-5', lines: [{ lineId: 'L1', sku: 'SKU-A', quantity: 2, unitPrice: '1500.00', node: 'dc-a' }] });
    await h.settle();
    let order = await h.order('o-5');
    expect(order.status).to.equal('fraud_hold');
    expect(order.fraud.reasons[0]).to.match(/^high-value/);
    expect(order.tenders).to.deep.equal([]);
    expect((await h.holds('o-5', SKUS))[0]).to.include({ status: 'confirmed', quantity: 2 });
    await h.send('o-5', 'ApproveReview', { note: 'known customer' });
    await h.settle();
    order = await h.order('o-5');
    expect(order.status).to.equal('released');
    expect(order.tenders[0]!.status).to.equal('authorized');
  });

  it('a rejected review cancels the order: stock released, nothing charged', async () => {
    await h.place({ orderId: 'o-6', lines: [{ lineId: 'L1', sku: 'SKU-A', quantity: 2, unitPrice: '1500.00', node: 'dc-a' }] });
    await h.settle();
    await h.send('o-6', 'RejectReview', { reasons: ['stolen card'] });
    await h.settle();
    expect((await h.order('o-6')).status).to.equal('cancelled');
    expect(await h.holds('o-6', SKUS)).to.deep.equal([]);
    expect((await h.position('dc-a', 'SKU-A')).reserved).to.equal(0);
  });

  it('a declined payment holds the order, then cancels it at the deadline and frees the stock', async () => {
    await h.close();
    h = await startHarness([{ id: 'dc-a' }], { settings: { paymentDeclineDeadlineMs: 800 } });
    await h.receive('dc-a', 'SKU-A', 10);
    await h.place({ orderId: 'o-7', customerId: 'decline-bob', lines: [{ lineId: 'L1', sku: 'SKU-A', quantity: 1, unitPrice: '20.00', node: 'dc-a' }] });
    await h.settle();
    expect((await h.order('o-7')).status).to.equal('payment_declined');
    expect((await h.holds('o-7', SKUS))).to.have.length(1);
    await h.waitFor('the decline deadline to cancel the order', async () => (await h.order('o-7')).status === 'cancelled');
    await h.settle();
    expect(await h.holds('o-7', SKUS)).to.deep.equal([]);
    expect((await h.position('dc-a', 'SKU-A')).reserved).to.equal(0);
  });
});
