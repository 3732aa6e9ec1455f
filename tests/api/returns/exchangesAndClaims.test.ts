import { expect } from 'chai';
import { Decimal } from 'decimal.js';
import { startReturnsWorld, nextKey, type ReturnsWorld } from './support/returnsWorld.js';

describe('api/returns — exchanges and claims', function () {
  this.timeout(40_000);
  let w: ReturnsWorld;
  beforeEach(async () => {
    w = await startReturnsWorld();
  });
  afterEach(() => w.close());
  const post = (path: string, body: object) => w.http.post(path).set('Idempotency-Key', nextKey()).send(body);

  it('even exchange: a linked order with stock reserved at once, paid with exchange credit; no money moves for the customer', async () => {
    const orderId = await w.delivered([{ sku: 'MUG', quantity: 2 }]);
    const before = await w.money(orderId);
    const stock = (await w.stock('MUG'))['dc-north']!;
    const res = await post(`/orders/${orderId}/exchanges`, { lines: [{ sku: 'MUG', quantity: 1, reason: 'wrong_size' }], replacement: [{ sku: 'MUG', quantity: 1 }], method: 'carrier_label', channel: 'web' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.exchange.difference).to.deep.equal({ amount: '0.00', currency: 'EUR', direction: 'none' });
    const linked = await w.order(res.body.exchange.orderId);
    expect(linked.customerId).to.equal((await w.order(orderId)).customerId);
    expect((await w.stock('MUG'))['dc-north']!.reserved, 'reserved immediately').to.equal(stock.reserved + 1);
    expect(linked.tenders.map((t) => t.method)).to.deep.equal(['exchange_credit']);
    await w.idle();
    expect(await w.money(orderId)).to.deep.equal(before);
  });

  it('uneven exchange (dearer): the difference is charged at once; returned value − replacement value = −charged', async () => {
    const orderId = await w.delivered([{ sku: 'MUG', quantity: 2 }]);
    const res = await post(`/orders/${orderId}/exchanges`, { lines: [{ sku: 'MUG', quantity: 1, reason: 'changed_mind' }], replacement: [{ sku: 'BOOK', quantity: 1 }], method: 'carrier_label', channel: 'web' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.exchange.difference).to.deep.equal({ amount: '7.50', currency: 'EUR', direction: 'charge' });
    expect(res.body.exchange.settled).to.equal('7.5');
    await w.idle();
    const fin = await w.http.get(`/finance/orders/${orderId}`);
    const charged = fin.body.entries.filter((e: { kind: string }) => e.kind === 'charged_difference');
    expect(charged.map((e: { amount: string }) => e.amount)).to.deep.equal(['7.50']);
  });

  it('uneven exchange (cheaper): the difference is refunded once the returned goods are received', async () => {
    const orderId = await w.delivered([{ sku: 'BOOK', quantity: 2 }]);
    const res = await post(`/orders/${orderId}/exchanges`, { lines: [{ sku: 'BOOK', quantity: 1, reason: 'changed_mind' }], replacement: [{ sku: 'MUG', quantity: 1 }], method: 'carrier_label', channel: 'web' });
    expect(res.body.exchange.difference).to.deep.equal({ amount: '7.50', currency: 'EUR', direction: 'refund' });
    const rec = await post(`/returns/${res.body.returnId}/receipts`, { nodeId: res.body.receivingNodeId, lines: [{ sku: 'BOOK', quantity: 1, condition: 'new' }] });
    expect(rec.body.refunds.map((r: { total: { amount: string } }) => r.total.amount)).to.deep.equal(['7.50']);
    await w.idle();
    expect((await w.money(orderId)).refunded).to.equal('7.50');
  });

  it('claim without return: missing item refunded at once; damaged item replaced by a linked order', async () => {
    const orderId = await w.delivered([{ sku: 'MUG', quantity: 2 }]);
    const refund = await post(`/orders/${orderId}/claims`, { lines: [{ sku: 'MUG', quantity: 1, reason: 'missing' }], resolution: 'refund' });
    expect(refund.status, JSON.stringify(refund.body)).to.equal(201);
    expect(refund.body.kind).to.equal('claim');
    expect(refund.body.receipts).to.deep.equal([]);
    // Merchant fault (missing): the line and, by the default policy, the original shipping.
    expect(refund.body.refunds[0].total.amount).to.equal('17.40');
    const replace = await post(`/orders/${orderId}/claims`, { lines: [{ sku: 'MUG', quantity: 1, reason: 'damaged' }], resolution: 'replace' });
    expect(replace.status, JSON.stringify(replace.body)).to.equal(201);
    expect(replace.body.claim.resolution).to.equal('replace');
    const linked = await w.order(replace.body.claim.replacementOrderId);
    expect(linked.lines.map((l) => [l.sku, l.quantity])).to.deep.equal([['MUG', 1]]);
    await w.idle();
    expect(new Decimal((await w.money(orderId)).refunded).toFixed(2)).to.equal('17.40');
  });
});
