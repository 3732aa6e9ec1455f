import { AsyncLocalStorage } from 'node:async_hooks';
import { ReadStoreError } from '../readStore.js';

/**
 * Serialises access to the one SQLite connection.
 *
 * better-sqlite3 is synchronous, so a single operation can never interleave with another. Only
 * `withTransaction` spans `await`s: while its callback waits, any other async code could run a
 * statement on the same connection and it would silently become part of (or read the uncommitted
 * state of) the open transaction. So:
 *  - transactions take a FIFO lock for their whole duration (one at a time);
 *  - an operation outside a transaction runs at once when the lock is free (the common case costs
 *    nothing), and otherwise queues behind the lock: no dirty reads, no foreign writes inside a
 *    transaction;
 *  - an operation on the *store* (not the transaction handle) issued from inside a transaction's own
 *    callback would wait for itself forever; it is detected through AsyncLocalStorage and rejected
 *    instead (MongoDB would run it outside the transaction — a bug in the caller either way).
 */
export type TransactionState = {
  active: boolean;
  /** The first error raised inside the transaction: MongoDB aborts a transaction on any failed command. */
  aborted?: unknown;
};

export type TransactionGate = ReturnType<typeof createTransactionGate>;

export const transactionMisuse = (): ReadStoreError =>
  new ReadStoreError(
    'TRANSACTION_SCOPE',
    'inside withTransaction use the transaction handle (tx.collection(...)), not the store: the store would wait for the transaction to end',
    500,
    false,
  );

export const createTransactionGate = () => {
  const scope = new AsyncLocalStorage<TransactionState>();
  const waiters: (() => void)[] = [];
  let locked = false;

  const acquire = (): Promise<void> => {
    if (!locked) {
      locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => waiters.push(resolve));
  };
  const release = (): void => {
    const next = waiters.shift();
    if (next) next();
    else locked = false;
  };

  return {
    /** Runs a synchronous operation outside any transaction, waiting for an open one to finish first. */
    async outside<R>(fn: () => R): Promise<R> {
      if (scope.getStore()?.active) throw transactionMisuse();
      if (!locked) return fn();
      await acquire();
      try {
        return fn();
      } finally {
        release();
      }
    },

    /** Runs `body` holding the lock, with `state` visible to AsyncLocalStorage inside it. */
    async exclusive<R>(body: (state: TransactionState) => Promise<R>): Promise<R> {
      if (scope.getStore()?.active) {
        throw new ReadStoreError('NESTED_TRANSACTION', 'withTransaction cannot be nested', 500, false);
      }
      await acquire();
      const state: TransactionState = { active: true };
      try {
        return await scope.run(state, () => body(state));
      } finally {
        state.active = false;
        release();
      }
    },

    /** Runs a synchronous operation through a transaction handle: refuses after the end or after a failure. */
    inside<R>(state: TransactionState, fn: () => R): Promise<R> {
      if (!state.active) return Promise.reject(new ReadStoreError('TRANSACTION_ENDED', 'the transaction has already ended', 500, false));
      if (state.aborted !== undefined) {
        return Promise.reject(new ReadStoreError('TRANSACTION_ABORTED', `the transaction was aborted by an earlier error: ${String(state.aborted)}`, 409, false));
      }
      try {
        return Promise.resolve(fn());
      } catch (error) {
        state.aborted = error;
        return Promise.reject(error);
      }
    },

    /** Waits for any open transaction, then keeps the lock while `fn` runs (used by close()). */
    async drain<R>(fn: () => R): Promise<R> {
      await acquire();
      try {
        return fn();
      } finally {
        release();
      }
    },
  };
};
