import { AsyncLocalStorage } from 'node:async_hooks';
import { MongoClient, type MongoClientOptions } from 'mongodb';
import { ReadStoreError, type Document, type ReadCollection, type ReadStore, type ReadStoreTransaction } from '../readStore.js';
import { mongoCollection, type MongoRunner } from './mongoCollection.js';
import { isRetriableInsideTransaction, mapMongoError } from './mongoErrors.js';

/**
 * The read-model store on MongoDB through the official driver (a replica set is required for
 * transactions; a single-node replica set is enough).
 *
 * withTransaction uses the driver's `session.withTransaction`, which retries the callback on
 * TransientTransactionError (write conflicts) and the commit on UnknownTransactionCommitResult: the
 * callback may therefore run more than once and must only write through the handle it is given.
 * Errors the adapter has already mapped (duplicate key, unavailable) are not MongoErrors, so the
 * driver aborts and rethrows them at once instead of retrying for its 120 s budget.
 */
export type MongoReadStoreOptions = Readonly<{
  url: string;
  dbName: string;
  /** How long an operation waits for a usable server before failing as unavailable (ms, default 5000). */
  serverSelectionTimeoutMS?: number;
  /** Extra driver options (they win over the adapter's defaults). */
  clientOptions?: MongoClientOptions;
  /** Reject store-level calls made inside a transaction's own callback (AsyncLocalStorage; costly, for tests). */
  checkScope?: boolean;
}>;

export type MongoReadStore = ReadStore & Readonly<{ client: MongoClient; dbName: string }>;

const misuse = (): ReadStoreError =>
  new ReadStoreError(
    'TRANSACTION_SCOPE',
    'inside withTransaction use the transaction handle (tx.collection(...)), not the store: the write would escape the transaction',
    500,
    false,
  );

export const openMongoReadStore = async (options: MongoReadStoreOptions): Promise<MongoReadStore> => {
  const client = new MongoClient(options.url, {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5000,
    connectTimeoutMS: options.serverSelectionTimeoutMS ?? 5000,
    appName: 'order-ledger',
    ignoreUndefined: false,
    retryWrites: true,
    ...options.clientOptions,
  });
  try {
    await client.connect();
  } catch (error) {
    await client.close().catch(() => undefined);
    throw mapMongoError(error);
  }
  const db = client.db(options.dbName);
  // Marks the async context of a transaction callback, so store-level calls made from inside it are caught.
  // Off by default: on Node 20 an AsyncLocalStorage turns on promise hooks for the whole process.
  const scope = options.checkScope ? new AsyncLocalStorage<true>() : undefined;

  const outside: MongoRunner = async (fn) => {
    if (scope?.getStore()) throw misuse();
    try {
      return await fn();
    } catch (error) {
      throw mapMongoError(error);
    }
  };

  const inside: MongoRunner = async (fn) => {
    try {
      return await fn();
    } catch (error) {
      throw isRetriableInsideTransaction(error) ? error : mapMongoError(error);
    }
  };

  return {
    client,
    dbName: options.dbName,

    collection: <T extends Document = Document>(name: string): ReadCollection<T> => mongoCollection<T>(db, name, outside),

    withTransaction: async <R>(work: (tx: ReadStoreTransaction) => Promise<R>): Promise<R> => {
      if (scope?.getStore()) throw new ReadStoreError('NESTED_TRANSACTION', 'withTransaction cannot be nested', 500, false);
      const session = client.startSession();
      try {
        const run = <T>(f: () => Promise<T>): Promise<T> => (scope ? scope.run(true, f) : f());
        return await run(() =>
          session.withTransaction(
            async () => {
              const tx: ReadStoreTransaction = {
                collection: <T extends Document = Document>(name: string) => mongoCollection<T>(db, name, inside, session),
              };
              return work(tx);
            },
            { readPreference: 'primary', readConcern: { level: 'snapshot' }, writeConcern: { w: 'majority' } },
          ),
        );
      } catch (error) {
        throw mapMongoError(error);
      } finally {
        await session.endSession().catch(() => undefined);
      }
    },

    listCollections: () =>
      outside(async () => {
        const infos = await db.listCollections({}, { nameOnly: true }).toArray();
        return infos.map((i) => i.name).filter((n) => !n.startsWith('system.')).sort();
      }),

    ping: () => outside(async () => void (await db.command({ ping: 1 }))),

    close: () => client.close(),
  };
};
