import type { AppendResult } from '../eventStore.js';
import { StoreUnavailableError } from '../errors.js';
import type { Outcome, WriteOp } from './commitBatch.js';

export type GroupCommitOptions = Readonly<{
  /** Queue bound: callers wait (FIFO) while this many operations are pending. */
  maxPendingOps: number;
  /** Transaction size bound: a commit takes at most this many events (at least one operation). */
  maxEventsPerCommit: number;
  /** Runs the group in one transaction, synchronously; throwing fails every operation in it. */
  commit: (ops: readonly WriteOp[]) => { outcomes: Outcome[]; written: number };
  /** Called after each successful COMMIT that wrote events (wakes live subscriptions). */
  onCommitted: () => void;
}>;

export type GroupCommitStats = { commits: number; committedOps: number; maxQueued: number };

export type GroupCommit = Readonly<{
  submit: (op: WriteOp) => Promise<AppendResult | undefined>;
  queued: () => number;
  stats: () => GroupCommitStats;
  /** Stops accepting, commits everything already submitted (also callers waiting for space). */
  close: () => Promise<void>;
}>;

type Pending = { op: WriteOp; resolve: (result: AppendResult | undefined) => void; reject: (error: Error) => void };

const eventCount = (op: WriteOp) => (op.kind === 'append' ? op.events.length : 1);

/**
 * Group commit: every operation submitted before the next `setImmediate` turn (all appends made
 * in the same tick and in the microtasks after it) is written in ONE transaction, so N
 * concurrent appenders share one fsync. Promises settle only after COMMIT returned, so an
 * acknowledged append is durable.
 */
export function createGroupCommit(options: GroupCommitOptions): GroupCommit {
  const queue: Pending[] = [];
  const waiters: Array<() => void> = [];
  const stats: GroupCommitStats = { commits: 0, committedOps: 0, maxQueued: 0 };
  let scheduled = false;
  let closing = false;

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };

  function flush(): void {
    scheduled = false;
    if (queue.length === 0) return;
    let take = 0;
    for (let events = 0; take < queue.length && (take === 0 || events + eventCount(queue[take]!.op) <= options.maxEventsPerCommit); take++) {
      events += eventCount(queue[take]!.op);
    }
    const group = queue.splice(0, take);
    let outcomes: Outcome[];
    let written = 0;
    try {
      ({ outcomes, written } = options.commit(group.map((p) => p.op)));
      stats.commits++;
      stats.committedOps += group.length;
    } catch (error) {
      const failure = new StoreUnavailableError(`event store write failed: ${error instanceof Error ? error.message : String(error)}`, error);
      outcomes = group.map(() => ({ ok: false, error: failure }));
    }
    group.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) pending.resolve(outcome.result);
      else pending.reject(outcome.error);
    });
    if (written > 0) options.onCommitted();
    for (let free = options.maxPendingOps - queue.length; free > 0 && waiters.length > 0; free--) waiters.shift()!();
    if (queue.length > 0) schedule();
  }

  async function submit(op: WriteOp): Promise<AppendResult | undefined> {
    if (closing) throw new StoreUnavailableError('event store is closed');
    // Once closing, callers already waiting are let in: close() commits them too.
    while (queue.length >= options.maxPendingOps && !closing) await new Promise<void>((resolve) => waiters.push(resolve));
    return new Promise((resolve, reject) => {
      queue.push({ op, resolve, reject });
      stats.maxQueued = Math.max(stats.maxQueued, queue.length);
      schedule();
    });
  }

  async function close(): Promise<void> {
    closing = true;
    while (queue.length > 0 || waiters.length > 0) {
      waiters.splice(0).forEach((wake) => wake());
      // Let the woken callers enqueue, then commit synchronously.
      await new Promise<void>((resolve) => setImmediate(resolve));
      flush();
    }
  }

  return { submit, queued: () => queue.length, stats: () => ({ ...stats }), close };
}
