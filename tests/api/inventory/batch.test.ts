import { expect } from 'chai';
import request from 'supertest';
import { applyBatch } from '../../../application/inventory/batchMovements.js';
import { startTestOms, type TestOms } from '../../support/testOms.js';
import { head, key, settle, SKU, setupNetwork } from '../../support/inventoryScenario.js';

const SKUS = Array.from({ length: 50 }, (_, i) => `BULK-${String(i).padStart(3, '0')}`);
const NODES = ['dc-1', 'dc-2'];

describe('api/inventory: batch feeds (WMS / POS)', function () {
  this.timeout(60_000);
  let t: TestOms;
  before(async () => {
    t = await startTestOms();
    await setupNetwork(t.app, NODES, []);
    for (const sku of SKUS) await request(t.app).put(`/catalog/skus/${sku}`).send(SKU(sku)).expect(201);
  });
  after(async () => t.close());

  it('accepts 10,000 receipt lines in one request and applies every one', async () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => ({ node: NODES[i % 2]!, sku: SKUS[i % SKUS.length]!, quantity: 1 + (i % 3), reference: `WMS-${i}` }));
    const res = await request(t.app).post('/inventory/receipts/batch').set('Idempotency-Key', key('wms')).send({ lines }).expect(200);
    expect(res.body).to.include({ lines: 10_000, applied: 10_000, failed: 0, replayed: 0 });
    expect(res.body.results).to.have.length(10_000);
    expect(res.body.results[9_999]).to.include({ line: 9_999, outcome: 'applied' });
    await settle(t.oms);
    const expected = lines.filter((l) => l.sku === 'BULK-007').reduce((n, l) => n + l.quantity, 0);
    const visibility = await request(t.app).get('/inventory/BULK-007').expect(200);
    expect(visibility.body.onHand).to.equal(expected);
  });

  it('rejects a batch with any invalid line as a whole, listing the lines, and writes nothing', async () => {
    const before = await head(t.oms);
    const shape = await request(t.app).post('/inventory/receipts/batch').send({
      lines: [{ node: 'dc-1', sku: 'BULK-000', quantity: 1, reference: 'a' }, { node: 'dc-1', sku: 'BULK-000', quantity: -4, reference: 'b' }],
    }).expect(400);
    expect(shape.body.code).to.equal('VALIDATION_FAILED');
    expect(shape.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['lines[1].quantity']);

    const rules = await request(t.app).post('/inventory/adjustments/batch').send({
      lines: [
        { node: 'dc-1', sku: 'BULK-001', delta: 5, reason: 'found' },
        { node: 'dc-9', sku: 'BULK-001', delta: 1, reason: 'found' },
        { node: 'dc-1', sku: 'NOT-A-SKU', delta: 1, reason: 'found' },
        { node: 'dc-2', sku: 'BULK-002', delta: -1_000, reason: 'damage' },
        { node: 'dc-2', sku: 'BULK-002', delta: 2, reason: 'found' },
      ],
    }).expect(422);
    expect(rules.body).to.include({ code: 'BATCH_REJECTED', invalidLines: 3 });
    expect(rules.body.errors.map((e: { line: number; code: string; field?: string }) => [e.line, e.code, e.field])).to.deep.equal([
      [1, 'NODE_NOT_FOUND', 'lines[1].node'],
      [2, 'SKU_NOT_FOUND', 'lines[2].sku'],
      [3, 'INSUFFICIENT_STOCK', undefined],
    ]);
    expect(await head(t.oms)).to.equal(before);
  });

  it('replays a retried batch line by line: lines already applied are not applied twice', async () => {
    const deps = { commands: t.oms.commands, eventStore: t.oms.eventStore };
    const lines = SKUS.slice(0, 20).map((sku, i) => ({ node: 'dc-2', sku, counted: 100 + i, reference: `CC-${i}` }));
    const meta = { now: new Date().toISOString(), commandId: key('count-feed') };
    // The first attempt died after 8 lines; the client retries the whole batch with the same key.
    const partial = await applyBatch(deps, 'count', lines.slice(0, 8), meta);
    expect(partial.applied).to.equal(8);
    const retry = await applyBatch(deps, 'count', lines, meta);
    expect(retry).to.include({ lines: 20, replayed: 8, applied: 12, failed: 0 });
    const again = await applyBatch(deps, 'count', lines, meta);
    expect(again).to.include({ replayed: 20, applied: 0 });
  });
});
