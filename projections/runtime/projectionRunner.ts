import type { Subscription } from 'rxjs';
import type { EventStore, GlobalPosition, RecordedEvent, SubscriptionBatch } from '../../infrastructure/eventstore/eventStore.js';
import type { ReadStore } from '../../infrastructure/readstore/readStore.js';
import { applyBatch } from './applyBatch.js';
import { sharedCatchUpReader, type CatchUpReader } from './catchUpReader.js';
import { advanceCheckpoint, readCheckpoint } from './checkpoints.js';
import { createDeferredDocuments } from './deferredDocuments.js';
import { createDocumentCache, DEFAULT_CACHED_DOCUMENTS, type DocumentCache } from './documentCache.js';
import { physicalName, projectionCollections, type Projection } from './projection.js';

export type ProjectionStatus = Readonly<{
  processor: string;
  running: boolean;
  caughtUp: boolean;
  position: string | undefined;
  eventsApplied: number;
  /** Append-to-visible delay of the last applied event, in ms (store clock). */
  lastLagMs: number | undefined;
  lastError: string | undefined;
}>;

export type ProjectionRunner = Readonly<{
  processor: string;
  projection: Projection;
  start: () => Promise<void>;
  stop: () => Promise<void>;
  status: () => ProjectionStatus;
  /** Resolves once every event up to `position` has been applied (read-your-writes for callers). */
  waitFor: (position: GlobalPosition, timeoutMs?: number) => Promise<void>;
  /** Resolves once the runner has caught up with the log's head at the time of the call. */
  waitUntilCaughtUp: (timeoutMs?: number) => Promise<void>;
}>;

export type RunnerOptions = Readonly<{
  /** Most events per batch once live (the subscription's page size). */
  batchSize?: number;
  /**
   * Events per transaction while catching up (rebuild, restart far behind), read through the
   * shared catch-up reader: each touched document is read and written once per chunk instead of
   * once per small batch, and the log is parsed once for all runners. 0 = subscription only.
   */
  catchUpChunk?: number;
  /** Where catch-up chunks come from (default: the process-wide reader of the event store). */
  catchUpReader?: CatchUpReader;
  /**
   * Documents per collection kept in memory across the chunks of one catch-up, so a chunk does not
   * reload what the previous one wrote (documentCache.ts). 0 = reload from the store every chunk.
   */
  catchUpCachedDocuments?: number;
  /**
   * Document projections only: while catching up, chunks are folded in memory and written (with the
   * checkpoint) once this many events were folded, once this many documents wait
   * (`catchUpPendingDocuments`), and at the end of the catch-up — each changed document is written
   * once per flush instead of once per chunk (deferredDocuments.ts). ≤ catchUpChunk: every chunk.
   */
  catchUpFlushEvents?: number;
  catchUpPendingDocuments?: number;
  clock?: () => Date;
  /** Called with the append-to-visible lag (ms) of each applied batch's last event. */
  onLag?: (processor: string, lagMs: number) => void;
  onError?: (processor: string, error: unknown) => void;
  retryDelayMs?: number;
}>;

/** Processor id: one checkpoint per projection version, so a rebuild starts from the beginning. */
/** Catch-up chunk: large enough that a rebuild writes most documents once, small enough to keep memory bounded. */
export const DEFAULT_CATCH_UP_CHUNK = 20_000;
export const DEFAULT_CATCH_UP_FLUSH_EVENTS = 200_000;
export const DEFAULT_CATCH_UP_PENDING_DOCUMENTS = 5_000;

export const processorId = (projection: Projection): string => physicalName(projection.name, projection.version);

export const createProjectionRunner = (
  eventStore: EventStore,
  readStore: ReadStore,
  projection: Projection,
  options: RunnerOptions = {},
): ProjectionRunner => {
  const processor = processorId(projection);
  const clock = options.clock ?? (() => new Date());
  let position: GlobalPosition | undefined;
  let running = false;
  let caughtUp = false;
  let eventsApplied = 0;
  let lastLagMs: number | undefined;
  let lastError: string | undefined;
  let subscription: Subscription | undefined;
  let chain: Promise<void> = Promise.resolve();
  let retryTimer: NodeJS.Timeout | undefined;
  const waiters = new Set<{ target: GlobalPosition; resolve: () => void }>();

  const notifyWaiters = () => {
    for (const waiter of waiters) {
      if (position !== undefined && position >= waiter.target) {
        waiters.delete(waiter);
        waiter.resolve();
      }
    }
  };

  const setup = async () => {
    for (const name of projectionCollections(projection)) {
      const specs = projection.kind === 'document' ? projection.indexes ?? [] : projection.indexes?.[name.replace(/_v\d+$/, '')] ?? [];
      for (const spec of specs) await readStore.collection(name).createIndex(spec);
    }
  };

  // Bumped on every (re)subscription: batches queued by a subscription that failed must not be
  // applied after the failure, or a later batch would advance the checkpoint past the failed one.
  let generation = 0;

  const process = async (batch: SubscriptionBatch, from: number, cache?: DocumentCache) => {
    if (!running || from !== generation) return;
    const previous = position;
    if (previous !== undefined && batch.position <= previous) {
      batch.ack();
      return;
    }
    const fresh = previous === undefined ? batch.events : batch.events.filter((e) => e.position > previous);
    const applied = await readStore.withTransaction(async (tx) => {
      const count = await applyBatch(projection, fresh, cache ? cache.wrap(tx) : tx);
      await advanceCheckpoint(tx, processor, previous, batch.position, count, clock().toISOString());
      return count;
    });
    position = batch.position;
    eventsApplied += applied;
    if (batch.caughtUp) caughtUp = true;
    const last = fresh[fresh.length - 1];
    if (last) {
      lastLagMs = Math.max(0, clock().getTime() - last.created.getTime());
      options.onLag?.(processor, lastLagMs);
    }
    lastError = undefined;
    notifyWaiters();
    batch.ack();
  };

  const catchUpChunk = Math.max(0, options.catchUpChunk ?? DEFAULT_CATCH_UP_CHUNK);
  const noAck = () => undefined;

  /**
   * Applies shared chunks until one ends short of its size (the head was reached at read time);
   * the live subscription then continues after the last applied event, so nothing is skipped or
   * applied twice at the switch. Every chunk is one transaction with its checkpoint, as batches are.
   */
  const catchUp = async (from: number) => {
    const reader = options.catchUpReader ?? sharedCatchUpReader(eventStore);
    // Lives as long as this catch-up: an error (a rolled-back chunk included) ends it, and the retry
    // starts a new catch-up, with a new cache, from the durable checkpoint.
    const cachedDocuments = options.catchUpCachedDocuments ?? DEFAULT_CACHED_DOCUMENTS;
    const cache = cachedDocuments > 0 ? createDocumentCache({ maxPerCollection: cachedDocuments }) : undefined;
    const flushEvents = options.catchUpFlushEvents ?? DEFAULT_CATCH_UP_FLUSH_EVENTS;
    const maxPending = options.catchUpPendingDocuments ?? DEFAULT_CATCH_UP_PENDING_DOCUMENTS;
    const deferred =
      projection.kind === 'document' && flushEvents > catchUpChunk ? createDeferredDocuments(readStore, physicalName(projection.name, projection.version)) : undefined;
    // Deferred: `folded` runs ahead of `position` (durable, what waitFor reports) until the next flush.
    let folded = position;
    let foldedCount = 0;
    let foldedEvents = 0;
    let lastFolded: RecordedEvent | undefined;
    const flush = async () => {
      const previous = position;
      if (!deferred || folded === undefined || (previous !== undefined && folded <= previous) || !running || from !== generation) return;
      const next = folded;
      await readStore.withTransaction(async (tx) => {
        // Not through the cache: a deferred projection reads back through its overlay, never the cache.
        await deferred.flush(tx);
        await advanceCheckpoint(tx, processor, previous, next, foldedCount, clock().toISOString());
      });
      position = next;
      eventsApplied += foldedCount;
      foldedCount = 0;
      foldedEvents = 0;
      if (lastFolded) {
        lastLagMs = Math.max(0, clock().getTime() - lastFolded.created.getTime());
        options.onLag?.(processor, lastLagMs);
      }
      lastError = undefined;
      notifyWaiters();
    };
    for (;;) {
      if (!running || from !== generation) return;
      const chunk = await reader.read((deferred ? folded : position) ?? 0n, catchUpChunk);
      const last = chunk.events[chunk.events.length - 1];
      if (last !== undefined && deferred) {
        if (!running || from !== generation) return;
        const after = folded;
        const fresh = after === undefined ? chunk.events : chunk.events.filter((e) => e.position > after);
        foldedCount += await applyBatch(projection, fresh, deferred.overlay());
        folded = last.position;
        foldedEvents += fresh.length;
        lastFolded = last;
        if (foldedEvents >= flushEvents || deferred.pending() >= maxPending || deferred.mustFlush()) await flush();
      } else if (last !== undefined) await process({ events: chunk.events, position: last.position, caughtUp: false, ack: noAck }, from, cache);
      if (!chunk.more) return flush();
    }
  };

  const subscribe = () => {
    if (catchUpChunk === 0) return subscribeLive(++generation);
    const from = ++generation;
    chain = chain
      .then(() => catchUp(from))
      .then(() => {
        if (running && from === generation) subscribeLive(from);
      })
      .catch((error) => fail(error));
  };

  const subscribeLive = (from: number) => {
    subscription = eventStore
      .subscribeToAll({ after: position ?? 0n, filter: projection.filter, batchSize: options.batchSize ?? 1000 })
      .subscribe({
        next: (batch) => {
          chain = chain.then(() => process(batch, from)).catch((error) => fail(error));
        },
        error: (error) => fail(error),
      });
  };

  const fail = (error: unknown) => {
    generation += 1; // drop whatever the failed subscription still has queued
    lastError = error instanceof Error ? error.message : String(error);
    options.onError?.(processor, error);
    subscription?.unsubscribe();
    subscription = undefined;
    if (!running) return;
    // Resume from the last durable checkpoint after a pause: transient store outages heal by themselves.
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (!running) return;
      void readCheckpoint(readStore, processor)
        .then((p) => {
          position = p;
          subscribe();
        })
        .catch((e) => fail(e));
    }, options.retryDelayMs ?? 500);
  };

  const start = async () => {
    if (running) return;
    await setup();
    position = await readCheckpoint(readStore, processor);
    // A waiter registered before the checkpoint was read may already be satisfied by it: with
    // nothing new to apply, no batch would come to resolve it.
    notifyWaiters();
    running = true;
    caughtUp = false;
    subscribe();
  };

  const stop = async () => {
    running = false;
    if (retryTimer) clearTimeout(retryTimer);
    subscription?.unsubscribe();
    subscription = undefined;
    await chain.catch(() => undefined);
  };

  const waitFor = (target: GlobalPosition, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      if (position !== undefined && position >= target) return resolve();
      const waiter = { target, resolve: () => (clearTimeout(timer), resolve()) };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`${processor} did not reach position ${target} within ${timeoutMs} ms (at ${position})`));
      }, timeoutMs);
      waiters.add(waiter);
    });

  const waitUntilCaughtUp = async (timeoutMs = 10_000) => {
    const head = await eventStore.headPosition();
    if (head === 0n) return;
    await waitFor(head, timeoutMs);
  };

  return {
    processor,
    projection,
    start,
    stop,
    waitFor,
    waitUntilCaughtUp,
    status: () => ({
      processor,
      running,
      caughtUp,
      position: position?.toString(),
      eventsApplied,
      lastLagMs,
      lastError,
    }),
  };
};
