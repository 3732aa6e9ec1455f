import { expect } from 'chai';
import { financeCollection } from '../../../application/finance/financeReadModels.js';
import { runReconcile } from '../../../api/cli/reconcileCommand.js';
import { nextKey, startReturnsWorld, type ReturnsWorld } from '../../api/returns/support/returnsWorld.js';

const sink = () => {
  let text = '';
  return { out: { write: (s: string) => ((text += s), true) }, text: () => text };
};

describe('e2e/finance — oms reconcile', function () {
  this.timeout(40_000);
  let w: ReturnsWorld;
  let orderId: string;
  before(async () => {
    w = await startReturnsWorld();
    orderId = await w.delivered([{ sku: 'MUG', quantity: 2 }]);
    const req = await w.http.post('/returns').set('Idempotency-Key', nextKey()).send({ orderId, lines: [{ sku: 'MUG', quantity: 1, reason: 'changed_mind' }], method: 'carrier_label', channel: 'web' });
    await w.http.post(`/returns/${req.body.returnId}/receipts`).set('Idempotency-Key', nextKey()).send({ nodeId: req.body.receivingNodeId, lines: [{ sku: 'MUG', quantity: 1, condition: 'new' }] });
    await w.idle();
  });
  after(() => w.close());

  it('exits 0 with no mismatch on a healthy log, for all days and for one date', async () => {
    const s = sink();
    const { exitCode, report } = await runReconcile(w.t.oms.config, {}, s.out);
    expect(report.mismatches, s.text()).to.deep.equal([]);
    expect(exitCode).to.equal(0);
    expect(report.orders).to.equal(1);
    const today = new Date().toISOString().slice(0, 10);
    expect((await runReconcile(w.t.oms.config, { date: today }, sink().out)).exitCode).to.equal(0);
    const settlement = await w.http.get('/finance/settlements').query({ date: today });
    expect(settlement.status).to.equal(200);
    expect(settlement.body.totals[0]).to.include({ currency: 'EUR', refunds: '12.50' });
  });

  it('exits non-zero and prints the mismatch when the finance read model is one cent off', async () => {
    const finance = await financeCollection(w.t.oms.readStore);
    const doc = (await finance.findOne({ _id: orderId }))!;
    const tampered = doc.tenders.map((t, i) => (i === 0 ? { ...t, refunded: '12.51' } : t));
    await finance.updateOne({ _id: orderId }, { $set: { tenders: tampered } });
    const s = sink();
    const { exitCode, report } = await runReconcile(w.t.oms.config, {}, s.out);
    expect(exitCode).to.equal(1);
    expect(report.mismatches.map((m) => [m.kind, m.field, m.expected, m.actual])).to.deep.include(['projection', 'refunded', '12.50', '12.51']);
    expect(s.text()).to.contain('[projection]');
    await finance.updateOne({ _id: orderId }, { $set: { tenders: doc.tenders } });
  });
});
