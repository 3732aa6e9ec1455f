import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allProjections } from '../../../api/bootstrap/projections.js';
import { verifyReplay } from '../../../application/audit/verifyReplay.js';
import { fold } from '../../../domain/shared/decider.js';
import { inventoryDecider } from '../../../domain/inventory/index.js';
import { openSqliteEventStore } from '../../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import { openEmbeddedReadStore } from '../../../infrastructure/readstore/embedded/embeddedReadStore.js';
import { orderBody, STOCK } from '../../api/orders/support/orderFixtures.js';
import { counterProjection } from '../../support/counterProjection.js';
import { startChild, type Child } from './childServer.js';

const KEY = 'K'.repeat(40);
const KILLS = Number(process.env.OMS_KILL_ROUNDS ?? 20);
const CLIENTS = 4;

/** Deterministic "random" kill moments (mulberry32). */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

type Attempt = { key: string; body: object; outcome?: 'placed' | 'refused'; orderId?: string };

/**
 * A server process under concurrent checkout load is SIGKILLed at 20 random moments and
 * restarted each time. Afterwards: every order that was acknowledged with 201 exists, no stock
 * position is oversold, and every projection equals a clean rebuild from the event log.
 */
describe('e2e security: kill -9 under concurrent order load, 20 times', function () {
  this.timeout(20 * 60_000);
  let dir: string;
  const env = () => ({ OMS_DATA_DIR: dir, OMS_SEED_DEMO: 'false', CHILD_SEED: 'orders', OMS_API_KEYS: `agent:${KEY}`, OMS_RATE_LIMIT_PER_IP: '0', OMS_RATE_LIMIT_PER_KEY: '0' });
  before(async function () {
    dir = mkdtempSync(join(tmpdir(), 'oms-kill-'));
    const probe = await startChild(env());
    const spec = (await (await fetch(`http://127.0.0.1:${probe.port}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    probe.process.kill('SIGTERM');
    await probe.exited;
    if (!spec.paths['/orders']?.post) {
      console.log('      (skipped: POST /orders is not mounted yet — the kill test needs order placement)');
      this.skip();
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const attempts: Attempt[] = [];
  const skus = ['TEE', 'MUG', 'BOOK', 'LAST', 'COAT'];

  const place = async (child: Child, a: Attempt): Promise<void> => {
    const res = await fetch(`http://127.0.0.1:${child.port}/orders`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json', 'Idempotency-Key': a.key },
      body: JSON.stringify(a.body),
    });
    const body = (await res.json()) as { orderId?: string; code?: string };
    expect(res.status, JSON.stringify(body)).to.be.oneOf([201, 409, 422, 503]);
    if (res.status === 201) Object.assign(a, { outcome: 'placed', orderId: body.orderId });
    if (res.status === 409 || res.status === 422) a.outcome = 'refused';
  };

  it('loses no acknowledged order, oversells nothing, and projections equal a rebuild', async () => {
    const random = prng(20251127);
    let n = 0;
    for (let round = 0; round < KILLS; round++) {
      const child = await startChild(env());
      let running = true;
      const client = async (c: number) => {
        while (running) {
          const sku = skus[Math.floor(random() * skus.length)]!;
          const a: Attempt = { key: `kill-${round}-${c}-${++n}`, body: orderBody({ customerId: `cust-${c}`, lines: [{ sku, quantity: 1 + Math.floor(random() * 2) }], ...(sku === 'COAT' ? { currency: 'GBP', destination: { lat: 51.5, lng: -0.12, country: 'GB', region: 'ENG', postalCode: 'W1C 1DX' } } : {}) }) };
          attempts.push(a);
          await place(child, a).catch(() => undefined); // killed mid-request: outcome unknown
        }
      };
      const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));
      await new Promise((r) => setTimeout(r, 400 + random() * 2000));
      child.process.kill('SIGKILL');
      running = false;
      await child.exited;
      await Promise.all(clients);
    }
    // One clean run: resolve every attempt whose answer was lost (same key, same body), then stop gracefully.
    const last = await startChild(env());
    for (const a of attempts.filter((x) => x.outcome === undefined)) await place(last, a);
    await new Promise((r) => setTimeout(r, 1500)); // let projections and processes settle
    last.process.kill('SIGTERM');
    expect((await last.exited).code).to.equal(0);

    const placed = attempts.filter((a) => a.outcome === 'placed');
    expect(placed.length, 'orders placed under load').to.be.greaterThan(KILLS);
    const store = openSqliteEventStore({ path: join(dir, 'oms.db') });
    const scratch = await openEmbeddedReadStore({ path: ':memory:' });
    const live = await openEmbeddedReadStore({ path: join(dir, 'oms.db') });
    try {
      const types = new Map<string, string[]>();
      for await (const e of store.readAll({ filter: { streamPrefixes: ['order-'] } })) types.set(e.streamName, [...(types.get(e.streamName) ?? []), e.type]);
      for (const a of placed) expect(types.get(`order-${a.orderId}`), `order ${a.orderId} (key ${a.key}) was acknowledged`).to.include('OrderPlaced');
      expect(new Set(placed.map((a) => a.orderId)).size, 'one order per key').to.equal(placed.length);

      const byStream = new Map<string, unknown[]>();
      for await (const e of store.readAll({ filter: { streamPrefixes: ['inventory-'] } })) byStream.set(e.streamName, [...(byStream.get(e.streamName) ?? []), { type: e.type, data: e.data }]);
      const received = new Map(STOCK.map(([node, sku, qty]) => [`${node}~${sku}`, qty]));
      for (const [stream, events] of byStream) {
        const state = fold(inventoryDecider, events as never);
        expect(state.reserved, `${stream} reserved`).to.be.at.most(state.onHand);
        expect(state.onHand, stream).to.be.at.least(0);
        expect(state.counters.reservedTotal - state.counters.releasedTotal, stream).to.be.at.most(received.get(`${state.nodeId}~${state.sku}`) ?? 0);
      }
      const report = await verifyReplay(store, live, scratch, [...allProjections, counterProjection()]);
      expect(report.differences, JSON.stringify(report.rows.filter((r) => !r.match).slice(0, 5))).to.equal(0);
      expect(report.ok).to.equal(true);
      console.log(`      ${KILLS} kills, ${attempts.length} attempts, ${placed.length} orders placed, ${byStream.size} stock positions checked`);
    } finally {
      await live.close();
      await scratch.close();
      await store.close();
    }
  });
});
