import { expect } from 'chai';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import { createCommandHandler } from '../../../application/commandHandler.js';
import { reserveStock } from '../../../application/inventory/reservations.js';
import { inventoryStreamName } from '../../../domain/inventory/index.js';
import { DomainError } from '../../../domain/shared/errors.js';
import { startTestOms, type TestOms } from '../../support/testOms.js';
import { receive, settle, setupNetwork } from '../../support/inventoryScenario.js';

const countReserved = async (t: TestOms, node: string, sku: string) => {
  let n = 0;
  for await (const e of t.oms.eventStore.readStream(inventoryStreamName(node, sku))) if (e.type === 'StockReserved') n += 1;
  return n;
};

describe('e2e: one hot SKU', function () {
  this.timeout(60_000);
  let t: TestOms;
  let server: Server;
  let base: string;
  before(async () => {
    t = await startTestOms();
    await setupNetwork(t.app, ['dc-hot'], ['HOT-1', 'HOT-2']);
    await receive(t.app, 'dc-hot', 'HOT-1', 100);
    await receive(t.app, 'dc-hot', 'HOT-2', 100);
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  it('500 concurrent HTTP reservations against 100 units: exactly 100 succeed, 400 are OUT_OF_STOCK, availability reads 0', async () => {
    const responses = await Promise.all(Array.from({ length: 500 }, async (_, i) => {
      const res = await fetch(`${base}/inventory/reservations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `hot-${i}` },
        body: JSON.stringify({ node: 'dc-hot', sku: 'HOT-1', quantity: 1, orderId: `o-${i}`, lineId: 'l-1', ttlSeconds: 600 }),
      });
      return { status: res.status, body: (await res.json()) as { code?: string; reservationId?: string } };
    }));
    const statuses = responses.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
    expect(statuses).to.deep.equal({ 201: 100, 409: 400 });
    expect(new Set(responses.filter((r) => r.status === 409).map((r) => r.body.code))).to.deep.equal(new Set(['OUT_OF_STOCK']));
    expect(new Set(responses.filter((r) => r.status === 201).map((r) => r.body.reservationId)).size).to.equal(100);
    expect(await countReserved(t, 'dc-hot', 'HOT-1')).to.equal(100);
    await settle(t.oms);
    const [ats] = (await request(t.app).get('/availability?sku=HOT-1&view=online').expect(200)).body;
    expect(ats.available).to.equal(0);
    const visibility = (await request(t.app).get('/inventory/HOT-1').expect(200)).body;
    expect(visibility).to.include({ onHand: 100, reserved: 100, available: 0 });
  });

  it('holds across instances too: three command handlers (own caches) on one store, 500 reservations, exactly 100 win', async () => {
    const instances = [t.oms.commands, createCommandHandler({ eventStore: t.oms.eventStore }), createCommandHandler({ eventStore: t.oms.eventStore })];
    const now = new Date().toISOString();
    const outcomes = await Promise.all(Array.from({ length: 500 }, async (_, i) => {
      try {
        await reserveStock({ commands: instances[i % 3]!, eventStore: t.oms.eventStore },
          { node: 'dc-hot', sku: 'HOT-2', quantity: 1, orderId: `x-${i}`, lineId: 'l', ttlSeconds: 600 }, { now, commandId: `multi-${i}` });
        return 'reserved';
      } catch (error) {
        // Conflicts beyond the handler's retries are refused too; never a silent oversell.
        return error instanceof DomainError ? error.code : (error as { code?: string }).code ?? 'error';
      }
    }));
    const reserved = outcomes.filter((o) => o === 'reserved').length;
    expect(await countReserved(t, 'dc-hot', 'HOT-2')).to.equal(reserved);
    expect(reserved).to.be.at.most(100);
    expect(outcomes.filter((o) => o !== 'reserved' && o !== 'OUT_OF_STOCK' && o !== 'CONCURRENCY_CONFLICT')).to.deep.equal([]);
    // Retried conflicts settle on the same answer: whatever did not win found the stock gone.
    expect(reserved).to.equal(100);
  });
});
