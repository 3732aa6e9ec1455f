import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedReadStore } from '../../../infrastructure/readstore/embedded/embeddedReadStore.js';
import { describeReadStoreContract } from './readStoreContract.js';

describe('Embedded read store', () => {
  describeReadStoreContract('embedded adapter (SQLite :memory:)', async () => {
    const store = await openEmbeddedReadStore({ path: ':memory:', checkScope: true });
    return { store, dispose: () => store.close() };
  });

  describe('on a file', () => {
    let dir: string;
    let files = 0;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'readstore-contract-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));
    describeReadStoreContract('embedded adapter (SQLite file, WAL, synchronous=NORMAL)', async () => {
      const store = await openEmbeddedReadStore({ path: join(dir, `rm-${++files}.db`), synchronous: 'NORMAL', checkScope: true });
      return { store, dispose: () => store.close() };
    });
  });
});
