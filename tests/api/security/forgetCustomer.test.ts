import Database from 'better-sqlite3';
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORGOTTEN, isForgotten, isSealedPii, type SealedPii } from '../../../application/privacy/piiVault.js';
import type { JsonValue } from '../../../infrastructure/eventstore/eventStore.js';
import { KEYS_FILE } from '../../../infrastructure/secrets/openKeyStore.js';
import { startTestOms, type TestOms } from '../../support/testOms.js';

/** Clear personal data of the customer to forget, and of one who stays. */
const JANE = { name: 'Jane Quincy Forgettable', email: 'jane.forgettable@example.com', phone: '+33 6 12 34 56 78', line1: '12 Rue de Rivoli Forgettable' };
const JOHN = { name: 'John Remembered', email: 'john.remembered@example.com', phone: '+44 20 7946 0000', line1: '1 Baker Street' };
const CLEAR = Object.values(JANE);

/** Every text column of the event store's and the read models' tables, through SQL. */
const tableTexts = (dbPath: string, skip: (table: string) => boolean = () => false): string => {
  const db = new Database(dbPath, { readonly: true });
  try {
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name);
    return tables.filter((t) => !skip(t)).map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t.replace(/"/g, '""')}"`).all())).join('\n');
  } finally {
    db.close();
  }
};

/** The raw bytes of the data directory's SQLite files (main file and WAL). */
const rawBytes = (dir: string): Buffer => Buffer.concat(readdirSync(dir).filter((f) => f.startsWith('oms.db')).map((f) => readFileSync(join(dir, f))));

describe('security: oms forget customer — personal data sealed per customer, crypto-shredded on request', function () {
  this.timeout(30_000);
  let t: TestOms;
  const events: Array<{ type: string; data: JsonValue }> = [];

  before(async () => {
    t = await startTestOms();
    const { vault } = t.oms.security;
    const jane = await vault.sealPii('cust-jane', JANE);
    const john = await vault.sealPii('cust-john', JOHN);
    // An order history whose events carry the sealed blobs, never the clear values.
    events.push(
      { type: 'OrderPlacedForTest', data: { orderId: 'o-jane', customerId: 'cust-jane', total: '42.00', pii: jane as unknown as JsonValue } },
      { type: 'OrderAddressChangedForTest', data: { orderId: 'o-jane', pii: (await vault.sealPii('cust-jane', { ...JANE, line1: '99 Avenue Forgettable' })) as unknown as JsonValue } },
      { type: 'OrderShippedForTest', data: { orderId: 'o-jane' } },
    );
    await t.oms.eventStore.append('order-o-jane', events.map((e, i) => ({ id: `00000000-0000-4000-8000-00000000000${i}`, ...e })), { expectedRevision: 'no_stream' });
    await t.oms.eventStore.append('order-o-john', [{ id: '00000000-0000-4000-8000-000000000009', type: 'OrderPlacedForTest', data: { orderId: 'o-john', pii: john as unknown as JsonValue } }], { expectedRevision: 'no_stream' });
    // A read model that stores the sealed blob (recommended), one that caches opened data under the convention.
    await t.oms.readStore.collection('orders_sealed_test_v1').insertOne({ _id: 'o-jane', customerId: 'cust-jane', pii: jane });
    await t.oms.readStore.collection('orders_cache_test_v1').insertMany([
      { _id: 'o-jane', piiSubject: 'cust-jane', pii: JANE, total: '42.00' },
      { _id: 'o-john', piiSubject: 'cust-john', pii: JOHN, total: '10.00' },
    ]);
    // A stored idempotent response that echoed her data.
    await t.oms.security.idempotency.execute(
      { principalId: 'p', key: 'k-jane', method: 'POST', route: '/orders', path: '/orders', fingerprint: 'f', owner: 'o' },
      async () => ({ response: { status: 201, headers: {}, body: JSON.stringify({ name: JANE.name }) }, subject: 'cust-jane' }),
    );
  });
  after(async () => t?.close());

  it('never writes personal data in clear, except where a read model or a stored response opted to cache it', async () => {
    const all = tableTexts(join(t.dataDir, 'oms.db'));
    // The two caches that hold clear copies by design until `forget` purges them: a read model using the
    // piiSubject convention and the stored idempotent response whose handler declared personalDataOf.
    const withoutCache = tableTexts(join(t.dataDir, 'oms.db'), (table) => table.includes('orders_cache_test') || table.includes('idempotency_keys'));
    expect(all.length).to.be.greaterThan(withoutCache.length);
    for (const value of CLEAR) {
      expect(all, `the scanner sees ${value} where it is in clear`).to.contain(value);
      expect(withoutCache).not.to.contain(value);
    }
    expect(rawBytes(t.dataDir).includes(Buffer.from('99 Avenue Forgettable'))).to.equal(false);
    const opened = await t.oms.security.vault.openPii((events[0]!.data as { pii: SealedPii }).pii);
    expect(opened).to.deep.equal(JANE);
  });

  it('forgets: no clear personal data of hers left in events, read models or cached responses; his remains', async () => {
    const report = await t.oms.security.vault.forgetCustomer('cust-jane');
    expect(report.keysDestroyed).to.equal(1);
    expect(report.readModelDocuments).to.deep.equal({ orders_cache_test_v1: 1 });
    expect(report.cachedCopies).to.equal(1);
    const texts = tableTexts(join(t.dataDir, 'oms.db'));
    for (const value of CLEAR) expect(texts, value).not.to.contain(value);
    expect(texts).to.contain(JOHN.name);
    expect(tableTexts(join(t.dataDir, KEYS_FILE))).not.to.contain('cust-jane');
    expect(await t.oms.readStore.collection('orders_cache_test_v1').findOne({ _id: 'o-jane' })).to.deep.include({ pii: FORGOTTEN, total: '42.00' });
    expect((await t.oms.readStore.collection('orders_cache_test_v1').findOne({ _id: 'o-john' }))!.pii).to.deep.equal(JOHN);
  });

  it('every copy of her sealed data is unreadable; the history is intact and still replays', async () => {
    const replayed: Array<{ type: string; data: JsonValue }> = [];
    for await (const e of t.oms.eventStore.readStream('order-o-jane')) replayed.push({ type: e.type, data: e.data });
    expect(replayed).to.deep.equal(events);
    // Replay: fold the history; personal data reads as forgotten, everything else as before.
    let view: Record<string, unknown> = {};
    for (const e of replayed) {
      const data = e.data as Record<string, unknown>;
      view = { ...view, ...data, status: e.type };
      if (isSealedPii(data.pii)) view.pii = await t.oms.security.vault.openPii(data.pii);
    }
    expect(view).to.deep.include({ orderId: 'o-jane', total: '42.00', status: 'OrderShippedForTest' });
    expect(isForgotten(view.pii)).to.equal(true);
    const readModel = await t.oms.readStore.collection('orders_sealed_test_v1').findOne({ _id: 'o-jane' });
    expect(await t.oms.security.vault.openPii(readModel!.pii as SealedPii)).to.deep.equal(FORGOTTEN);
    for await (const e of t.oms.eventStore.readStream('order-o-john')) expect(await t.oms.security.vault.openPii((e.data as { pii: SealedPii }).pii)).to.deep.equal(JOHN);
  });

  it('is idempotent and a tampered blob is refused rather than misread', async () => {
    expect((await t.oms.security.vault.forgetCustomer('cust-jane')).keysDestroyed).to.equal(0);
    const sealed = await t.oms.security.vault.sealPii('cust-john', JOHN);
    // Flip one bit of the first byte (overwriting it with a fixed byte left it unchanged 1 time in 256).
    const bytes = Buffer.from(sealed.ciphertext, 'base64');
    bytes[0] = bytes[0]! ^ 0x01;
    const tampered = { ...sealed, ciphertext: bytes.toString('base64') };
    await t.oms.security.vault.openPii(tampered).then(() => expect.fail('opened a tampered blob'), () => undefined);
  });
});
