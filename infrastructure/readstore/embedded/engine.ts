import type { Database, Statement } from 'better-sqlite3';
import { ReadStoreUnavailableError } from '../readStore.js';
import { createCatalog, type Catalog, type CollectionInfo } from './catalog.js';
import type { ShapeLookup } from './filterPushdown.js';

/**
 * What every synchronous operation needs: the connection, the catalog, and prepared statements.
 * Statements are cached per collection (LRU) because SQL text varies with the filter's shape; the
 * cache of a collection is dropped with it.
 */
export type Engine = Readonly<{
  db: Database;
  catalog: Catalog;
  statement(collection: string, sql: string): Statement;
  /** Drops the cached statements of a collection (after it was dropped). */
  forget(collection: string): void;
  shapes(collection: CollectionInfo | undefined): ShapeLookup;
  /**
   * Runs several writes as one SQLite transaction for speed. Outside `withTransaction` a failure still
   * commits the writes before it: MongoDB's ordered writes keep what was applied before the error.
   */
  batch<R>(collection: string, fn: () => R): R;
  /**
   * Commits the caller's open transaction (withTransaction). When it wrote to a durable collection
   * and the connection runs below FULL, the write-ahead log is synced right after (a passive
   * checkpoint syncs it first) — SQLite refuses to change `synchronous` inside a transaction.
   */
  commit(): void;
  /** Undoes the in-memory view of whatever a rolled-back transaction created or flagged. */
  afterRollback(): void;
}>;

export type EngineOptions = Readonly<{
  /**
   * Collections whose acknowledged writes must survive a power cut even when the connection commits
   * with `synchronous=NORMAL` (API keys, key rows, webhook subscriptions: data no event log holds).
   */
  durableCollections?: ReadonlySet<string>;
  /** The connection's own `synchronous` level. */
  synchronous?: string;
}>;

const MAX_STATEMENTS_PER_COLLECTION = 128;

const isBusy = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
};

/** SQLite's "another connection holds the write lock for longer than busy_timeout" is a transient outage. */
export const beginImmediate = (db: Database): void => {
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    if (isBusy(error)) throw new ReadStoreUnavailableError('the read-model database is locked by another connection', error);
    throw error;
  }
};

export const createEngine = (db: Database, options: EngineOptions = {}): Engine => {
  const catalog = createCatalog(db);
  const relaxed = (options.synchronous ?? 'FULL').toUpperCase() !== 'FULL' && (options.synchronous ?? '').toUpperCase() !== 'EXTRA';
  const durable = (collection: string) => relaxed && (options.durableCollections?.has(collection) ?? false);
  /** The open withTransaction wrote to a durable collection. */
  let durableTouched = false;
  const caches = new Map<string, Map<string, Statement>>();

  const statement = (collection: string, sql: string): Statement => {
    let cache = caches.get(collection);
    if (!cache) {
      cache = new Map();
      caches.set(collection, cache);
    }
    const cached = cache.get(sql);
    if (cached) {
      cache.delete(sql);
      cache.set(sql, cached);
      return cached;
    }
    const prepared = db.prepare(sql);
    cache.set(sql, prepared);
    if (cache.size > MAX_STATEMENTS_PER_COLLECTION) cache.delete(cache.keys().next().value as string);
    return prepared;
  };

  const forgetMissing = () => {
    for (const name of [...caches.keys()]) if (!catalog.get(name)) caches.delete(name);
  };

  return {
    db,
    catalog,
    statement,
    forget: (collection) => {
      caches.delete(collection);
    },
    shapes: (collection) => (path) => catalog.shapeOf(collection, path),
    batch<R>(collection: string, fn: () => R): R {
      if (db.inTransaction) {
        if (durable(collection)) durableTouched = true;
        return fn();
      }
      const sync = durable(collection);
      if (sync) db.pragma('synchronous = FULL');
      try {
        return autocommit(fn);
      } finally {
        if (sync) db.pragma(`synchronous = ${options.synchronous}`);
      }
    },
    commit() {
      db.exec('COMMIT');
      if (durableTouched) {
        durableTouched = false;
        db.pragma('wal_checkpoint(PASSIVE)');
      }
    },
    afterRollback() {
      durableTouched = false;
      catalog.reload();
      forgetMissing();
    },
  };

  /** One write outside withTransaction: its own SQLite transaction. */
  function autocommit<R>(fn: () => R): R {
    beginImmediate(db);
    catalog.refreshIfChanged();
    try {
      const result = fn();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      if (db.inTransaction) {
        try {
          db.exec('COMMIT');
        } catch {
          db.exec('ROLLBACK');
          catalog.reload();
          forgetMissing();
        }
      }
      throw error;
    }
  }
};
