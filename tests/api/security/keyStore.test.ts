import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SECURITY_COLLECTIONS } from '../../../application/security/securityServices.js';
import { loadConfig } from '../../../infrastructure/config/config.js';
import { openEmbeddedReadStore } from '../../../infrastructure/readstore/embedded/embeddedReadStore.js';
import { generateKey, MasterKeyError } from '../../../infrastructure/secrets/envelope.js';
import { createKeyStore, type KeyRows } from '../../../infrastructure/secrets/keyStore.js';
import { KEYS_FILE, MASTER_KEY_FILE, openKeyStore } from '../../../infrastructure/secrets/openKeyStore.js';
import { KEYS_COLLECTION, readStoreKeyRows } from '../../../infrastructure/secrets/readStoreKeyRows.js';
import { sqliteKeyRows } from '../../../infrastructure/secrets/sqliteKeyRows.js';

const adapters: Array<[string, (dir: string) => Promise<{ rows: KeyRows; close: () => Promise<void> }>]> = [
  ['sqlite keys.db', async (dir) => {
    const rows = sqliteKeyRows(join(dir, 'keys.db'));
    return { rows, close: () => rows.close() };
  }],
  ['read-store collection', async () => {
    const store = await openEmbeddedReadStore({ path: ':memory:' });
    return { rows: readStoreKeyRows(store), close: () => store.close() };
  }],
];

describe('security: key store (envelope-encrypted data keys and secrets)', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'oms-keys-'));
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  for (const [name, open] of adapters) {
    describe(name, () => {
      it('concurrent inserts (one commit for a turn\'s worth on sqlite) keep one row per subject, and a delete asked right after them wins', async () => {
        const { rows, close } = await open(tempDir());
        const row = (subject: string, n: number) => ({ keyId: `k-${subject}-${n}`, kind: 'data' as const, subject, kek: 'local', iv: 'iv', tag: 'tag', ciphertext: `ct-${n}`, createdAt: '2026-11-27T00:00:00.000Z' });
        const inserted = await Promise.all(Array.from({ length: 60 }, (_, i) => rows.insertIfAbsent(row(`s${i % 20}`, i))));
        // The first insert of each subject wins; later ones see that row.
        for (let i = 0; i < 60; i++) expect(inserted[i]!.keyId).to.equal(`k-s${i % 20}-${i % 20}`);
        expect(await rows.count()).to.equal(20);
        const late = rows.insertIfAbsent(row('s-late', 99));
        const deleted = rows.deleteSubject('data', 's-late'); // asked after the insert: applied after it
        expect((await late).keyId).to.equal('k-s-late-99');
        expect(await deleted).to.equal(1);
        expect(await rows.bySubject('data', 's-late')).to.equal(undefined);
        await close();
      });

      it('creates one data key per subject, finds it by id, and forgets it for good', async () => {
        const { rows, close } = await open(tempDir());
        const master = generateKey();
        const ks = createKeyStore(rows, { masterKey: () => master, cacheMs: 0 });
        const a = await ks.dataKey('cust-1');
        const again = await ks.dataKey('cust-1');
        const b = await ks.dataKey('cust-2');
        expect(again.keyId).to.equal(a.keyId);
        expect(again.key.equals(a.key)).to.equal(true);
        expect(b.key.equals(a.key)).to.equal(false);
        expect((await ks.dataKeyById(a.keyId))!.equals(a.key)).to.equal(true);
        expect(await ks.destroySubject('cust-1')).to.equal(1);
        expect(await ks.dataKeyById(a.keyId)).to.equal(undefined);
        expect(await ks.destroySubject('cust-1')).to.equal(0);
        expect(await ks.dataKeyById(b.keyId)).not.to.equal(undefined);
        await close();
      });

      it('concurrent first uses agree on one key', async () => {
        const { rows, close } = await open(tempDir());
        const ks = createKeyStore(rows, { masterKey: generateKey });
        const keys = await Promise.all(Array.from({ length: 8 }, () => ks.dataKey('cust-race')));
        expect(new Set(keys.map((k) => k.keyId)).size).to.equal(1);
        await close();
      });

      it('needs the right master key, and rotation re-wraps every key atomically', async () => {
        const { rows, close } = await open(tempDir());
        const oldMaster = generateKey();
        const ks = createKeyStore(rows, { masterKey: () => oldMaster, cacheMs: 0 });
        const { keyId, key } = await ks.dataKey('cust-r');
        const secret = await ks.secret('tracking-token');
        const wrong = createKeyStore(rows, { masterKey: generateKey, cacheMs: 0 });
        await wrong.dataKeyById(keyId).then(() => expect.fail('opened with a wrong master key'), (e: Error) => expect(e.message).to.match(/another master key/));
        const next = generateKey();
        expect(await ks.rotateMasterKey(next)).to.equal(2);
        const rotated = createKeyStore(rows, { masterKey: () => next, cacheMs: 0 });
        expect((await rotated.dataKeyById(keyId))!.equals(key)).to.equal(true);
        expect((await rotated.secret('tracking-token')).equals(secret)).to.equal(true);
        const stale = createKeyStore(rows, { masterKey: () => oldMaster, cacheMs: 0 });
        await stale.dataKeyById(keyId).then(() => expect.fail('old master still opens'), () => undefined);
        await close();
      });
    });
  }

  it('the embedded store: keys.db and a generated master.key, both 0600, no raw key bytes in keys.db', async () => {
    const dir = tempDir();
    const config = loadConfig({ OMS_DATA_DIR: dir });
    const store = await openEmbeddedReadStore({ path: ':memory:' });
    const ks = openKeyStore({ dataDir: dir, security: config.security, readStore: store });
    const { key } = await ks.dataKey('cust-file');
    expect(statSync(join(dir, KEYS_FILE)).mode & 0o777).to.equal(0o600);
    expect(statSync(join(dir, MASTER_KEY_FILE)).mode & 0o777).to.equal(0o600);
    const bytes = readFileSync(join(dir, KEYS_FILE));
    expect(bytes.includes(key)).to.equal(false);
    expect(bytes.includes(Buffer.from(key.toString('base64')))).to.equal(false);
    await ks.close();
    const reopened = openKeyStore({ dataDir: dir, security: config.security, readStore: store });
    expect((await reopened.dataKey('cust-file')).key.equals(key)).to.equal(true);
    await reopened.close();
    await store.close();
  });

  it('the shared store refuses to work without OMS_MASTER_KEY, lazily, with a clear message', async () => {
    const store = await openEmbeddedReadStore({ path: ':memory:' });
    const config = loadConfig({ MONGO_URL: 'mongodb://unused', EVENTSTORE_URL: 'esdb://unused' });
    expect(config.security.keyStore).to.equal('readstore');
    const ks = openKeyStore({ dataDir: '/nonexistent', security: config.security, readStore: store });
    await ks.secret('x').then(() => expect.fail('worked without a master key'), (e: unknown) => expect(e).to.be.instanceOf(MasterKeyError));
    const withKey = openKeyStore({ dataDir: '/nonexistent', security: loadConfig({ MONGO_URL: 'mongodb://unused', OMS_MASTER_KEY: generateKey().toString('base64') }).security, readStore: store });
    expect((await withKey.secret('x')).length).to.equal(32);
    expect(await store.listCollections()).to.include(KEYS_COLLECTION);
    await store.close();
  });

  it('the shared key collection is among the security collections (never scanned or digested as a read model)', () => {
    expect(SECURITY_COLLECTIONS).to.include(KEYS_COLLECTION);
  });
});
