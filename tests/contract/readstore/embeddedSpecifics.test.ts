import { expect } from 'chai';
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedReadStore, type EmbeddedReadStore } from '../../../infrastructure/readstore/embedded/embeddedReadStore.js';
import { pushDownFilter } from '../../../infrastructure/readstore/embedded/filterPushdown.js';
import { DuplicateKeyError, ReadStoreUnavailableError } from '../../../infrastructure/readstore/readStore.js';
import { expectRejection, sortedIds } from './contract/contractContext.js';

/** Behaviour only the embedded adapter has: the file, its tables, its SQL plans and its locking. */
describe('Embedded read store specifics', () => {
  let dir: string;
  const opened: EmbeddedReadStore[] = [];
  const open = async (file = 'oms.db') => {
    const store = await openEmbeddedReadStore({ path: join(dir, file), checkScope: true });
    opened.push(store);
    return store;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'readstore-embedded-'));
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps documents, indexes and uniqueness across a reopen of the file', async () => {
    const first = await open();
    await first.collection('users').createIndex({ keys: { email: 1 }, unique: true });
    await first.collection('users').insertMany([{ _id: 'u1', email: 'a@x', tags: ['t'] }, { _id: 'u2', email: 'b@x' }]);
    await first.close();
    const second = await open();
    expect(await second.listCollections()).to.deep.equal(['users']);
    expect(await second.collection('users').find({}, { sort: { _id: 1 } })).to.deep.equal([
      { _id: 'u1', email: 'a@x', tags: ['t'] },
      { _id: 'u2', email: 'b@x' },
    ]);
    expect((await second.collection('users').listIndexes()).map((i) => i.name)).to.deep.equal(['_id_', 'email_1']);
    expect(await expectRejection(second.collection('users').insertOne({ _id: 'u3', email: 'a@x' }))).to.be.instanceOf(DuplicateKeyError);
  });

  it('shares a file with other tables: only rm_-prefixed tables are its own, WAL is on', async () => {
    const raw = new Database(join(dir, 'oms.db'));
    raw.exec(`CREATE TABLE events (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO events (body) VALUES ('e1')`);
    const store = await open();
    await store.collection('orders').insertOne({ _id: 'o1' });
    await store.collection('orders').createIndex({ keys: { status: 1 } });
    const tables = raw.prepare(`SELECT name FROM sqlite_master WHERE type='table' ORDER BY name`).pluck().all();
    expect(tables).to.deep.equal(['events', 'rm_$catalog', 'rm_orders']);
    expect(await store.listCollections()).to.deep.equal(['orders']);
    expect(raw.prepare('SELECT count(*) FROM events').pluck().get()).to.equal(1);
    expect(raw.pragma('journal_mode', { simple: true })).to.equal('wal');
    raw.close();
  });

  it('answers indexed equality and range queries through the SQLite index', async () => {
    const store = await open();
    const coll = store.collection('stock');
    await coll.createIndex({ keys: { sku: 1 } });
    await coll.createIndex({ keys: { qty: 1 } });
    await coll.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: `s${i}`, sku: `SKU-${i % 10}`, qty: i })));
    const raw = new Database(join(dir, 'oms.db'), { readonly: true });
    const plan = (filter: Record<string, unknown>) => {
      const { sql, params } = pushDownFilter(filter, (path) => (path === 'sku' || path === 'qty' ? 'scalar' : undefined));
      return (raw.prepare(`EXPLAIN QUERY PLAN SELECT doc FROM "rm_stock" WHERE ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' ');
    };
    expect(plan({ sku: 'SKU-3' })).to.match(/USING INDEX "?rm_stock\$sku_1/);
    expect(plan({ qty: { $gte: 10, $lt: 20 } })).to.match(/USING INDEX "?rm_stock\$qty_1/);
    expect(plan({ _id: 's1' })).to.match(/USING INDEX sqlite_autoindex_rm_stock_1|PRIMARY KEY/);
    raw.close();
    expect(sortedIds(await coll.find({ sku: 'SKU-3', qty: { $lt: 20 } }))).to.deep.equal(['s13', 's3']);
    expect((await coll.find({ qty: { $gte: 45 } }, { sort: { qty: -1 }, limit: 2 })).map((d) => d.qty)).to.deep.equal([49, 48]);
  });

  it('sees an array written through another connection after an index was created (multikey flag reloads)', async () => {
    const a = await open();
    const b = await open();
    await a.collection('tags').createIndex({ keys: { tag: 1 } });
    await a.collection('tags').insertOne({ _id: 'x', tag: 'red' });
    expect(await a.collection('tags').countDocuments({ tag: 'red' })).to.equal(1);
    await b.collection('tags').insertOne({ _id: 'y', tag: ['red', 'blue'] });
    expect(sortedIds(await a.collection('tags').find({ tag: 'red' }))).to.deep.equal(['x', 'y']);
    expect(await a.collection('tags').countDocuments({ tag: 'red' })).to.equal(2);
  });

  it('outside operations wait for an open transaction: no dirty reads, no writes inside it', async () => {
    const store = await open();
    const coll = store.collection('iso');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const tx = store.withTransaction(async (t) => {
      await t.collection('iso').insertOne({ _id: 'uncommitted' });
      await gate;
      throw new Error('roll back');
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const read = coll.find({});
    const write = coll.insertOne({ _id: 'outside' });
    let readDone = false;
    void read.then(() => (readDone = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(readDone).to.equal(false);
    release();
    expect((await expectRejection(tx)).message).to.equal('roll back');
    expect(await read).to.deep.equal([]);
    await write;
    expect(sortedIds(await coll.find({}))).to.deep.equal(['outside']);
  });

  it('an error inside a transaction aborts it even when the callback catches it (like MongoDB)', async () => {
    const store = await open();
    await store.collection('p').insertOne({ _id: 'taken' });
    const error = await expectRejection(
      store.withTransaction(async (tx) => {
        await tx.collection('p').insertOne({ _id: 'new' });
        await tx.collection('p').insertOne({ _id: 'taken' }).catch(() => undefined);
        await tx.collection('p').insertOne({ _id: 'later' });
      }),
    );
    expect(error.code).to.equal('TRANSACTION_ABORTED');
    expect(sortedIds(await store.collection('p').find({}))).to.deep.equal(['taken']);
  });

  it('refuses to nest transactions and to use a handle after its transaction ended', async () => {
    const store = await open();
    let leaked: Parameters<Parameters<typeof store.withTransaction>[0]>[0] | undefined;
    const nested = await expectRejection(
      store.withTransaction(async (tx) => {
        leaked = tx;
        await store.withTransaction(async () => undefined);
      }),
    );
    expect(nested.code).to.equal('NESTED_TRANSACTION');
    const late = await expectRejection((leaked as NonNullable<typeof leaked>).collection('x').insertOne({ _id: 'late' }));
    expect(late.code).to.equal('TRANSACTION_ENDED');
  });

  it('without the scope check, a store call from inside its own transaction fails after lockWaitMs instead of hanging', async () => {
    const store = await openEmbeddedReadStore({ path: join(dir, 'unchecked.db'), checkScope: false, lockWaitMs: 150 });
    opened.push(store);
    const started = Date.now();
    const error = await expectRejection(
      store.withTransaction(async (tx) => {
        await tx.collection('p').insertOne({ _id: 'in' });
        await store.collection('p').insertOne({ _id: 'out' });
      }),
    );
    expect(error.code).to.equal('TRANSACTION_LOCK_TIMEOUT');
    expect(Date.now() - started).to.be.within(140, 5_000);
    // Nothing of the failed transaction was kept, and the lock is free again.
    expect(await store.collection('p').countDocuments({})).to.equal(0);
    await store.collection('p').insertOne({ _id: 'after' });
    expect(sortedIds(await store.collection('p').find({}))).to.deep.equal(['after']);
  });

  it('a transaction that wrote to a durable collection is in the main database file at once (synchronous=NORMAL)', async () => {
    const path = join(dir, 'durable.db');
    const store = await openEmbeddedReadStore({ path, synchronous: 'NORMAL', durableCollections: ['keys'] });
    opened.push(store);
    // What survives without the write-ahead log: a copy of the main file alone.
    const inMainFile = (table: string): number => {
      const copy = join(dir, `copy-${table}.db`);
      copyFileSync(path, copy);
      const db = new Database(copy, { readonly: true });
      try {
        const exists = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = ?`).get(`rm_${table}`) as { n: number };
        return exists.n === 0 ? 0 : (db.prepare(`SELECT count(*) AS n FROM rm_${table}`).get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    await store.withTransaction(async (tx) => {
      await tx.collection('views').insertOne({ _id: 'v1' });
    });
    expect(inMainFile('views')).to.equal(0); // still only in the log: a plain NORMAL commit
    await store.withTransaction(async (tx) => {
      await tx.collection('keys').insertOne({ _id: 'k1' });
    });
    // The durable commit synced the log and checkpointed it into the main file.
    expect(inMainFile('keys')).to.equal(1);
  });

  it('is unavailable after close', async () => {
    const store = await open();
    await store.close();
    expect(await expectRejection(store.collection('x').find({}))).to.be.instanceOf(ReadStoreUnavailableError);
    expect(await expectRejection(store.ping())).to.be.instanceOf(ReadStoreUnavailableError);
  });

  it('stores undefined fields as null like the MongoDB driver, and refuses bigint', async () => {
    const store = await open();
    const coll = store.collection('norm');
    await coll.insertOne({ _id: 'u', gone: undefined, list: [1, undefined] });
    expect(await coll.findOne({ _id: 'u' })).to.deep.equal({ _id: 'u', gone: null, list: [1, null] });
    const error = await expectRejection(coll.insertOne({ _id: 'b', big: 1n }));
    expect(error.code).to.equal('INVALID_DOCUMENT');
  });
});
