import Database from 'better-sqlite3';
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { allProjections } from '../../../api/bootstrap/projections.js';
import { verifyReplay } from '../../../application/audit/verifyReplay.js';
import { openEmbeddedReadStore } from '../../../infrastructure/readstore/embedded/embeddedReadStore.js';
import { orderBody, PARIS, place, settle, startOrdersOms, type OrdersOms } from '../orders/support/orderFixtures.js';

/** Every text column of every table except those named, through SQL. */
const tableTexts = (dbPath: string, skip: (table: string) => boolean = () => false): string => {
  const db = new Database(dbPath, { readonly: true });
  try {
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name);
    return tables.filter((t) => !skip(t)).map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t.replace(/"/g, '""')}"`).all())).join('\n');
  } finally {
    db.close();
  }
};

const ROSE = { name: 'Rose Marion Sealed', line1: '48 Bucknall House Sealed' };
const EXACT = { lat: 48.856614, lng: 2.352222 };

/**
 * Given a checkout with a named street address, the events and read models never hold the name,
 * the street or the exact point in clear; the customer and agents read them back; after `forget`
 * they read "[forgotten]" everywhere and every projection still rebuilds to the same digest.
 */
describe('security: personal data of a real checkout is sealed per customer', function () {
  this.timeout(60_000);
  let t: OrdersOms;
  let orderId: string;
  before(async () => {
    t = await startOrdersOms();
    const res = await place(t, orderBody({ customerId: 'cust-rose', destination: { ...PARIS, ...EXACT, ...ROSE, city: 'Paris' } }), 'rose-1');
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    orderId = res.body.orderId;
    expect(res.body.destination).to.include(ROSE);
    await settle(t);
  });
  after(async () => t?.close());

  it('no clear name, street or exact point in events or read models (only in the stored idempotent response, purged by forget)', async () => {
    const texts = tableTexts(join(t.dataDir, 'oms.db'), (table) => table.includes('idempotency_keys'));
    for (const value of [ROSE.name, ROSE.line1, String(EXACT.lat), String(EXACT.lng)]) expect(texts, value).not.to.contain(value);
    expect(texts).to.contain('personal'); // the sealed part is there
  });

  it('the order reads back with the address the customer gave', async () => {
    const res = await request(t.app).get(`/orders/${orderId}`);
    expect(res.status).to.equal(200);
    expect(res.body.destination).to.include({ ...ROSE, ...EXACT, city: 'Paris' });
  });

  it('after forget: "[forgotten]" in every answer, nothing in clear anywhere, projections rebuild identically', async () => {
    await t.oms.security.vault.forgetCustomer('cust-rose');
    const res = await request(t.app).get(`/orders/${orderId}`);
    expect(res.body.destination).to.include({ name: '[forgotten]', line1: '[forgotten]', city: 'Paris' });
    const texts = tableTexts(join(t.dataDir, 'oms.db'));
    for (const value of [ROSE.name, ROSE.line1]) expect(texts, value).not.to.contain(value);
    const dir = mkdtempSync(join(tmpdir(), 'oms-forget-replay-'));
    const scratch = await openEmbeddedReadStore({ path: join(dir, 'scratch.db'), synchronous: 'OFF' });
    try {
      const report = await verifyReplay(t.oms.eventStore, t.oms.readStore, scratch, allProjections);
      expect(report.differences, JSON.stringify(report.rows.filter((r) => !r.match).slice(0, 3))).to.equal(0);
    } finally {
      await scratch.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
