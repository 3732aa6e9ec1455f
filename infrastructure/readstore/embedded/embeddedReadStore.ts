import Database from 'better-sqlite3';
import { ReadStoreUnavailableError, type Document, type ReadCollection, type ReadStore, type ReadStoreTransaction } from '../readStore.js';
import { embeddedCollection, type Runner } from './embeddedCollection.js';
import { beginImmediate, createEngine } from './engine.js';
import { createTransactionGate } from './transactionGate.js';

/**
 * The embedded read-model store: one SQLite file (possibly the event store's own file — every table
 * here is prefixed `rm_`), one table per collection (`rm_<name>(id TEXT PRIMARY KEY, doc TEXT)`),
 * MongoDB semantics through mingo with simple conditions, sorts and counts pushed down to SQLite
 * and its expression indexes. See transactionGate.ts for how async transactions stay atomic and
 * isolated on a synchronous connection, and filterPushdown.ts for when SQL alone is exact.
 *
 * A transaction holds SQLite's write lock (BEGIN IMMEDIATE) until it ends. When another connection
 * writes to the same file from the same process (the embedded event store), a callback that awaits
 * real I/O (timers, sockets, files) would make that connection's synchronous busy-wait block the
 * event loop until its busy timeout: keep the callback to read-store calls, which resolve without
 * leaving the current macrotask.
 */
export type EmbeddedReadStoreOptions = Readonly<{
  /** A file path, or ':memory:' (tests). */
  path: string;
  /**
   * SQLite `synchronous`; FULL (default) syncs the WAL on every commit. The OMS opens its read models
   * with NORMAL when they share the event store's file: see openStores.ts for why that loses nothing.
   */
  synchronous?: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';
  /** Reject store calls made inside a transaction's own callback at once (costly; see transactionGate.ts). */
  checkScope?: boolean;
  /** How long a call may wait for an open transaction before TRANSACTION_LOCK_TIMEOUT (ms, default 30 000). */
  lockWaitMs?: number;
  /** SQLite `journal_mode`; WAL (default) lets readers on other connections run during writes. */
  journalMode?: 'WAL' | 'DELETE' | 'TRUNCATE' | 'PERSIST' | 'MEMORY';
  /** How long to wait for another connection's write lock before failing (ms, default 5000). */
  busyTimeoutMs?: number;
  /** Collections whose writes are synced even below `synchronous=FULL` (data no event log holds). */
  durableCollections?: readonly string[];
}>;

export type EmbeddedReadStore = ReadStore & Readonly<{ path: string }>;

export const openEmbeddedReadStore = async (options: EmbeddedReadStoreOptions): Promise<EmbeddedReadStore> => {
  const db = new Database(options.path, { timeout: options.busyTimeoutMs ?? 5000 });
  try {
    if (options.path !== ':memory:') db.pragma(`journal_mode = ${options.journalMode ?? 'WAL'}`);
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  } catch (error) {
    db.close();
    throw error;
  }
  const engine = createEngine(db, { synchronous: options.synchronous ?? 'FULL', durableCollections: new Set(options.durableCollections ?? []) });
  const gate = createTransactionGate({ checkScope: options.checkScope ?? false, lockWaitMs: options.lockWaitMs ?? 30_000 });
  let closed = false;

  const ensureOpen = () => {
    if (closed || !db.open) throw new ReadStoreUnavailableError('the embedded read store is closed');
  };

  const outside: Runner = (fn) =>
    gate.outside(() => {
      ensureOpen();
      engine.catalog.refreshIfChanged();
      return fn();
    });

  return {
    path: options.path,

    collection: <T extends Document = Document>(name: string): ReadCollection<T> => embeddedCollection<T>(engine, name, outside),

    withTransaction: <R>(work: (tx: ReadStoreTransaction) => Promise<R>): Promise<R> =>
      gate.exclusive(async (state) => {
        ensureOpen();
        beginImmediate(db);
        try {
          engine.catalog.refreshIfChanged();
          const inside: Runner = (fn) => gate.inside(state, fn);
          const tx: ReadStoreTransaction = { collection: <T extends Document = Document>(name: string) => embeddedCollection<T>(engine, name, inside) };
          const result = await work(tx);
          if (state.aborted !== undefined) throw state.aborted;
          engine.commit();
          return result;
        } catch (error) {
          if (db.open && db.inTransaction) {
            db.exec('ROLLBACK');
            engine.afterRollback();
          }
          throw error;
        }
      }),

    listCollections: () => outside(() => engine.catalog.names()),

    ping: async () => {
      ensureOpen();
      db.prepare('SELECT 1').get();
    },

    close: async () => {
      if (closed) return;
      await gate.drain(() => {
        closed = true;
        db.close();
      });
    },
  };
};
