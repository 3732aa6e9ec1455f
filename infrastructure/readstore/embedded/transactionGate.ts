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
 *    callback would wait for itself forever (MongoDB would run it outside the transaction — a bug in
 *    the caller either way). With `checkScope` it is detected through AsyncLocalStorage and rejected
 *    at once. That check is off by default: on Node 20 an AsyncLocalStorage turns on promise hooks
 *    for the whole process, which cost ~40 % of the order-capture server's CPU in the profile. Without
 *    it, such a call fails after `lockWaitMs` with TRANSACTION_LOCK_TIMEOUT instead of hanging. The
 *    test suites turn the check on.
 */
export type TransactionGateOptions = Readonly<{
  /** Detect store calls made from inside a transaction's own callback (AsyncLocalStorage; costly). */
  checkScope?: boolean;
  /** How long an operation may wait for a transaction to end before it fails (default 30 s). */
  lockWaitMs?: number;
}>;

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

const lockTimeout = (ms: number): ReadStoreError =>
  new ReadStoreError(
    'TRANSACTION_LOCK_TIMEOUT',
    `waited ${ms} ms for a read-store transaction to end (is the store used from inside its own withTransaction callback? use the transaction handle)`,
    503,
    true,
  );

type Waiter = { grant: () => void; timer?: NodeJS.Timeout };

export const createTransactionGate = (options: TransactionGateOptions = {}) => {
  const scope = options.checkScope ? new AsyncLocalStorage<TransactionState>() : undefined;
  const lockWaitMs = options.lockWaitMs ?? 30_000;
  const waiters: Waiter[] = [];
  let locked = false;

  const acquire = (): Promise<void> => {
    if (!locked) {
      locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { grant: resolve };
      waiter.timer = setTimeout(() => {
        const at = waiters.indexOf(waiter);
        if (at >= 0) waiters.splice(at, 1);
        reject(lockTimeout(lockWaitMs));
      }, lockWaitMs);
      waiter.timer.unref();
      waiters.push(waiter);
    });
  };
  const release = (): void => {
    const next = waiters.shift();
    if (next) {
      clearTimeout(next.timer);
      next.grant();
    } else locked = false;
  };

  return {
    /** Runs a synchronous operation outside any transaction, waiting for an open one to finish first. */
    async outside<R>(fn: () => R): Promise<R> {
      if (scope?.getStore()?.active) throw transactionMisuse();
      if (!locked) return fn();
      await acquire();
      try {
        return fn();
      } finally {
        release();
      }
    },

    /** Runs `body` holding the lock (with `state` visible to AsyncLocalStorage inside it when checking scope). */
    async exclusive<R>(body: (state: TransactionState) => Promise<R>): Promise<R> {
      if (scope?.getStore()?.active) {
        throw new ReadStoreError('NESTED_TRANSACTION', 'withTransaction cannot be nested', 500, false);
      }
      await acquire();
      const state: TransactionState = { active: true };
      try {
        return await (scope ? scope.run(state, () => body(state)) : body(state));
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
