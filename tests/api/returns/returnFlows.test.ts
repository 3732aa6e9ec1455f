import { expect } from 'chai';
import { startReturnsWorld, nextKey, type ReturnsWorld } from './support/returnsWorld.js';

/**
 * Given/when/then over HTTP with the order and returns processes running: returns from any
 * channel, receipt and inspection (restock, dispose), refund on receipt to the original tender.
 */
describe('api/returns — return flows', function () {
  this.timeout(30_000);
  let w: ReturnsWorld;
  beforeEach(async () => {
    w = await startReturnsWorld();
  });
  afterEach(() => w.close());

  const post = (path: string, body: object, key = nextKey()) => w.http.post(path).set('Idempotency-Key', key).send(body);

  it('refund on receipt: given a delivered web order, when the return is received in new condition, then it is restocked and refunded to the card', async () => {
    const orderId = await w.delivered([{ sku: 'MUG', quantity: 2 }]);
    const before = await w.money(orderId);
    const req = await post('/returns', { orderId, lines: [{ sku: 'MUG', quantity: 1, reason: 'changed_mind' }], method: 'carrier_label', channel: 'web' });
    expect(req.status, JSON.stringify(req.body)).to.equal(201);
    expect(req.body).to.include({ status: 'authorized', refundTiming: 'on_receipt', kind: 'return' });
    const returnId = req.body.returnId as string;
    const early = await post(`/returns/${returnId}/refunds`, {});
    expect(early.status).to.equal(409);
    expect(early.body.code).to.equal('REFUND_NOT_YET_DUE');
    const node = req.body.receivingNodeId as string;
    const stockBefore = (await w.stock('MUG'))[node]?.onHand ?? 0;
    const rec = await post(`/returns/${returnId}/receipts`, { nodeId: node, lines: [{ sku: 'MUG', quantity: 1, condition: 'new' }] });
    expect(rec.status, JSON.stringify(rec.body)).to.equal(200);
    expect(rec.body.status).to.equal('received');
    expect(rec.body.refunds).to.have.length(1);
    expect(rec.body.refunds[0].total).to.deep.equal({ amount: '12.50', currency: 'EUR' });
    expect((await w.stock('MUG'))[node]?.onHand, 'restocked at once').to.equal(stockBefore + 1);
    await w.idle();
    const after = await w.money(orderId);
    expect(after.refunded).to.equal('12.50');
    expect(after.captured).to.equal(before.captured);
    const fin = await w.http.get(`/finance/orders/${orderId}`);
    expect(fin.status).to.equal(200);
    const card = fin.body.tenders[0];
    expect(card).to.include({ refunded: '12.50', captured: before.captured });
    expect(fin.body.entries.find((e: { kind: string }) => e.kind === 'refunded').causedBy.eventType).to.equal('RefundIssued');
  });

  it('store return of a web order: a store key at its counter starts and receives an in-store return; the store receives it', async () => {
    const orderId = await w.delivered([{ sku: 'BOOK', quantity: 2 }]);
    const req = await post('/returns', { orderId, lines: [{ sku: 'BOOK', quantity: 1, reason: 'not_as_described' }], method: 'in_store', channel: 'store', storeNodeId: 'store-lyon' });
    expect(req.status, JSON.stringify(req.body)).to.equal(201);
    expect(req.body).to.include({ channel: 'store', method: 'in_store', receivingNodeId: 'store-lyon' });
    const rec = await post(`/returns/${req.body.returnId}/receipts`, { nodeId: 'store-lyon', lines: [{ sku: 'BOOK', quantity: 1, condition: 'opened' }] });
    expect(rec.status, JSON.stringify(rec.body)).to.equal(200);
    expect((await w.stock('BOOK'))['store-lyon']).to.deep.equal({ onHand: 1, reserved: 0 });
    expect(rec.body.refunds[0].total.amount).to.equal('20.00');
  });

  it('damaged item is not restocked: disposed, and refunded minus the damaged-condition fee', async () => {
    w.policy({ restockingFees: [{ condition: 'damaged', rate: '0.50' }] });
    const orderId = await w.delivered([{ sku: 'MUG', quantity: 2 }]);
    const req = await post('/returns', { orderId, lines: [{ sku: 'MUG', quantity: 1, reason: 'changed_mind' }], method: 'drop_off', channel: 'web' });
    const node = req.body.receivingNodeId as string;
    const before = (await w.stock('MUG'))[node]?.onHand ?? 0;
    const rec = await post(`/returns/${req.body.returnId}/receipts`, { nodeId: node, lines: [{ sku: 'MUG', quantity: 1, condition: 'damaged' }] });
    expect(rec.status, JSON.stringify(rec.body)).to.equal(200);
    expect(rec.body.receipts[0].lines[0]).to.include({ condition: 'damaged', disposition: 'dispose' });
    await w.idle();
    expect((await w.stock('MUG'))[node]?.onHand ?? 0).to.equal(before);
    expect(rec.body.refunds[0].total.amount).to.equal('6.25');
  });

  it('routes the return to a node other than the shipping one, and records why', async () => {
    const orderId = await w.delivered([{ sku: 'MUG', quantity: 1 }]);
    const order = await w.order(orderId);
    const shippedFrom = order.shipments[0]!.node;
    const req = await post('/returns', { orderId, lines: [{ sku: 'MUG', quantity: 1, reason: 'wrong_size' }], method: 'carrier_label', channel: 'web' });
    expect(req.body.receivingNodeId).to.not.equal(shippedFrom);
    expect(req.body.routing.explanation).to.contain(`not the shipping node ${shippedFrom}`);
    const origin = req.body.routing.candidates.find((c: { nodeId: string }) => c.nodeId === shippedFrom);
    expect(origin.reasons).to.include("node lacks the 'returns' capability");
    const got = await w.http.get(`/returns/${req.body.returnId}`);
    expect(got.status).to.equal(200);
    expect(got.body.routing.nodeId).to.equal(req.body.receivingNodeId);
  });

  it('box-free (QR) return: a QR token is issued once; the refund follows the receipt', async () => {
    const orderId = await w.delivered([{ sku: 'MUG', quantity: 2 }]);
    const req = await post('/returns', { orderId, lines: [{ sku: 'MUG', quantity: 1, reason: 'changed_mind' }], method: 'box_free', channel: 'web' });
    expect(req.status, JSON.stringify(req.body)).to.equal(201);
    expect(req.body.qrToken).to.match(/^qr_/);
    const again = await w.http.get(`/returns/${req.body.returnId}`);
    expect(again.body.qrToken, 'the token is never stored nor shown again').to.equal(undefined);
    const rec = await post(`/returns/${req.body.returnId}/receipts`, { nodeId: req.body.receivingNodeId, lines: [{ sku: 'MUG', quantity: 1, condition: 'new' }] });
    expect(rec.body.refunds[0].total.amount).to.equal('12.50');
  });
});
