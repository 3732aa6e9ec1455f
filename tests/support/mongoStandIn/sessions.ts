import type { Document as BsonDocument } from 'bson';
import type { EmbeddedReadStore } from '../../../infrastructure/readstore/embedded/embeddedReadStore.js';
import type { Document, ReadCollection, ReadStoreTransaction } from '../../../infrastructure/readstore/readStore.js';
import { CommandError, noSuchTransaction } from './standInErrors.js';

/**
 * Multi-statement transactions keyed by logical session id. A transaction is one embedded-store
 * `withTransaction` held open across commands: commitTransaction resolves its callback, abort (or
 * the lifetime limit, or stop()) rejects it and SQLite rolls back. The embedded store admits one
 * transaction at a time and makes other writers wait, so the stand-in is stricter than MongoDB
 * (no write conflicts, no concurrent transactions) — enough for atomicity tests, not for
 * concurrency semantics.
 */
type Txn = {
  readonly key: string;
  readonly txnNumber: number;
  readonly db: string;
  state: 'active' | 'committed' | 'aborted';
  handle?: ReadStoreTransaction;
  finish?: (commit: boolean) => void;
  done?: Promise<void>;
  timer?: NodeJS.Timeout;
};

const ABORT = Symbol('abort');

const lsidKey = (command: BsonDocument): string => {
  const id = (command.lsid as { id?: { toString(format: string): string } } | undefined)?.id;
  if (!id) throw new CommandError(72, 'InvalidOptions', 'a transaction requires a session (lsid)');
  return id.toString('hex');
};

export type SessionRegistry = ReturnType<typeof createSessionRegistry>;

export const createSessionRegistry = (lifetimeMs = 60_000) => {
  const txns = new Map<string, Txn>();

  const finish = async (txn: Txn, commit: boolean): Promise<void> => {
    clearTimeout(txn.timer);
    txn.finish?.(commit);
    try {
      await txn.done;
      txn.state = commit ? 'committed' : 'aborted';
    } catch (error) {
      txn.state = 'aborted';
      if (commit) throw noSuchTransaction(`Transaction ${txn.txnNumber} has been aborted: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const begin = async (key: string, txnNumber: number, db: string, store: EmbeddedReadStore): Promise<Txn> => {
    const txn: Txn = { key, txnNumber, db, state: 'active' };
    txns.set(key, txn);
    let ready!: () => void;
    const started = new Promise<void>((resolve) => (ready = resolve));
    txn.done = store.withTransaction(
      (tx) =>
        new Promise<void>((resolve, reject) => {
          txn.handle = tx;
          txn.finish = (commit) => (commit ? resolve() : reject(ABORT));
          ready();
        }),
    );
    txn.done.catch(() => undefined);
    await Promise.race([started, txn.done]);
    txn.timer = setTimeout(() => void finish(txn, false), lifetimeMs);
    txn.timer.unref();
    return txn;
  };

  return {
    /** The collection a CRUD command works on: the session's transaction handle, or the store itself. */
    async collection(command: BsonDocument, db: string, name: string, store: EmbeddedReadStore): Promise<ReadCollection<Document>> {
      if (command.autocommit !== false) return store.collection(name);
      const key = lsidKey(command);
      const txnNumber = Number(command.txnNumber);
      let txn = txns.get(key);
      if (command.startTransaction === true) {
        if (txn?.state === 'active') await finish(txn, false);
        txn = await begin(key, txnNumber, db, store);
      } else if (!txn || txn.txnNumber !== txnNumber || txn.state !== 'active') {
        throw noSuchTransaction(`Given transaction number ${txnNumber} does not match any in-progress transactions.`);
      }
      if (txn.db !== db) throw new CommandError(263, 'OperationNotSupportedInTransaction', 'the stand-in supports transactions on one database only');
      if (!txn.handle) throw noSuchTransaction('the transaction could not start');
      return txn.handle.collection(name);
    },

    async commit(command: BsonDocument): Promise<BsonDocument> {
      const txn = txns.get(lsidKey(command));
      const txnNumber = Number(command.txnNumber);
      if (txn && txn.txnNumber === txnNumber && txn.state === 'committed') return { ok: 1 }; // a retried commit
      // A transaction whose commands never reached the server (read-only or empty) has nothing to commit.
      if (!txn || txn.txnNumber !== txnNumber) return { ok: 1 };
      if (txn.state !== 'active') throw noSuchTransaction();
      await finish(txn, true);
      return { ok: 1 };
    },

    async abort(command: BsonDocument): Promise<BsonDocument> {
      const txn = txns.get(lsidKey(command));
      if (txn && txn.txnNumber === Number(command.txnNumber) && txn.state === 'active') await finish(txn, false);
      return { ok: 1 };
    },

    /** Rolls back every open transaction (the server is going away). */
    async abortAll(): Promise<void> {
      await Promise.all([...txns.values()].filter((t) => t.state === 'active').map((t) => finish(t, false)));
      // Keep the aborted entries: a driver that retries commitTransaction after the restart must get
      // NoSuchTransaction (as from MongoDB), not the "never reached the server" ok:1 — that would
      // report a rolled-back transaction as committed.
    },
  };
};
