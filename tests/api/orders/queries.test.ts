import { expect } from 'chai';
import request from 'supertest';
import { inventoryDecider, inventoryStreamName } from '../../../domain/inventory/index.js';
import { NOW, orderBody, place, settle, startOrdersOms, type OrdersOms } from './support/orderFixtures.js';

type Summary = { orderId: string; customerId: string; status: string; placedAt: string; total: string };

describe('order reads: GET /orders, GET /orders/:id, GET /orders/:id/sourcing', function () {
  this.timeout(30_000);
  let t: OrdersOms;
  const ids: string[] = [];
  before(async () => {
    t = await startOrdersOms();
    // Seven orders an hour apart, two customers; the third is cancelled.
    for (let i = 0; i < 7; i++) {
      t.setNow(new Date(NOW.getTime() + i * 3_600_000));
      const res = await place(t, orderBody({ customerId: i % 2 === 0 ? 'even' : 'odd' }), `q-${i}`);
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      ids.push(res.body.orderId);
    }
    const cancelled = await request(t.app).post(`/orders/${ids[2]}/cancel`).send({ reason: 'test' });
    expect(cancelled.status).to.equal(200);
    t.setNow(NOW);
    await settle(t);
  });
  after(async () => t?.close());

  it('filters by customer, status and placement time, newest first', async () => {
    const even = await request(t.app).get('/orders').query({ customerId: 'even' });
    expect(even.status, JSON.stringify(even.body)).to.equal(200);
    expect(even.body.items.map((o: Summary) => o.orderId)).to.deep.equal([ids[6], ids[4], ids[2], ids[0]]);
    expect(even.body.items[0]).to.include({ customerId: 'even', status: 'placed', channel: 'web', total: '44.88', lines: 1, units: 2 });
    const cancelled = await request(t.app).get('/orders').query({ status: 'cancelled' });
    expect(cancelled.body.items.map((o: Summary) => o.orderId)).to.deep.equal([ids[2]]);
    const window = await request(t.app).get('/orders').query({ from: '2026-03-02T10:00:00Z', to: '2026-03-02T13:00:00+00:00' });
    expect(window.body.items.map((o: Summary) => o.orderId)).to.deep.equal([ids[3], ids[2], ids[1]]);
    const bad = await request(t.app).get('/orders').query({ status: 'lost', limit: 0 });
    expect(bad.status).to.equal(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).to.deep.equal(['limit', 'status']);
  });

  it('pages with limit and cursor: every order exactly once, in order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: request.Response = await request(t.app).get('/orders').query({ limit: 3, ...(cursor ? { cursor } : {}) });
      expect(res.status).to.equal(200);
      expect(res.body.items.length).to.be.at.most(3);
      seen.push(...res.body.items.map((o: Summary) => o.orderId));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).to.equal(3);
    expect(seen).to.deep.equal([...ids].reverse());
    const forged = await request(t.app).get('/orders').query({ cursor: 'not-a-cursor' });
    expect(forged.status).to.equal(400);
    expect(forged.body.code).to.equal('INVALID_CURSOR');
  });

  it('GET /orders/:id is read-your-writes even when the read model lags', async () => {
    const runner = t.oms.projections.runner('orderDetails')!;
    await runner.stop();
    try {
      const res = await request(t.app).post(`/orders/${ids[5]}/cancel`).send({ reason: 'lagging read model' });
      expect(res.status).to.equal(200);
      const details = await request(t.app).get(`/orders/${ids[5]}`);
      expect(details.status).to.equal(200);
      expect(details.body.status).to.equal('cancelled');
      expect(details.body.revision).to.equal(res.body.revision);
      expect(details.body.history.map((h: { to: string }) => h.to)).to.deep.equal(['placed', 'cancelled']);
    } finally {
      await runner.start();
    }
  });

  it('GET /orders/:id/sourcing explains the decision: candidates with scores, excluded nodes with reasons, rule-set version', async () => {
    const res = await request(t.app).get(`/orders/${ids[0]}/sourcing`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.include({ orderId: ids[0], ruleSetId: 'default', ruleSetVersion: 1, ruleApplied: 'cost-optimal', outcome: 'sourced' });
    const candidates = res.body.candidates as { node: string; score: number | null; cost: { total: string } }[];
    expect(candidates.map((c) => c.node).sort()).to.deep.equal(['dc-berlin', 'dc-paris', 'store-12', 'store-london']);
    expect(candidates.find((c) => c.score === 1)?.node).to.equal('dc-paris');
    expect(res.body.explanation.join('\n')).to.contain('rule set default v1');
    expect(res.body.rounds).to.have.length(1);
    expect(res.body.quote).to.include({ method: 'delivery', service: 'standard' });
    const mugs = await place(t, orderBody({ lines: [{ sku: 'MUG', quantity: 1 }] }), 'q-mug');
    const excluded = (await request(t.app).get(`/orders/${mugs.body.orderId}/sourcing`)).body.excluded as { node: string; reason: string }[];
    expect(excluded).to.deep.include({ node: 'store-london', reason: 'NO_STOCK' });
    expect((await request(t.app).get('/orders/ord-missing/sourcing')).status).to.equal(404);
  });
});

describe('order capture: a reservation race lost on a stale snapshot is re-sourced', function () {
  this.timeout(30_000);
  it('re-sources the lost units elsewhere and records the failed hold in the sourcing rounds', async () => {
    const t = await startOrdersOms({ availabilityCacheMs: 60_000 });
    try {
      // Caches the MUG holders (dc-paris 10, store-12 3) for a minute.
      const first = await place(t, orderBody({ deliveryMethod: 'pickup', destination: undefined, pickupNode: 'store-12', lines: [{ sku: 'MUG', quantity: 1 }] }), 'race-1');
      expect(first.status).to.equal(201);
      // A competitor takes 9 of the 10 mugs at dc-paris; this process forgets the fresh position.
      const stream = inventoryStreamName('dc-paris', 'MUG');
      await t.oms.commands.handle(inventoryDecider, stream, {
        type: 'ReserveStock',
        data: { nodeId: 'dc-paris', sku: 'MUG', reservationId: 'competitor', orderId: 'other', lineId: '1', quantity: 9, expiresAt: '2026-03-02T10:00:00Z' },
        metadata: { now: NOW.toISOString(), commandId: 'competitor', actor: { kind: 'system', id: 'test' } },
      });
      t.oms.commands.cache.delete(stream);
      const res = await place(t, orderBody({ lines: [{ sku: 'MUG', quantity: 2 }] }), 'race-2');
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.body.lines.map((l: { node: string; quantity: number }) => [l.node, l.quantity])).to.deep.equal([['store-12', 2]]);
      const sourcing = await request(t.app).get(`/orders/${res.body.orderId}/sourcing`);
      expect(sourcing.body.rounds).to.have.length(2);
      expect(sourcing.body.rounds[0].failed).to.deep.equal([{ lineId: '1', sku: 'MUG', node: 'dc-paris', quantity: 2, available: 1 }]);
      expect(sourcing.body.rounds[1].decision.assignments.map((a: { node: string }) => a.node)).to.deep.equal(['store-12']);
    } finally {
      await t.close();
    }
  });
});
